//===- Factory.cpp - Model builder functions as units
//----------------------===//
///
/// \file
/// See Factory.h. The builder is recognized by what it does, not by its
/// name: any function callable without arguments whose run returns an
/// `nn.Module` instance.
///
//===----------------------------------------------------------------------===//

#include "modcost/Analysis/Factory.h"
#include "modcost/Analysis/Locate.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

bool isBuilderCandidate(const FunctionDef &Fn,
                        const InferenceProfile &Profile) {
  for (const Param &P : Fn.Params) {
    switch (P.Kind) {
    case ParamKind::PositionalOnlyMarker:
    case ParamKind::KeywordOnlyMarker:
    case ParamKind::VarArgs:
    case ParamKind::VarKeywords:
      continue;
    default:
      if (!P.Default && !Profile.get("set", P.Name))
        return false;
    }
  }
  return true;
}

/// `file:line` of a construction site recorded by the interpreter
/// ("`Call(...)` at `file:line").
static std::string siteOf(StringRef ConstructSite) {
  size_t At = ConstructSite.rfind("` at `");
  return At == StringRef::npos ? std::string()
                               : ConstructSite.substr(At + 6).str();
}

/// The call a builder's defaults amount to: `name(p=default, ...)`.
static std::string defaultsOf(const FunctionDef &Fn,
                              const InferenceProfile &Profile) {
  std::vector<std::string> Args;
  for (const Param &P : Fn.Params) {
    if (P.Kind == ParamKind::VarArgs || P.Kind == ParamKind::VarKeywords ||
        P.Kind == ParamKind::PositionalOnlyMarker ||
        P.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (const ProfileEntry *S = Profile.get("set", P.Name))
      Args.push_back(P.Name + "=" + S->Val.str() + " (--set)");
    else if (P.Default)
      Args.push_back(P.Name + "=" + P.Default->Text.str());
  }
  auto Sets = Profile.entries().find("set");
  if (Sets != Profile.entries().end())
    for (const auto &[Name, Entry] : Sets->second)
      if (!Fn.findParam(Name))
        Args.push_back(Name + "=" + Entry.Val.str() + " (--set, **kwargs)");
  return Fn.Name + "(" + join(Args, ", ") + ")";
}

Expected<std::optional<BuiltModel>> buildModel(AnalysisUnit &U, Evaluator &Eval,
                                               const LocationInfo &L) {
  const InferenceProfile &Profile = *U.getContext().Profile;
  Value Built = Eval.runBuilder(*L.Module, *L.Forward);
  if (!Built.is(ValueKind::Object) || !Built.Obj->Class || !Built.Obj->Mod ||
      !is_contained(Built.Obj->MRO, "torch.nn.modules.module.Module"))
    return std::nullopt;
  const ObjectState &O = *Built.Obj;
  Symbol S;
  S.Kind = SymbolKind::Class;
  S.Mod = O.Mod;
  S.Class = O.Class;
  S.QualifiedName = O.ClassName;
  std::string BuilderAt = L.File + ":" + std::to_string(L.ForwardLineStart);
  std::string ClassAt = (O.Mod->File ? O.Mod->File->getRelativePath() : "") +
                        ":" + std::to_string(O.Class->Range.Line);
  std::string Site = siteOf(O.ConstructSite);
  std::vector<std::string> Trace = L.Trace;
  Trace.push_back(formatv(
      "`{0}` ({1}) is a model builder: run as `{2}`, it returns a `{3}` "
      "(class at {4}){5}; the unit is that model's forward()",
      L.QualifiedName, BuilderAt, defaultsOf(*L.Forward, Profile), O.ClassName,
      ClassAt, Site.empty() ? "" : ", constructed at " + Site));
  Expected<LocationInfo> Loc = locateDefinition(U, S, std::move(Trace));
  if (!Loc)
    return Loc.takeError();
  Loc->Builder = L.QualifiedName;
  Loc->BuilderAt = BuilderAt;
  Loc->ConstructedAt = Site;
  return BuiltModel{Built.Obj, std::move(*Loc)};
}

} // namespace modcost
