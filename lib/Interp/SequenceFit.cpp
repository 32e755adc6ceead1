//===- SequenceFit.cpp - Sequences fit the model's position table --------===//
///
/// \file
/// A model with absolute positions is built for at most a configured number
/// of them (`max_position_embeddings`, `max_target_positions`, ...), and
/// its code checks the sequence against that table: the sinusoidal
/// embeddings of M2M100, XGLM, Kosmos-2 or SpeechT5 rebuild theirs when
/// `max_pos > self.weights.size(0)`. The sequence length is the user's
/// choice, not the config's, so no size hint decides such a comparison.
/// The one convention stated here does: the tokens of a run fit the
/// model's positions, `cache_len + seq_len <= P` for the position count P.
/// The comparison is decided only when it is linear in `seq_len`,
/// `cache_len` and one position count and the convention settles its sign
/// exactly for every size that satisfies it; the report lists the
/// convention among its assumptions.
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"

#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

bool ConfigReader::isPositionCount(StringRef Name) {
  return Name.starts_with("max_") && Name.contains("position");
}

void ConfigReader::notePositionCount(StringRef Name, const Value &V) {
  if (!V.is(ValueKind::Int) || V.I < 1 || !isPositionCount(Name))
    return;
  for (const PositionCount &P : Eval.PositionCounts)
    if (P.Name == Name && P.Count == V.I)
      return;
  Eval.PositionCounts.push_back({Name.str(), V.I});
}

/// \p E with sequence length \p SeqName and `cache_len` at \p Seq and
/// \p Cache, or nullopt when that does not give a number.
static std::optional<sym::Rational> valueAt(sym::ExprContext &Sym,
                                            const sym::Expr *E,
                                            StringRef SeqName, int64_t Seq,
                                            int64_t Cache) {
  sym::SubstitutionMap Map;
  Map[SeqName.str()] = Sym.constant(Seq);
  Map["cache_len"] = Sym.constant(Cache);
  Expected<const sym::Expr *> V = Sym.substitute(E, Map);
  if (!V) {
    consumeError(V.takeError());
    return std::nullopt;
  }
  if (!(*V)->isConstant())
    return std::nullopt;
  return (*V)->getConstantValue();
}

std::optional<bool> ConfigReader::decideBySequenceFit(const Value &L,
                                                      StringRef Op,
                                                      const Value &R,
                                                      std::string &Why) {
  if (Eval.PositionCounts.empty())
    return std::nullopt;
  const sym::Expr *A = Eval.dimExpr(L), *B = Eval.dimExpr(R);
  if (!A || !B)
    return std::nullopt;
  const sym::Expr *D = Sym.sub(A, B);
  if (!D || D->isConstant())
    return std::nullopt;
  // The run's tokens: the input sequence, or an encoder-decoder's decoder
  // or encoder sequence (M2M100's decoder positions: `decoder_seq_len`).
  StringRef SeqName;
  for (StringRef Name : sym::freeSymbols(D))
    if (is_contained({"seq_len", "decoder_seq_len", "encoder_seq_len"}, Name))
      SeqName = Name;
  if (SeqName.empty())
    return std::nullopt;
  // D = s * SEQ + c * cache_len + k, nothing else.
  std::optional<sym::Rational> K = valueAt(Sym, D, SeqName, 0, 0),
                               S1 = valueAt(Sym, D, SeqName, 1, 0),
                               C1 = valueAt(Sym, D, SeqName, 0, 1);
  if (!K || !S1 || !C1)
    return std::nullopt;
  sym::Rational S = *S1 - *K, C = *C1 - *K, Zero(0);
  const sym::Expr *Linear = Sym.add(
      {Sym.mul(Sym.constant(S), Sym.symbol(SeqName)),
       Sym.mul(Sym.constant(C), Sym.symbol("cache_len")), Sym.constant(*K)});
  if (Linear != D || S == Zero)
    return std::nullopt;
  // Mirrored so that s > 0: Sign * D = s * seq_len + c * cache_len + k.
  bool Mirror = S < Zero;
  sym::Rational Kk = *K;
  if (Mirror) {
    S = -S;
    C = -C;
    Kk = -Kk;
  }
  // With 0 <= c <= s and cache_len + seq_len <= N: Sign * D <= s * N + k.
  if (C < Zero || C > S)
    return std::nullopt;
  StringRef O = Op;
  if (Mirror)
    O = mirroredComparison(Op);
  for (const PositionCount &P : Eval.PositionCounts) {
    sym::Rational Bound = S * sym::Rational(P.Count) + Kk;
    if (Bound > Zero)
      continue;
    bool Strict = Bound < Zero;
    std::optional<bool> Decided;
    if (O == "<=")
      Decided = true;
    else if (O == ">")
      Decided = false;
    else if (Strict && (O == "<" || O == "!="))
      Decided = true;
    else if (Strict && (O == ">=" || O == "=="))
      Decided = false;
    if (!Decided)
      continue;
    std::string Convention =
        "the tokens of a run fit the model's positions, `cache_len + " +
        SeqName.str() + " <= " + P.Name + "` (" + std::to_string(P.Count) +
        ") (convention: a longer sequence overflows or rebuilds the "
        "position table; the formulas hold for sequences that fit)";
    Why = "decided by the convention that " + Convention + ": `" + A->str() +
          " " + Op.str() + " " + B->str() + "` is then " +
          (*Decided ? "true" : "false");
    std::string Assumption = "assumed: " + Convention;
    if (!is_contained(Eval.Result.Assumptions, Assumption))
      Eval.Result.Assumptions.push_back(Assumption);
    return Decided;
  }
  return std::nullopt;
}

} // namespace modcost
