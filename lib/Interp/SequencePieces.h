//===- SequencePieces.h - Sequences of symbolic length ----------*- C++ -*-===//
///
/// \file
/// A sequence of symbolic length as a run of pieces, each one value standing
/// for a count of alike elements (SequencePieces.cpp): list algebra on such
/// sequences (`[x] * n`, `+`, zip(), comprehensions), the facts a loop run
/// in pieces knows about its index, and `for` loops whose body compares
/// the index with the ends, run in pieces. A helper of the Evaluator,
/// private to lib/Interp; the facts stay in Evaluator::NonNegative.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_SEQUENCEPIECES_H
#define MODCOST_LIB_INTERP_SEQUENCEPIECES_H

#include "EvaluatorImpl.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// Sequences of symbolic length in pieces, for the Evaluator \p Eval.
class SequencePieces {
public:
  explicit SequencePieces(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  using Frame = Evaluator::Frame;
  using Flow = Evaluator::Flow;

  /// `seq + seq` with a sequence of symbolic length, `[x] * n` of a
  /// symbolic n; nullopt for anything else.
  std::optional<Value> piecewiseBinary(const Value &L, const Value &R,
                                       llvm::StringRef Op, llvm::StringRef Why);
  /// zip() of sequences one of which is of symbolic length, aligned piece
  /// by piece; nullopt if two pieces have counts of no known order.
  std::optional<Value> zipPieces(const CallArgs &Args, const Expr &Call);
  /// `[elt for x in seq]` over a sequence in segments: one element per piece.
  std::optional<Value> comprehensionPieces(const Expr &E, const Value &Iter,
                                           Frame &F);
  /// `A Op B` decided by a fact of NonNegative (`0 < num_layers - 1` when
  /// num_layers - 2 >= 0) or, while prefilling, by the convention that a
  /// sequence has at least two tokens (`seq_len > 1`); the fact's reason in
  /// \p Why, and in \p ByConvention (if given) whether the convention
  /// decided rather than a fact of the code.
  std::optional<bool> decideByFacts(const sym::Expr *A, llvm::StringRef Op,
                                    const sym::Expr *B, std::string &Why,
                                    bool *ByConvention = nullptr);
  /// A `for` loop \p S over \p Iter, identical iterations of symbolic
  /// count, whose body compares the index with a constant or with the trip
  /// count less a constant (`i == 0`, `i < n - 1`): run in pieces (the
  /// first and last iterations apart, the rest alike); nullopt otherwise.
  std::optional<Flow> forIndexPieces(const Stmt &S, const Value &Iter,
                                     Frame &F);
  /// The same loop over a layer stack its body indexes by the loop index,
  /// split by index modulo \p Stride: one run per residue, priced for its
  /// count of iterations (\p Pair: `for i, x in enumerate(...)`).
  Flow forResidues(const Stmt &S, const Value &Iter, int64_t Stride, bool Pair,
                   Frame &F);
  /// Pushes the facts piece \p I of \p Iter (its element \p Elem) runs
  /// under, for the loop at \p Line.
  void pushPieceFacts(const Value &Iter, size_t I, const Value &Elem,
                      unsigned Line);

private:
  Evaluator &Eval;
  sym::ExprContext &Sym;

  /// One value standing for \p Count alike elements of a sequence.
  struct SeqPiece {
    Value Elem;
    const sym::Expr *Count;
  };
  /// The pieces of tuple \p Seq (one per element of an exact one, one of
  /// RepeatCount for a repeated one, its segments); nullopt otherwise.
  std::optional<std::vector<SeqPiece>> pieces(const Value &Seq);
  /// The tuple of pieces \p Ps: exact if every count is one, else repeated
  /// (in segments if more than one piece).
  Value fromPieces(std::vector<SeqPiece> Ps, llvm::StringRef Why);
  /// Reports the assumption that \p NonNeg is at least zero, for \p What.
  void notePieceAssumption(const sym::Expr *NonNeg, const std::string &What);
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_SEQUENCEPIECES_H
