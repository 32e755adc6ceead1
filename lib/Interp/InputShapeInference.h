//===- InputShapeInference.h - Inputs with no convention --------*- C++ -*-===//
///
/// \file
/// The shape of a forward() input whose name has no `[input_shape]`
/// convention, found by following the code before the run: its first
/// consumer's convention (InputInference.cpp), the rank its uses reveal
/// (InputShapeInference.cpp), or the free-rank fallback and the last
/// dimension a vector weight pins (FreeRankPins.cpp). A helper of the
/// Evaluator, private to lib/Interp; it keeps no state of its own but the
/// module of the code it follows.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_INPUTSHAPEINFERENCE_H
#define MODCOST_LIB_INTERP_INPUTSHAPEINFERENCE_H

#include "EvaluatorImpl.h"

#include <optional>
#include <string>

namespace modcost {

/// Infers the shapes of forward() inputs with no convention for the
/// Evaluator \p Eval (its profile, symbols, diagnostics and report).
class InputShapeInference {
public:
  explicit InputShapeInference(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  /// The shape \p P of \p Fn (run on \p Self) takes from its first
  /// consumer's input convention (followed up to five calls deep), else
  /// from the rank its uses reveal (InputShapeInference.cpp).
  std::optional<Value> inferInputShape(const Param &P, const FunctionDef &Fn,
                                       const ObjectState *Self,
                                       unsigned Depth = 0);
  /// True when the first consumer of \p P in \p Fn (run on \p Self) has
  /// an input convention that shapes it (through calls that keep its
  /// shape), not only a rank its uses reveal (InputInference.cpp).
  bool shapedByConsumer(const Param &P, const FunctionDef &Fn,
                        const ObjectState &Self);
  /// For an input \p In shaped by \p Used, the convention for its name
  /// alone, whose first consumer or own uses require another rank (a conv
  /// block's `hidden_states` is 4-D): the shape they imply, stated as an
  /// assumption; else nullopt (InputInference.cpp).
  std::optional<Value> consumerOverride(const Param &P, const FunctionDef &Fn,
                                        const ObjectState *Self,
                                        const Value &In,
                                        const ProfileEntry *Used);

private:
  Evaluator &Eval;
  sym::ExprContext &Sym;

  /// What inferInputShape finds before the free-rank fallback, with no
  /// report; \p Conflict names two uses that disagree on the rank.
  std::optional<Value> impliedInputShape(const Param &P, const FunctionDef &Fn,
                                         const ObjectState *Self,
                                         unsigned Depth, std::string &Conflict);
  /// The shape of \p Input named by the shape unpacking \p R shows, for a
  /// rank the profile's `[rank_shape]` does not name.
  std::optional<Value> unpackedShape(llvm::StringRef Input, const RankUse &R);
  /// The shape of the input \p Input the first use of one of \p Names
  /// (the input and the names that carry its shape on) in \p B implies.
  /// \p Via collects the steps that carried it.
  /// Statements before \p From are skipped; a `for M in self.ATTR` loop
  /// over a container makes `M(...)` a call of its first module.
  std::optional<Value> shapeFromUses(llvm::StringRef Input, const Block &B,
                                     llvm::StringSet<> &Names,
                                     const ObjectState *Self, unsigned Depth,
                                     std::string &Via, size_t From = 0,
                                     const ObjectState *Loop = nullptr,
                                     llvm::StringRef LoopVar = "");
  /// The shape the callee of \p Call (a method of \p Self, or the module
  /// \p Module it calls) implies for its positional argument \p ArgIndex,
  /// or for its parameter \p Keyword when the call passes it by keyword.
  std::optional<Value> shapeFromConsumer(llvm::StringRef Input,
                                         const Expr &Call, size_t ArgIndex,
                                         const ObjectState *Self,
                                         unsigned Depth,
                                         const ObjectState *Module = nullptr,
                                         llvm::StringRef Keyword = "");
  // Input shapes from the rank their uses reveal (InputShapeInference.cpp).
  /// The rank the uses of \p Input in \p Body reveal (shape unpacking,
  /// a full permute, an indexing that spells out every dimension), or
  /// nullopt; \p Conflict names two uses that disagree.
  std::optional<RankUse> rankFromUses(llvm::StringRef Input, const Block &Body,
                                      const ObjectState *Self, unsigned Depth,
                                      std::string &Conflict);
  /// The shape of \p Input that an indexing spelling out its dimensions
  /// (`y = x[:, 0, :]`) and the first consumer of `y` imply together.
  std::optional<Value> shapeFromIndexing(llvm::StringRef Input,
                                         const Block &Body,
                                         const ObjectState *Self,
                                         unsigned Depth);
  /// A tensor of rank \p Rank with the profile's `[rank_shape]` dimension
  /// names, or nullopt when the profile names none for that rank.
  std::optional<Value> rankShape(llvm::StringRef Input, unsigned Rank);
  /// An input \p P whose rank no use in \p Body ties to anything (only
  /// element-wise, reduction and last-dimension ops reach it): a tensor of
  /// the profile's two `rank_shape.free` symbols, the product of its
  /// leading dimensions and its last one, whose rank stays unknown
  /// (InputShapeInference.cpp); else nullopt.
  std::optional<Value> freeRankShape(const Param &P, const Block &Body,
                                     const ObjectState *Self);
  /// The last dimension of input \p Input that a one-dimensional tensor
  /// attribute of \p Self fixes where the body combines the two
  /// element-wise (`output * (1.0 + self.weight)`, a norm's scale; also
  /// through a method of self that keeps its argument's shape), with the
  /// site in \p Why; null if none (FreeRankPins.cpp).
  const sym::Expr *lastDimFromVector(llvm::StringRef Input, const Block &Body,
                                     const ObjectState &Self, std::string &Why);
  /// True when \p E gives a tensor of the shape of \p Names (or of the
  /// call \p Leaf): element-wise ops, casts, norms, shape-keeping
  /// submodules of \p Self.
  bool keepsShapeOf(const Expr &E, const llvm::StringSet<> &Names,
                    const Expr *Leaf, const ObjectState *Self, unsigned Depth);
  /// True when \p Obj's forward() (or its method \p Method, not a static
  /// one) returns a tensor of its first argument's shape (methodKeepsShape).
  bool forwardKeepsShape(const ObjectState &Obj, unsigned Depth,
                         llvm::StringRef Method = "forward");
  /// True when method \p Fn of \p Obj returns a tensor of the shape of its
  /// first argument after self; an `if` on an attribute of \p Obj whose
  /// truth is known walks only the branch it takes (GoogLeNet's
  /// `_transform_input` with `transform_input=False`).
  bool methodKeepsShape(const ObjectState &Obj, const FunctionDef &Fn,
                        unsigned Depth);
  /// A convention's dimension \p Part on object \p O (its attribute of that
  /// name), or a free symbol for the input \p Input.
  const sym::Expr *conventionDim(llvm::StringRef Part, const ObjectState *O,
                                 llvm::StringRef Input);
  /// The module whose code a function called from \p Self's methods is
  /// read in: the module defining \p Fn on \p Self's MRO, else \p Mod
  /// (that of a module-level function being followed).
  const PyModule *codeModule(const FunctionDef &Fn, const ObjectState *Self);
  /// The shape the module-level function called in \p S (defined in the
  /// module \p Mod whose code is read) requires of its parameter that
  /// receives one of \p Names positionally, by its own uses
  /// (InputInference.cpp); nullopt when none does.
  std::optional<Value> shapeFromFreeCall(llvm::StringRef Input, const Stmt &S,
                                         const llvm::StringSet<> &Names,
                                         const ObjectState *Self,
                                         unsigned Depth);
  /// The module a followed module-level function is defined in.
  const PyModule *Mod = nullptr;
};

/// The index of the body of the `if` statement \p S that cannot run
/// because it tests one of \p Names, which hold a tensor, against None
/// (`if mask is None:` skips body 0, `if mask is not None:` body 1); -1
/// when none (InputShapeInference.cpp).
int deadNoneBranch(const Stmt &S, const llvm::StringSet<> &Names);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_INPUTSHAPEINFERENCE_H
