//===- Packages.cpp - Installed packages and their versions ---------------===//
///
/// \file
/// What `importlib` and `packaging` tell the analyzed code about the Python
/// environment it runs in. transformers decides optional code paths with
/// `is_*_available()` helpers that ask `importlib.util.find_spec(name)`,
/// `importlib.metadata.version(dist)` and compare `packaging.version`
/// objects. The environment is part of the inference profile: its
/// `[packages]` section lists the installed packages with their versions
/// (`torch = '2.10.0'`); a package it does not list is not installed.
/// Every answer is recorded as an assumption of the report, so a user whose
/// environment differs sees it and states their own (`-D
/// packages.mamba_ssm='2.2.4'`).
///
//===----------------------------------------------------------------------===//

#include "Packages.h"
#include "EvaluatorImpl.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

static constexpr const char *VersionClass = "packaging.version.Version";

/// The top-level package of an import name (`habana_frameworks.torch` ->
/// `habana_frameworks`), normalized as PEP 503 compares distribution names
/// (`_` and `-` are equivalent, case-insensitive).
static std::string normalizedPackage(StringRef Name) {
  std::string Out = Name.split('.').first.lower();
  std::replace(Out.begin(), Out.end(), '-', '_');
  return Out;
}

const ProfileEntry *Evaluator::installedPackage(StringRef Name,
                                                std::string &Key) {
  std::string Wanted = normalizedPackage(Name);
  auto Sec = Profile.entries().find("packages");
  if (Sec != Profile.entries().end())
    for (const auto &[K, E] : Sec->second)
      if (normalizedPackage(K) == Wanted) {
        Key = K;
        std::string Note =
            E.Val.is(ValueKind::Str)
                ? "package `" + K + "` is installed at version " + E.Val.Name +
                      " (profile packages." + K + ", " + E.Origin + ")"
                : "package `" + K + "` is not installed (profile packages." +
                      K + " = " + E.Val.str() + ", " + E.Origin + ")";
        if (!is_contained(Result.Assumptions, Note))
          Result.Assumptions.push_back(Note);
        return E.Val.is(ValueKind::Str) ? &E : nullptr;
      }
  Key = Wanted;
  std::string Note = "package `" + Wanted +
                     "` is not installed (the profile's [packages] does not "
                     "list it; -D packages." +
                     Wanted + "='VERSION' states it is)";
  if (!is_contained(Result.Assumptions, Note))
    Result.Assumptions.push_back(Note);
  return nullptr;
}

std::optional<Value> Evaluator::builtinFindSpec(StringRef Name,
                                                const CallArgs &Args,
                                                const Expr &Call, Frame &F) {
  if (Args.Positional.empty() || !Args.Positional[0].is(ValueKind::Str) ||
      !Args.Positional[0].StrExact)
    return std::nullopt;
  StringRef Pkg = Args.Positional[0].Name;
  std::string Key;
  const ProfileEntry *E = installedPackage(Pkg, Key);
  if (!E)
    return Value::none("package `" + Key + "` is not installed (profile)");
  Value Spec;
  Spec.Kind = ValueKind::Object;
  Spec.Obj = Objects->make();
  Spec.Obj->ClassName = "importlib.machinery.ModuleSpec";
  Spec.Obj->MRO = {Spec.Obj->ClassName};
  Spec.Obj->setAttr("name", Value::string(Pkg));
  Spec.Why = "package `" + Key + "` is installed (profile packages." + Key +
             ", " + E->Origin + ")";
  return Spec;
}

std::optional<Value> Evaluator::builtinDistributionVersion(StringRef Name,
                                                           const CallArgs &Args,
                                                           const Expr &Call,
                                                           Frame &F) {
  if (Args.Positional.empty() || !Args.Positional[0].is(ValueKind::Str) ||
      !Args.Positional[0].StrExact)
    return std::nullopt;
  std::string Key;
  const ProfileEntry *E = installedPackage(Args.Positional[0].Name, Key);
  if (!E)
    return std::nullopt; // PackageNotFoundError: not modelled.
  return Value::string(E->Val.Name, "profile packages." + Key + " = '" +
                                        E->Val.Name + "' (" + E->Origin + ")");
}

std::optional<Value>
Evaluator::builtinPackagesDistributions(StringRef Name, const CallArgs &Args,
                                        const Expr &Call, Frame &F) {
  // Each installed package is its own distribution.
  Value D;
  D.Kind = ValueKind::Dict;
  D.Why = "the profile's [packages]";
  auto Sec = Profile.entries().find("packages");
  if (Sec != Profile.entries().end())
    for (const auto &[K, E] : Sec->second)
      if (E.Val.is(ValueKind::Str)) {
        D.Keys.push_back(K);
        D.Elems.push_back(Value::tuple({Value::string(K)}));
      }
  return D;
}

