//===- Builders.cpp - Running a model builder function
//---------------------===//
///
/// \file
/// A model builder is a module-level function that constructs and returns
/// a module (`torchvision.models.resnet50`, `torchaudio.models.
/// wav2vec2_base`). The unit a user means by its name is the module it
/// returns. runBuilder runs the builder's body as a caller would with no
/// arguments: every parameter takes its `--set` value or its default
/// (`weights=None`, `progress=True`), and the other `--set` names are
/// keyword arguments collected by its `**kwargs` (`resnet50(num_classes=10)`
/// is `--set num_classes=10`). Nothing is priced; the decisions of the
/// builder, of the helpers it calls (`_resnet`, `_ovewrite_named_param`)
/// and of the returned model's own `__init__` are recorded, so the report
/// says why the no-weights path was taken.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/ADT/ScopeExit.h"

using namespace llvm;

namespace modcost {

/// The frame context of a builder and of the helpers it calls.
static constexpr const char *BuilderContext = "builder";

bool Evaluator::inBuilder(const Frame &F) {
  return F.Record && F.Context == BuilderContext;
}

Value Evaluator::runBuilder(const PyModule &M, const FunctionDef &Fn) {
  Frame F;
  F.Mod = &M;
  F.Fn = &Fn;
  F.Record = true;
  F.Context = BuilderContext;
  CallChain.push_back({&Fn, nullptr});
  auto Pop = make_scope_exit([&] { CallChain.pop_back(); });
  // What the call passes: the --set values, by keyword.
  CallArgs Args;
  auto Sets = Profile.entries().find("set");
  if (Sets != Profile.entries().end())
    for (const auto &[Name, Entry] : Sets->second) {
      Value V = setValue(Name, Entry, F);
      V.Why = joinWhy(V.Why, "`--set " + Name + "` (" + Entry.Origin + ")");
      Args.Keywords.push_back({Name, V});
    }
  for (const auto &[Name, V] : Args.Keywords)
    if (V.is(ValueKind::Symbol) || V.is(ValueKind::Int))
      noteSymbol(Name, "argument `" + Name + "` of the builder `" + Fn.Name +
                           "` (--set)");
  bindParams(Fn, Args, F, /*SkipSelf=*/false);
  ++Suppress; // Building prices nothing.
  execBody(Fn, F);
  --Suppress;
  Suppress -= F.SuppressedTail;
  GuessSuppress -= F.SuppressedTail;
  return F.Returned ? *F.Returned : Value::none();
}

} // namespace modcost
