//===- OpRules.h - Cost rules for ops the catalog does not know -*- C++ -*-===//
///
/// \file
/// The extension point for custom operations: a fused kernel from a
/// project's own extension (`torch.ops.mylib.fused_rms_norm`), a library
/// call whose source is not on the machine (`flash_attn_func`). A rule
/// says which calls it prices (by fully qualified callable name, or by a
/// predicate over the call) and returns their cost and result shapes from
/// the operand shapes and element sizes. Rules come from plugins
/// (`-load-pass-plugin`, see Plugin/PassPlugin.h) and from declarative
/// JSON files (`--op-rules`, see Semantics/OpRulesFile.h); the analysis asks
/// the registry before the built-in catalog, so a rule may also replace a
/// catalog entry.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SEMANTICS_OPRULES_H
#define MODCOST_SEMANTICS_OPRULES_H

#include "modcost/Semantics/OpCatalog.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// One argument of a call as a rule sees it.
struct OpOperand {
  /// The keyword, or empty for a positional argument.
  std::string Keyword;
  /// A tensor (then Tensor describes it) or a scalar/other value.
  bool IsTensor = false;
  TensorDesc Tensor;
  /// For integers and symbolic extents: the value as an expression
  /// (null otherwise).
  const sym::Expr *Scalar = nullptr;
  /// The value as the analysis prints it (`True`, `1e-06`, `None`,
  /// `'causal'`, `[batch_size, seq_len]`, `unknown`).
  std::string Text;
};

/// A call the analysis met on the inference path.
struct OpCall {
  /// Fully qualified name of the callee (`torch.ops.mylib.fused_rms_norm`,
  /// `flash_attn.flash_attn_func`).
  std::string Callee;
  /// The arguments in call order: positionals first, then keywords.
  std::vector<OpOperand> Operands;
  /// File and line of the call (for diagnostics).
  std::string Location;

  /// The tensor operands, in order.
  std::vector<const TensorDesc *> tensors() const;
  /// The positional argument \p I, or null.
  const OpOperand *positional(size_t I) const;
  /// The keyword argument \p Name, or null.
  const OpOperand *keyword(llvm::StringRef Name) const;
  /// The last component of Callee (`fused_rms_norm`).
  llvm::StringRef shortName() const;
};

/// What a rule says about one call.
struct OpRuleResult {
  /// FLOPs, matrix FLOPs and bytes; Free for metadata-only calls.
  OpCost Cost;
  /// The results: one entry for a tensor, several for a tuple of tensors.
  std::vector<TensorDesc> Results;
};

/// A cost rule for calls the built-in catalog does not price.
class OpRule {
public:
  virtual ~OpRule();
  /// True if this rule prices \p Call.
  virtual bool matches(const OpCall &Call) const = 0;
  /// The cost and result shapes of \p Call. An error is reported as a
  /// diagnostic at the call and the call counts as an unknown op.
  virtual llvm::Expected<OpRuleResult> apply(const OpCall &Call,
                                             sym::ExprContext &Ctx) const = 0;
  /// One line for listings (`torch.ops.mylib.fused_rms_norm`).
  virtual std::string describe() const = 0;
};

/// The function form of OpRule::apply.
using OpRuleFn = std::function<llvm::Expected<OpRuleResult>(
    const OpCall &, sym::ExprContext &)>;
/// The function form of OpRule::matches.
using OpPredicate = std::function<bool(const OpCall &)>;

/// True if the dotted name \p Callee is \p Pattern, or ends with
/// `.Pattern` (so `flash_attn_func` matches
/// `flash_attn.flash_attn_interface.flash_attn_func`).
bool calleeMatches(llvm::StringRef Callee, llvm::StringRef Pattern);

/// Every custom rule of a run, with who provided it.
class OpRuleRegistry {
public:
  /// A registered rule and its provider (`plugin fused-ops 1.0`,
  /// `--op-rules rules.json`).
  struct Entry {
    std::unique_ptr<OpRule> Rule;
    std::string Provider;
  };

  /// Adds \p Rule. Later rules are asked first, so a later plugin or file
  /// can override an earlier one.
  void add(std::unique_ptr<OpRule> Rule, llvm::StringRef Provider);
  /// Adds a rule for calls named \p Name (see calleeMatches).
  void addByName(llvm::StringRef Name, OpRuleFn Fn, llvm::StringRef Provider);
  /// Adds a rule for calls accepted by \p Pred; \p Description names it.
  void addByPredicate(llvm::StringRef Description, OpPredicate Pred,
                      OpRuleFn Fn, llvm::StringRef Provider);

  /// The rule that prices \p Call, or null.
  const Entry *find(const OpCall &Call) const;
  /// Whether any rule is registered (lets the analysis skip building
  /// OpCall values when none is).
  bool empty() const { return Entries.empty(); }
  /// Every rule, in registration order.
  llvm::ArrayRef<Entry> entries() const { return Entries; }

private:
  std::vector<Entry> Entries;
};

} // namespace modcost

#endif // MODCOST_SEMANTICS_OPRULES_H
