//===- Expand.h - Numeric totals from bound values --------------*- C++ -*-===//
///
/// \file
/// `expand` turns the report's formulas into numbers where every symbol is
/// bound: by `--config` (a HuggingFace config.json, through the standard
/// names of ConfigAliases.def), `--set NAME=VALUE`, `--batch-size`,
/// `--seq-len`, `--cache-len`, `--a-bytes`, `--w-bytes`. Each kernel entry
/// and each total gets its exact integer value, or stays symbolic with the
/// list of its free symbols — never a guess. It also builds the breakdown:
/// every composite reference with its totals and its share of the unit's,
/// the arithmetic intensity FLOPs / bytes of every kernel and of the totals,
/// and, given a machine (RunContext::Machine), the roofline (Roofline.h).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_EXPAND_H
#define MODCOST_TRANSFORMS_EXPAND_H

#include "modcost/Pass/PassManager.h"

#include <map>
#include <string>

namespace modcost {

namespace sym {
class ExprContext;
} // namespace sym

/// Symbol values for evaluation (exact decimal integers as text).
struct Bindings {
  std::map<std::string, std::string> Values;
  /// Where each came from (`--config llama.json`, `--set`).
  std::map<std::string, std::string> Origins;

  /// Reads a HuggingFace config.json and binds every standard symbol it
  /// defines (and head_dim = hidden_size / num_heads when absent).
  llvm::Error loadConfig(llvm::StringRef Path);
  /// Binds \p Name to the integer \p Value.
  void bind(llvm::StringRef Name, llvm::StringRef Value,
            llvm::StringRef Origin);
};

/// The exact value of \p Formula (canonical text) under \p B: an integer
/// or a fraction; empty if it is `unknown` or a symbol is unbound.
std::string evaluateFormula(llvm::StringRef Formula, const Bindings &B,
                            sym::ExprContext &Ctx);

/// Evaluates the report's formulas; requires cost to have run.
/// Reads the bindings from the run context (RunContext::Bound).
class ExpandPass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

} // namespace modcost

#endif // MODCOST_TRANSFORMS_EXPAND_H
