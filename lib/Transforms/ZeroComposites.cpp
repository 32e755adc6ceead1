//===- ZeroComposites.cpp - Composites priced at a silent zero ------------===//
///
/// \file
/// Finds composite lines priced at 0 FLOPs and 0 bytes whose callee has
/// computational lines and lost information while it ran (issue 13's "no
/// silent zero"). The callee reports of `expand` are a tree of report
/// stems; a callee is a silent zero if a warning falls inside its lines or
/// one of its own zero composites is a silent zero.
///
//===----------------------------------------------------------------------===//

#include "modcost/Transforms/ZeroComposites.h"

#include "modcost/IR/PyIR.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

#include <map>
#include <optional>

using namespace llvm;

namespace modcost {

/// Calls that compute nothing on tensors: Python builtins and the
/// metadata and container methods (`x.size(0)`, `layers.append(m)`).
static bool isBookkeepingCall(const Expr &Call) {
  static const StringSet<> Names = {"len",
                                    "isinstance",
                                    "issubclass",
                                    "int",
                                    "float",
                                    "bool",
                                    "str",
                                    "list",
                                    "tuple",
                                    "dict",
                                    "set",
                                    "range",
                                    "print",
                                    "hasattr",
                                    "getattr",
                                    "setattr",
                                    "type",
                                    "id",
                                    "max",
                                    "min",
                                    "abs",
                                    "sum",
                                    "any",
                                    "all",
                                    "zip",
                                    "enumerate",
                                    "sorted",
                                    "reversed",
                                    "callable",
                                    "super",
                                    "next",
                                    "iter",
                                    "map",
                                    "filter",
                                    "round",
                                    "repr",
                                    "format",
                                    "divmod",
                                    "hash",
                                    "size",
                                    "dim",
                                    "numel",
                                    "ndimension",
                                    "stride",
                                    "item",
                                    "tolist",
                                    "append",
                                    "extend",
                                    "insert",
                                    "pop",
                                    "items",
                                    "keys",
                                    "values",
                                    "get",
                                    "update",
                                    "join",
                                    "split",
                                    "startswith",
                                    "endswith",
                                    "warn",
                                    "is_floating_point",
                                    "is_complex",
                                    "element_size",
                                    "data_ptr"};
  const Expr *Callee = Call.Ops.empty() ? nullptr : Call.Ops[0].get();
  return Callee &&
         (Callee->Kind == ExprKind::Name ||
          Callee->Kind == ExprKind::Attribute) &&
         Names.contains(Callee->Name);
}

/// True if \p E calls something that may compute (a submodule, a tensor
/// op, a helper) or multiplies matrices.
static bool isComputational(const Expr *E) {
  if (!E)
    return false;
  if (E->Kind == ExprKind::Lambda)
    return false; // Its body runs only where it is called.
  if (E->Kind == ExprKind::Call && !isBookkeepingCall(*E))
    return true;
  if (E->Kind == ExprKind::BinaryOp && E->Op == "@")
    return true;
  for (const auto &Op : E->Ops)
    if (isComputational(Op.get()))
      return true;
  return false;
}

/// Appends the lines of \p B's computational statements (a compound
/// statement by its header's expressions, its bodies recursively).
static void computationalLines(const Block &B, std::vector<unsigned> &Out) {
  for (const auto &S : B) {
    switch (S->Kind) {
    case StmtKind::FunctionDef:
    case StmtKind::ClassDef:
    case StmtKind::Raise:
    case StmtKind::Assert:
    case StmtKind::Import:
      continue;
    default:
      break;
    }
    if (llvm::any_of(S->Exprs,
                     [](const auto &E) { return isComputational(E.get()); }))
      Out.push_back(S->Range.Line);
    for (const Block &Sub : S->Bodies)
      computationalLines(Sub, Out);
  }
}

bool hasComputationalLines(const FunctionDef &Fn) {
  std::vector<unsigned> Lines;
  computationalLines(Fn.body(), Lines);
  return !Lines.empty();
}

/// True if \p L is in the ascending \p Lines.
static bool hasLine(ArrayRef<unsigned> Lines, unsigned L) {
  return std::binary_search(Lines.begin(), Lines.end(), L);
}

/// The first computational line of \p C's function that was not priced:
/// it did not run on the priced path (a branch not taken, code after an
/// assumed `return`, a loop body that never ran), and it did not run on
/// the path a guess left out either or would have priced an operation
/// there. 0 if there is none: a line that ran and computed nothing (a
/// view, `print`), ran unpriced and would have computed nothing, or sits
/// in a branch a decided condition left out, is accounted for.
static unsigned unpricedLine(const UnitReport &C) {
  std::vector<unsigned> Lines;
  computationalLines(C.Location->Forward->body(), Lines);
  for (unsigned L : Lines)
    if (!hasLine(C.LinesRun, L) && !hasLine(C.LinesRunUnpriced, L) &&
        !hasLine(C.LinesDecidedAway, L) &&
        llvm::none_of(C.Kernels, [&](const KernelInfo &K) {
          return K.Line <= L && L <= std::max(K.Line, K.EndLine);
        }))
      return L;
  return 0;
}

static bool isZero(StringRef Formula) { return Formula.trim() == "0"; }

static bool isZeroReference(const ReferenceInfo &R) {
  return isZero(R.Flops) && isZero(R.Read) && isZero(R.Write);
}

namespace {
/// Walks the report tree, memoizing each callee report's verdict.
class ZeroFinder {
public:
  ZeroFinder(const UnitReport &Root, ArrayRef<RecordedDiagnostic> Diags)
      : Root(Root), Diags(Diags) {
    for (const UnitReport &C : Root.CalleeReports)
      ByName[C.ReportName] = &C;
  }

