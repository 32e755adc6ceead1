//===- Phases.cpp - Prefill and decode side by side, generation -----------===//
///
/// \file
/// Phase setups, phase totals and the closed form of generation (Phases.h).
///
//===----------------------------------------------------------------------===//

#include "modcost/Transforms/Phases.h"
#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/Parser.h"
#include "modcost/Symbolic/Summation.h"
#include "modcost/Target/Roofline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace llvm;

namespace modcost {

Expected<std::vector<PhaseSetup>>
makePhaseSetups(ArrayRef<std::string> Names, const InferenceProfile &Profile,
                const Bindings &Bound) {
  std::vector<PhaseSetup> Out;
  for (const std::string &N : Names) {
    if (N != "prefill" && N != "decode")
      return createStringError("unknown phase '" + N +
                               "' in --phases (expected prefill, decode)");
    if (llvm::any_of(Out, [&](const PhaseSetup &S) { return S.Name == N; }))
      return createStringError("phase '" + N + "' given twice in --phases");
    PhaseSetup S{N, Profile, Bound, ""};
    if (Error E = S.Profile.define("facts.phase=" + N))
      return E;
    auto Seq = Bound.Values.find("seq_len");
    std::string Prompt =
        Seq == Bound.Values.end() ? "seq_len" : "seq_len = " + Seq->second;
    if (N == "prefill") {
      S.Setting = "the prompt: " + Prompt + " tokens over an empty cache";
    } else {
      S.Bound.bind("seq_len", "1", "decode: one new token per step");
      if (!Bound.Values.count("cache_len") && Seq != Bound.Values.end())
        S.Bound.bind("cache_len", Seq->second,
                     "--seq-len: the prompt fills the cache");
      auto Cache = S.Bound.Values.find("cache_len");
      S.Setting = "one decode step: seq_len = 1 new token over cache_len" +
                  (Cache == S.Bound.Values.end() ? std::string()
                                                 : " = " + Cache->second) +
                  " cached tokens";
    }
    Out.push_back(std::move(S));
  }
  return Out;
}

namespace {
/// Formulas of one context: parsing, substitution and evaluation, with
/// `unknown` (null) passed through.
class Formulas {
public:
  explicit Formulas(const Bindings &B) : B(B) {}

  const sym::Expr *parse(StringRef Text) {
    return sym::parseFormula(Text, Ctx);
  }

  const sym::Expr *substitute(const sym::Expr *E,
                              const sym::SubstitutionMap &Map) {
    if (!E)
      return nullptr;
    Expected<const sym::Expr *> S = sym::substitute(E, Map);
    if (!S) {
      consumeError(S.takeError());
      return nullptr;
    }
    return *S;
  }

  /// The exact value of \p E under the bindings, or empty.
  std::string value(const sym::Expr *E) {
    if (!E)
      return "";
    sym::ValueMap Env;
    for (StringRef S : sym::freeSymbols(E)) {
      auto It = B.Values.find(S.str());
      if (It == B.Values.end())
        return "";
      auto R = sym::Rational::fromString(It->second);
      if (!R)
        return "";
      Env[S.str()] = *R;
    }
    Expected<sym::Rational> V = sym::evaluate(E, Env);
    if (!V) {
      consumeError(V.takeError());
      return "";
    }
    return V->toString();
  }

  QuantityInfo quantity(const sym::Expr *E) {
    return {E ? E->str() : "unknown", value(E)};
  }

  /// Every bound symbol as its constant, except \p Keep.
  sym::SubstitutionMap boundConstants(StringRef Keep) {
    sym::SubstitutionMap M;
    for (const auto &[N, V] : B.Values)
      if (N != Keep)
        if (auto R = sym::Rational::fromString(V))
          M[N] = Ctx.constant(*R);
    return M;
  }

