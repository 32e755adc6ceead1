//===- CostPass.cpp - Per-line kernels of the inference path --------------===//

#include "modcost/Transforms/CostPass.h"
#include "modcost/Analysis/Locate.h"
#include "modcost/Analysis/Prune.h"
#include "modcost/Symbolic/StandardSymbols.h"
#include "modcost/Transforms/ModuleTree.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>

#include <set>

using namespace llvm;

namespace modcost {

/// The longest formula modcost prints; beyond it a formula is reported as
/// unknown with a diagnostic (hostile inputs can make formulas explode).
static constexpr size_t MaxFormulaLength = 20000;

static std::string text(const sym::Expr *E) {
  if (!E)
    return "unknown";
  std::string S = E->str();
  if (S.size() > MaxFormulaLength)
    return "unknown";
  return S;
}

static bool tooLarge(const sym::Expr *E) {
  return E && E->str().size() > MaxFormulaLength;
}

static void collectSymbols(const sym::Expr *E, std::set<std::string> &Out) {
  if (!E)
    return;
  for (StringRef S : sym::freeSymbols(E))
    Out.insert(S.str());
}

static StringRef standardMeaning(StringRef Name) {
#define MODCOST_STANDARD_SYMBOL(N, MEANING)                                    \
  if (Name == #N)                                                              \
    return MEANING;
#include "modcost/Symbolic/StandardSymbols.def"
  return "";
}

void fillCostReport(UnitReport &R, const PruneResult &P,
                    ArrayRef<KernelEntry> Kernels, bool WithDecisions) {
  sym::ExprContext &Sym = *P.Sym;
  OpCost Total = zeroCost(Sym);
  std::set<std::string> Used;
  for (const KernelEntry &E : Kernels) {
    R.LinesRun.push_back(E.Line);
    if (E.Ops.empty() && E.Refs.empty())
      continue;
    KernelInfo K;
    K.Line = E.Line;
    K.EndLine = E.EndLine;
    K.Code = E.Code;
    K.KernelType = E.Refs.empty() ? "basic" : "composite";
    OpCost Line = zeroCost(Sym);
    std::vector<std::string> Ops;
    for (const CompositeRef &C : E.Refs) {
      ReferenceInfo Ref;
      Ref.Callee = C.Callee;
      if (E.Times)
        Ref.Times = text(E.Times);
      Ref.Params = C.Params;
      Ref.Justification = C.Justification;
      Ref.Flops = text(C.Cost.Flops);
      Ref.MatmulFlops =
          text(C.Cost.MatmulUnknown ? nullptr : C.Cost.MatmulFlops);
      Ref.Read = text(C.Cost.Read);
      Ref.Write = text(C.Cost.Write);
      Ref.UnknownOps = C.UnknownOps;
      std::string Call = "${" + C.Callee + "}(";
      for (size_t I = 0; I < C.Params.size(); ++I)
        Call += (I ? ", " : "") + C.Params[I].first + "=" + C.Params[I].second;
      Call += ")";
      Ops.push_back(Call);
      K.Analysis.push_back("`" + Call + "`: FLOPs " + Ref.Flops + ", reads " +
                           Ref.Read + ", writes " + Ref.Write +
                           " (its forward() evaluated with these values)");
      for (const std::string &J : C.Justification)
        K.Analysis.push_back("  - " + J);
      for (const std::string &U : C.UnknownOps) {
        K.Analysis.push_back("  - inside: unknown op `" + U +
                             "` (not counted)");
        R.UnknownOps.push_back("line " + std::to_string(E.Line) + ": " + U +
                               " (inside `" + C.Callee + "`)");
      }
      Line = addCosts(Line, C.Cost, Sym);
      K.References.push_back(std::move(Ref));
    }
    for (const KernelOp &O : E.Ops) {
      Ops.push_back(O.Unknown ? "unknown op " + O.Name : O.Name);
      K.Analysis.push_back(O.Detail);
      if (O.Unknown) {
        K.UnknownOps.push_back(O.Name);
        R.UnknownOps.push_back("line " + std::to_string(E.Line) + ": " +
                               O.Name);
        Line.Flops = Line.Read = Line.Write = nullptr;
        Line.MatmulUnknown |= O.Cost.MatmulUnknown;
        continue;
      }
      Line = addCosts(Line, O.Cost, Sym);
    }
    if (E.Times) {
      Line = scaleCost(Line, E.Times, Sym);
      K.Analysis.push_back("x " + E.Times->str() + ": " + E.TimesWhy);
      collectSymbols(E.Times, Used);
    }
    K.Operation = join(Ops, " + ");
    K.Flops = text(Line.Flops);
    K.MatmulFlops = text(Line.MatmulUnknown ? nullptr : Line.MatmulFlops);
    K.Read = text(Line.Read);
    K.Write = text(Line.Write);
    for (const sym::Expr *X : {Line.Flops, Line.Read, Line.Write}) {
      if (tooLarge(X)) {
        R.UnknownOps.push_back(
            "line " + std::to_string(E.Line) + ": formula longer than " +
            std::to_string(MaxFormulaLength) + " characters");
        continue;
      }
      collectSymbols(X, Used);
    }
    Total = addCosts(Total, Line, Sym);
    R.Kernels.push_back(std::move(K));
  }
  llvm::sort(R.LinesRun);
  R.LinesRun.erase(std::unique(R.LinesRun.begin(), R.LinesRun.end()),
                   R.LinesRun.end());
  R.TotalFlops = text(Total.Flops);
  R.TotalMatmulFlops = text(Total.MatmulUnknown ? nullptr : Total.MatmulFlops);
  R.TotalRead = text(Total.Read);
  R.TotalWrite = text(Total.Write);
  std::vector<std::string> Names(Used.begin(), Used.end());
  llvm::sort(Names, [](const std::string &A, const std::string &B) {
    return sym::symbolNameLess(A, B);
  });
  for (const std::string &N : Names) {
    VariableInfo V;
    V.Name = N;
    V.Meaning = standardMeaning(N).str();
    auto It = P.SymbolOrigins.find(N);
    if (It != P.SymbolOrigins.end())
      V.Origin = It->second;
    else if (N == "a_bytes" || N == "w_bytes")
      V.Origin = "element size, bound by --a-bytes/--w-bytes when expanded";
    else
      V.Origin = "a dimension of a submodule's input or weights";
    if (V.Meaning.empty())
      V.Meaning = StringRef(V.Origin).starts_with("constructor parameter")
                      ? "constructor argument"
                      : "dimension";
    R.Variables.push_back(V);
  }
  if (WithDecisions) {
    llvm::append_range(R.Assumptions, P.Assumptions);
    R.ModelsUsed = P.ModelsUsed;
  }
  for (const DecisionInfo &D : P.Decisions)
    if (WithDecisions && D.Value == "undecided")
      R.Assumptions.push_back("line " + std::to_string(D.Line) + ": `" +
                              D.Condition + "` is undecided; " + D.Reason);
  for (const KernelInfo &K : R.Kernels)
    for (const std::string &A : K.Analysis)
      if (StringRef(A).starts_with("x ") &&
          A.find("trip_count") != std::string::npos)
        R.Assumptions.push_back("line " + std::to_string(K.Line) + ": " +
                                A.substr(2));
}

Expected<PreservedAnalyses> CostPass::run(AnalysisUnit &U,
                                          AnalysisManager &AM) {
  Expected<PruneResult &> P = AM.getResult<PruneAnalysis>(U);
  if (!P)
    return P.takeError();
  UnitReport &R = U.getReport();
  if (P->BuiltLocation)
    R.Location = *P->BuiltLocation; // The model a builder returned.
  else if (!R.Location)
    if (Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U))
      R.Location = *L;
  if (!R.Pruned) {
    R.Pruned = true;
    R.Decisions = P->Decisions;
    R.Decided = P->Decided;
    R.Undecided = P->Undecided;
  }
  R.Kernels.clear();
  R.Variables.clear();
  R.Assumptions.clear();
  R.UnknownOps.clear();
  fillCostReport(R, *P, P->Kernels, /*WithDecisions=*/true);
  buildModuleTree(R, *P, U.getContext().Profile, U.getContext().TreeDepth);
  R.Costed = true;
  for (const std::string &Unknown : R.UnknownOps) {
    // Say why: an op without a rule, or one whose operands' shapes (or a
    // custom rule) left it unpriced; the entry itself names the reason.
    StringRef Why = StringRef(Unknown).contains("(operand shapes unknown") ||
                            StringRef(Unknown).contains(" failed: ") ||
                            StringRef(Unknown).contains("formula longer") ||
                            StringRef(Unknown).contains("depends on the loop "
                                                        "index") ||
                            StringRef(Unknown).contains("is not priced)") ||
                            StringRef(Unknown).contains("it is priced)")
                        ? "not priced"
                        : "no cost rule";
    U.getDiags().report(DiagLevel::Warning,
                        "unknown op at " + Unknown + " in `" + U.getName() +
                            "`: " + Why +
                            "; its FLOPs and bytes are reported as unknown");
  }
  return PreservedAnalyses::all();
}

Expected<PreservedAnalyses> PrintCostPass::run(AnalysisUnit &U,
                                               AnalysisManager &AM) {
  UnitReport Tmp;
  Expected<PruneResult &> P = AM.getResult<PruneAnalysis>(U);
  if (!P)
    return P.takeError();
  fillCostReport(Tmp, *P, P->Kernels, /*WithDecisions=*/true);
  raw_ostream &OS = U.getContext().PrintOS;
  OS << "cost: " << U.getName() << "\n";
  for (const KernelInfo &K : Tmp.Kernels) {
    OS << "  line " << K.Line << ": " << K.KernelType << " " << K.Operation
       << "\n";
    OS << "    flops " << K.Flops << "\n";
    OS << "    read " << K.Read << "\n";
    OS << "    write " << K.Write << "\n";
  }
  OS << "  total flops " << Tmp.TotalFlops << "\n";
  OS << "  total matmul flops " << Tmp.TotalMatmulFlops << "\n";
  OS << "  total read " << Tmp.TotalRead << "\n";
  OS << "  total write " << Tmp.TotalWrite << "\n";
  return PreservedAnalyses::all();
}

} // namespace modcost