/// A version string parsed as PEP 440 orders versions: the release numbers
/// (trailing zeros dropped), then the phase (dev-only < a < b < rc <
/// final), its number, the post number and the dev number. Nullopt when
/// \p Text is not a version.
static std::optional<std::vector<int64_t>>
versionKey(StringRef Text, std::vector<int64_t> &Release, bool &Dev) {
  std::string Low = Text.trim().lower();
  StringRef S = Low;
  S.consume_front("v");
  S = S.split('+').first; // Local versions order after, not modelled.
  Release.clear();
  while (!S.empty() && isDigit(S.front())) {
    size_t N = S.find_first_not_of("0123456789");
    int64_t V;
    if (S.substr(0, N).getAsInteger(10, V))
      return std::nullopt;
    Release.push_back(V);
    S = N == StringRef::npos ? StringRef() : S.substr(N);
    if (!S.consume_front(".") || S.empty() || !isDigit(S.front()))
      break;
  }
  if (Release.empty())
    return std::nullopt;
  auto Number = [&](StringRef &T) -> int64_t {
    size_t N = T.find_first_not_of("0123456789");
    int64_t V = 0;
    if (N != 0 && !T.substr(0, N).getAsInteger(10, V))
      T = N == StringRef::npos ? StringRef() : T.substr(N);
    return V;
  };
  int64_t Phase = 4, PhaseN = 0, Post = -1, DevN = INT64_MAX;
  S.consume_front("-");
  S.consume_front("_");
  for (auto [Tag, P] : {std::pair<StringRef, int64_t>{"rc", 3},
                        {"alpha", 1},
                        {"beta", 2},
                        {"a", 1},
                        {"b", 2},
                        {"c", 3}})
    if (S.consume_front(Tag)) {
      Phase = P;
      PhaseN = Number(S);
      break;
    }
  S.consume_front(".");
  if (S.consume_front("post")) {
    Post = Number(S);
    S.consume_front(".");
  }
  Dev = S.consume_front("dev");
  if (Dev) {
    DevN = Number(S);
    if (Phase == 4 && Post < 0)
      Phase = 0; // 2.7.0.dev1 < 2.7.0a1
  }
  if (!S.empty())
    return std::nullopt;
  std::vector<int64_t> Key = Release;
  while (Key.size() > 1 && Key.back() == 0)
    Key.pop_back();
  Key.resize(8, 0); // Fixed length: release numbers, then the rest.
  append_range(Key, std::vector<int64_t>{Phase, PhaseN, Post, DevN});
  return Key;
}

std::optional<Value> Evaluator::builtinVersionParse(StringRef Name,
                                                    const CallArgs &Args,
                                                    const Expr &Call,
                                                    Frame &F) {
  if (Args.Positional.size() != 1 || !Args.Positional[0].is(ValueKind::Str) ||
      !Args.Positional[0].StrExact)
    return std::nullopt;
  const Value &Text = Args.Positional[0];
  std::vector<int64_t> Release;
  bool Dev = false;
  std::optional<std::vector<int64_t>> Key = versionKey(Text.Name, Release, Dev);
  if (!Key)
    return std::nullopt; // InvalidVersion: not modelled.
  Value V;
  V.Kind = ValueKind::Object;
  V.Why = Text.Why;
  V.Obj = Objects->make();
  V.Obj->ClassName = VersionClass;
  V.Obj->MRO = {VersionClass};
  std::vector<Value> Rel, K;
  std::string Base;
  for (int64_t R : Release) {
    Rel.push_back(Value::integer(R));
    Base += (Base.empty() ? "" : ".") + std::to_string(R);
  }
  for (int64_t X : *Key)
    K.push_back(Value::integer(X));
  auto Part = [&](size_t I) {
    return Value::integer(I < Release.size() ? Release[I] : 0);
  };
  V.Obj->setAttr("major", Part(0));
  V.Obj->setAttr("minor", Part(1));
  V.Obj->setAttr("micro", Part(2));
  V.Obj->setAttr("release", Value::tuple(std::move(Rel)));
  V.Obj->setAttr("base_version", Value::string(Base));
  V.Obj->setAttr("public", Value::string(Text.Name));
  V.Obj->setAttr("is_devrelease", Value::boolean(Dev));
  V.Obj->setAttr("_key", Value::tuple(std::move(K)));
  return V;
}

std::optional<bool> compareVersions(const Value &L, StringRef Op,
                                    const Value &R) {
  auto KeyOf = [](const Value &V) -> const Value * {
    if (!V.is(ValueKind::Object) || !V.Obj || V.Obj->ClassName != VersionClass)
      return nullptr;
    auto It = V.Obj->Attrs.find("_key");
    return It == V.Obj->Attrs.end() ? nullptr : &It->second;
  };
  const Value *A = KeyOf(L), *B = KeyOf(R);
  if (!A || !B || A->Elems.size() != B->Elems.size())
    return std::nullopt;
  int Cmp = 0;
  for (size_t I = 0; I < A->Elems.size() && !Cmp; ++I)
    if (A->Elems[I].I != B->Elems[I].I)
      Cmp = A->Elems[I].I < B->Elems[I].I ? -1 : 1;
  if (Op == "<")
    return Cmp < 0;
  if (Op == "<=")
    return Cmp <= 0;
  if (Op == ">")
    return Cmp > 0;
  if (Op == ">=")
    return Cmp >= 0;
  if (Op == "==")
    return Cmp == 0;
  if (Op == "!=")
    return Cmp != 0;
  return std::nullopt;
}

} // namespace modcost
