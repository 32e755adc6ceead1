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

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>

using namespace llvm;

namespace modcost {

static bool isComputational(const Expr *E) {
  if (!E)
    return false;
  switch (E->Kind) {
  case ExprKind::Call:
  case ExprKind::BinaryOp:
    return true;
  case ExprKind::Lambda:
    return false; // Its body runs only where it is called.
  default:
    break;
  }
  for (const auto &Op : E->Ops)
    if (isComputational(Op.get()))
      return true;
  return false;
}

static bool blockIsComputational(const Block &B) {
  for (const auto &S : B) {
    switch (S->Kind) {
    case StmtKind::FunctionDef:
    case StmtKind::ClassDef:
    case StmtKind::Raise:
    case StmtKind::Assert:
    case StmtKind::Import:
      continue;
    case StmtKind::AugAssign:
      return true;
    default:
      break;
    }
    for (const auto &E : S->Exprs)
      if (isComputational(E.get()))
        return true;
    for (const Block &Sub : S->Bodies)
      if (blockIsComputational(Sub))
        return true;
  }
  return false;
}

bool hasComputationalLines(const FunctionDef &Fn) {
  return blockIsComputational(Fn.Body);
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
  /// Report stem -> the cause if it is a silent zero, empty if not (an
  /// entry in progress is not a silent zero: no cycle counts).
  std::map<std::string, std::optional<std::string>> Verdict;

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

  /// The cause if the callee report \p Stem is a silent zero.
  std::optional<std::string> silentCause(const std::string &Stem) {
    auto It = Verdict.find(Stem);
    if (It != Verdict.end())
      return It->second;
    Verdict[Stem] = std::nullopt;
    auto C = ByName.find(Stem);
    if (C == ByName.end() || !C->second->Location ||
        !C->second->Location->Forward ||
        !hasComputationalLines(*C->second->Location->Forward))
      return std::nullopt;
    std::optional<std::string> Cause = warningInside(*C->second);
    if (!Cause)
      for (const KernelInfo &K : C->second->Kernels)
        for (const ReferenceInfo &R : K.References)
          if (!Cause && isZeroReference(R) && !R.Report.empty())
            Cause = silentCause(R.Report);
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
        if (std::optional<std::string> Cause = silentCause(Ref.Report))
          Out.push_back({In, K.Line, K.Code, Ref.Callee, *Cause});
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
