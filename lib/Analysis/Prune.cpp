//===- Prune.cpp - Decide the default inference path ----------------------===//

#include "modcost/Analysis/Prune.h"
#include "modcost/Analysis/Factory.h"
#include "modcost/Analysis/Locate.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

AnalysisKey PruneAnalysis::Key;

Expected<PruneResult> PruneAnalysis::run(AnalysisUnit &U, AnalysisManager &AM) {
  Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U);
  if (!L)
    return L.takeError();
  const InferenceProfile *Profile = U.getContext().Profile;
  if (!Profile) {
    U.getDiags().report(DiagLevel::Error,
                        "prune needs an inference profile, and none was "
                        "loaded");
    return makeDiagnosedError(FailureKind::Internal);
  }
  NameResolver Resolver(U.getLoader());
  Evaluator Eval(Resolver, *Profile, U.getDiags(),
                 std::make_shared<sym::ExprContext>());
  Eval.setOpRules(U.getContext().OpRules);
  Eval.setBudget(U.getContext().Budget);
  std::shared_ptr<ObjectState> Self;
  if (L->Class) {
    Value Obj = Eval.construct(*L->Module, *L->Class, CallArgs(),
                               /*Record=*/true);
    if (Obj.is(ValueKind::Object))
      Self = Obj.Obj;
  } else if (isBuilderCandidate(*L->Forward, *Profile)) {
    // A model builder stands for the model it returns.
    Expected<std::optional<BuiltModel>> B = buildModel(U, Eval, *L);
    if (!B)
      return B.takeError();
    if (*B) {
      Eval.runForward(*(*B)->Location.ForwardModule, *(*B)->Location.Forward,
                      (*B)->Self);
      PruneResult R = Eval.takeResult();
      R.Self = (*B)->Self;
      R.BuiltLocation = std::move((*B)->Location);
      return R;
    }
    // Not a builder after all: a plain function unit, run afresh.
    Evaluator Plain(Resolver, *Profile, U.getDiags(),
                    std::make_shared<sym::ExprContext>());
    Plain.setOpRules(U.getContext().OpRules);
    Plain.runForward(*L->ForwardModule, *L->Forward, nullptr);
    return Plain.takeResult();
  }
  Eval.runForward(*L->ForwardModule, *L->Forward, Self);
  PruneResult R = Eval.takeResult();
  R.Self = Self;
  return R;
}

Expected<PreservedAnalyses> PrunePass::run(AnalysisUnit &U,
                                           AnalysisManager &AM) {
  Expected<PruneResult &> R = AM.getResult<PruneAnalysis>(U);
  if (!R)
    return R.takeError();
  UnitReport &Rep = U.getReport();
  if (R->BuiltLocation)
    Rep.Location = *R->BuiltLocation;
  else if (Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U))
    Rep.Location = *L;
  else
    return L.takeError();
  Rep.Pruned = true;
  Rep.Decisions = R->Decisions;
  Rep.Decided = R->Decided;
  Rep.Undecided = R->Undecided;
  return PreservedAnalyses::all();
}

Expected<PreservedAnalyses> PrintPrunePass::run(AnalysisUnit &U,
                                                AnalysisManager &AM) {
  Expected<PruneResult &> R = AM.getResult<PruneAnalysis>(U);
  if (!R)
    return R.takeError();
  raw_ostream &OS = U.getContext().PrintOS;
  OS << "prune: " << U.getName() << "\n";
  OS << "  decided " << R->Decided << ", undecided " << R->Undecided << "\n";
  for (const DecisionInfo &D : R->Decisions) {
    OS << "  " << D.Context << " line " << D.Line << ": " << D.Kind << " `"
       << D.Condition << "` -> " << D.Value;
    if (!D.Taken.empty())
      OS << ", takes " << D.Taken;
    for (const auto &[B, E] : D.Skipped)
      OS << ", skips lines " << B << "-" << E;
    OS << "\n    because " << D.Reason << "\n";
  }
  return PreservedAnalyses::all();
}

} // namespace modcost