  sym::ExprContext Ctx;
  const Bindings &B;
};

/// One decode step at index `step` over the prompt: seq_len = 1 new token,
/// cache_len = seq_len + step cached ones.
const sym::Expr *stepCost(Formulas &F, StringRef Text) {
  const sym::Expr *E =
      F.substitute(F.parse(Text), {{"seq_len", F.Ctx.getOne()}});
  return F.substitute(E, {{"cache_len", F.Ctx.add(F.Ctx.symbol("seq_len"),
                                                  F.Ctx.symbol("step"))}});
}

/// A polynomial in one variable with double coefficients, for timing each
/// step: (exponent, coefficient) pairs.
using Poly = std::vector<std::pair<int64_t, double>>;

std::optional<Poly> toPoly(const sym::Expr *E, StringRef Var) {
  if (!E)
    return std::nullopt;
  Poly P;
  for (const sym::Term &T : sym::terms(E)) {
    auto C = exactToDouble(T.Coefficient.toString());
    if (!C || T.Factors.size() > 1)
      return std::nullopt;
    int64_t K = 0;
    if (!T.Factors.empty()) {
      const sym::Factor &F = T.Factors.front();
      if (!F.Base->isSymbol() || F.Base->getName() != Var || F.Exponent < 0)
        return std::nullopt;
      K = F.Exponent;
    }
    P.push_back({K, *C});
  }
  return P;
}

double evalPoly(const Poly &P, double X) {
  double S = 0;
  for (auto [K, C] : P)
    S += C * std::pow(X, double(K));
  return S;
}

/// The sum over \p Steps decode steps of each kernel's roofline time.
std::optional<double> decodeSeconds(const UnitReport &Decode, uint64_t Steps,
                                    Formulas &F, const RooflineTarget &T) {
  sym::SubstitutionMap Bound = F.boundConstants("step");
  struct KernelPolys {
    Poly Flops, Bytes;
  };
  std::vector<KernelPolys> Kernels;
  for (const KernelInfo &K : Decode.Kernels) {
    const sym::Expr *Fl = stepCost(F, K.Flops), *R = stepCost(F, K.Read),
                    *W = stepCost(F, K.Write);
    if (!Fl || !R || !W)
      return std::nullopt;
    auto PF = toPoly(F.substitute(Fl, Bound), "step");
    auto PB = toPoly(F.substitute(F.Ctx.add(R, W), Bound), "step");
    if (!PF || !PB)
      return std::nullopt;
    Kernels.push_back({std::move(*PF), std::move(*PB)});
  }
  double Seconds = 0;
  for (uint64_t I = 0; I < Steps; ++I)
    for (const KernelPolys &K : Kernels)
      Seconds += computeRooflinePoint(evalPoly(K.Flops, double(I)),
                                      evalPoly(K.Bytes, double(I)), T)
                     .Seconds;
  return Seconds;
}
} // namespace

void fillPhaseTotals(PhaseColumn &C, const Bindings &Bound) {
  Formulas F(Bound);
  sym::SubstitutionMap Map;
  if (C.Name == "decode")
    Map["seq_len"] = F.Ctx.getOne();
  const UnitReport &R = *C.Report;
  auto Q = [&](StringRef Text) {
    return F.quantity(F.substitute(F.parse(Text), Map));
  };
  C.Totals = {Q(R.TotalFlops), Q(R.TotalMatmulFlops), Q(R.TotalRead),
              Q(R.TotalWrite)};
  C.Lines.clear();
  for (const KernelInfo &K : R.Kernels) {
    const sym::Expr *Rd = F.substitute(F.parse(K.Read), Map),
                    *W = F.substitute(F.parse(K.Write), Map);
    C.Lines.push_back(
        {{Q(K.Flops), Q(K.MatmulFlops), F.quantity(Rd), F.quantity(W)},
         F.quantity(Rd && W ? F.Ctx.add(Rd, W) : nullptr)});
  }
}

GenerationInfo priceGeneration(const UnitReport &Prefill,
                               const UnitReport &Decode, StringRef Steps,
                               const Bindings &Bound,
                               const RooflineTarget *Machine) {
  GenerationInfo G;
  G.Steps = Steps.str();
  G.StepsSymbol = "new_tokens";
  G.Derivation =
      "prefill(seq_len) + sum(step = 0 .. new_tokens - 1) of "
      "decode(seq_len = 1, cache_len = seq_len + step): the prompt, then "
      "one token per step over a cache that grows by one token per step";
  Bindings B = Bound;
  if (!Steps.empty())
    B.bind("new_tokens", Steps, "--generate");
  Formulas F(B);
  const sym::Expr *N = F.Ctx.symbol("new_tokens");
  auto Sum = [&](StringRef PrefillText, StringRef DecodeText,
                 QuantityInfo &Total, QuantityInfo &DecodeOnly) {
    const sym::Expr *P = F.parse(PrefillText), *D = stepCost(F, DecodeText);
    const sym::Expr *S = nullptr;
    if (D) {
      Expected<const sym::Expr *> E = sym::sumOverRange(D, "step", N);
      if (E)
        S = *E;
      else if (G.Problem.empty())
        G.Problem = toString(E.takeError());
      else
        consumeError(E.takeError());
    }
    DecodeOnly = F.quantity(S);
    Total = F.quantity(P && S ? F.Ctx.add(P, S) : nullptr);
  };
  Sum(Prefill.TotalFlops, Decode.TotalFlops, G.Totals.Flops,
      G.DecodeSteps.Flops);
  Sum(Prefill.TotalMatmulFlops, Decode.TotalMatmulFlops, G.Totals.MatmulFlops,
      G.DecodeSteps.MatmulFlops);
  Sum(Prefill.TotalRead, Decode.TotalRead, G.Totals.Read, G.DecodeSteps.Read);
  Sum(Prefill.TotalWrite, Decode.TotalWrite, G.Totals.Write,
      G.DecodeSteps.Write);

  uint64_t Count;
  if (Machine && Prefill.Roofline && Prefill.Roofline->KernelSeconds &&
      !Steps.getAsInteger(10, Count)) {
    G.PrefillSeconds = Prefill.Roofline->KernelSeconds;
    G.DecodeSeconds = decodeSeconds(Decode, Count, F, *Machine);
    if (G.DecodeSeconds)
      G.Seconds = *G.PrefillSeconds + *G.DecodeSeconds;
  }
  return G;
}

} // namespace modcost