  std::vector<ZeroComposite> run() {
    std::vector<ZeroComposite> Out;
    collect(Root, "", Out);
    for (const UnitReport &C : Root.CalleeReports)
      collect(C, C.ReportName, Out);
    return Out;
  }

private:
  const UnitReport &Root;
  ArrayRef<RecordedDiagnostic> Diags;
  std::map<std::string, const UnitReport *> ByName;
  /// A silent zero's cause and the callee's line that was not priced.
  struct Silent {
    std::string Cause;
    unsigned Line = 0;
  };
  /// Report stem -> why it is a silent zero, empty if it is not (an
  /// entry in progress is not a silent zero: no cycle counts).
  std::map<std::string, std::optional<Silent>> Verdict;

  /// The first warning or error inside \p C's function, as
  /// `file:line: message`.
  std::optional<std::string> warningInside(const UnitReport &C) const {
    const LocationInfo &L = *C.Location;
    if (L.ForwardFile.empty())
      return std::nullopt;
    for (const RecordedDiagnostic &D : Diags)
      if ((D.Level == DiagLevel::Warning || D.Level == DiagLevel::Error) &&
          (StringRef(D.File).ends_with(L.ForwardFile)) &&
          D.Line >= L.ForwardLineStart && D.Line <= L.ForwardLineEnd)
        return (D.File + ":" + Twine(D.Line) + ": " + D.Message).str();
    return std::nullopt;
  }

  /// Why the callee report \p Stem is a silent zero, if it is one.
  std::optional<Silent> silentCause(const std::string &Stem) {
    auto It = Verdict.find(Stem);
    if (It != Verdict.end())
      return It->second;
    Verdict[Stem] = std::nullopt;
    auto C = ByName.find(Stem);
    if (C == ByName.end() || !C->second->Location ||
        !C->second->Location->Forward)
      return std::nullopt;
    std::optional<Silent> Cause;
    if (unsigned Line = unpricedLine(*C->second))
      if (std::optional<std::string> W = warningInside(*C->second))
        Cause = Silent{*W, Line};
    if (!Cause)
      for (const KernelInfo &K : C->second->Kernels)
        for (const ReferenceInfo &R : K.References)
          if (!Cause && isZeroReference(R) && !R.Report.empty())
            if ((Cause = silentCause(R.Report)))
              Cause->Line = 0;
    Verdict[Stem] = Cause;
    return Cause;
  }

  void collect(const UnitReport &R, const std::string &In,
               std::vector<ZeroComposite> &Out) {
    for (const KernelInfo &K : R.Kernels) {
      if (K.KernelType != "composite")
        continue;
      for (const ReferenceInfo &Ref : K.References) {
        if (!isZeroReference(Ref) || Ref.Report.empty())
          continue;
        if (std::optional<Silent> S = silentCause(Ref.Report))
          Out.push_back({In, K.Line, K.Code, Ref.Callee, S->Cause, S->Line});
      }
    }
  }
};
} // namespace

std::vector<ZeroComposite>
findZeroComposites(const UnitReport &Root, ArrayRef<RecordedDiagnostic> Diags) {
  return ZeroFinder(Root, Diags).run();
}

} // namespace modcost
