//===- InputShapeInference.cpp - Input shapes from the rank their uses show
//-===//
///
/// \file
/// What the uses of a forward() input with no naming convention reveal of
/// its shape, beyond its first consumer's convention (InputInference.cpp):
/// - its rank: a tuple unpacking of its shape (`b, n, c = x.shape`), a
///   permutation of all its dimensions (`x.permute(0, 2, 1)`), or an
///   indexing that spells out every dimension up to a trailing full slice
///   (`x[:, 0, :]`: the trailing `:` is only written to name the last one);
/// - the extents of the dimensions such an indexing keeps, from the first
///   consumer of its result (`x = features[:, 0, :]`, then `self.dense(x)`,
///   a `Linear(hidden_size, ...)`: the last dimension of `features` is
///   hidden_size).
/// The dimensions nothing pins take the profile's names for a tensor of
/// that rank (`[rank_shape]`). Uses that disagree on the rank leave the
/// input without a shape.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include <functional>

using namespace llvm;

namespace modcost {

static bool isFullSlice(const Expr &E) {
  return E.Kind == ExprKind::Slice &&
         llvm::all_of(E.Ops, [](const std::unique_ptr<Expr> &P) {
           return !P || P->Kind == ExprKind::Null;
         });
}

static bool isIntLiteral(const Expr &E) {
  return E.Kind == ExprKind::Int ||
         (E.Kind == ExprKind::UnaryOp && E.Op == "-" &&
          E.op(0)->Kind == ExprKind::Int);
}

/// The indices of a subscript: `x[a, b]` is [a, b] whether the IR keeps
/// them as operands or as one tuple.
static SmallVector<const Expr *, 4> indicesOf(const Expr &E) {
  SmallVector<const Expr *, 4> Out;
  if (E.numOps() == 2 && E.op(1)->Kind == ExprKind::Tuple) {
    for (const auto &I : E.op(1)->Ops)
      Out.push_back(I.get());
    return Out;
  }
  for (size_t I = 1; I < E.numOps(); ++I)
    Out.push_back(E.op(I));
  return Out;
}

/// The rank an indexing `x[i0, ..., ik]` spells out: every index a slice or
/// an integer, the last one a full slice; else 0.
static unsigned spelledRank(const Expr &E) {
  SmallVector<const Expr *, 4> Idx = indicesOf(E);
  if (Idx.size() < 2 || !isFullSlice(*Idx.back()))
    return 0;
  for (const Expr *I : Idx)
    if (I->Kind != ExprKind::Slice && !isIntLiteral(*I))
      return 0;
  return Idx.size();
}

static bool namesOneOf(const Expr &E, const StringSet<> &Names) {
  return E.Kind == ExprKind::Name && Names.contains(E.Name);
}

namespace {
/// The rank uses of the names that hold an input, in source order.
struct RankScan {
  const StringSet<> &Names;
  SmallVector<std::pair<unsigned, std::string>, 4> Uses;

  void add(unsigned Rank, const Expr &Site, StringRef What, StringRef Loc) {
    if (Rank)
      Uses.push_back({Rank, "`" + Site.Text.str() + "` at " + Loc.str() + " " +
                                What.str() + " " + std::to_string(Rank)});
  }
};
} // namespace

/// Collects in \p Scan the rank uses inside \p E (`x[:, 0, :]`,
/// `x.permute(0, 2, 1)`).
static void scanExpr(const Expr &E, RankScan &Scan,
                     function_ref<std::string(const Expr &)> Loc) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return;
  if (E.Kind == ExprKind::Subscript && namesOneOf(*E.op(0), Scan.Names))
    Scan.add(spelledRank(E), E, "spells out its dimensions: rank", Loc(E));
  if (E.Kind == ExprKind::Call && E.callee()->Kind == ExprKind::Attribute &&
      E.callee()->Name == "permute" &&
      namesOneOf(*E.callee()->op(0), Scan.Names)) {
    SmallVector<const Expr *, 4> Args;
    for (size_t I = 1; I < E.numOps(); ++I)
      Args.push_back(E.op(I));
    if (Args.size() == 1 &&
        (Args[0]->Kind == ExprKind::Tuple || Args[0]->Kind == ExprKind::List)) {
      const Expr *L = Args[0];
      Args.clear();
      for (const auto &X : L->Ops)
        Args.push_back(X.get());
    }
    if (llvm::all_of(Args, [](const Expr *A) { return isIntLiteral(*A); }))
      Scan.add(Args.size(), E, "permutes all its dimensions: rank", Loc(E));
  }
  for (const auto &Op : E.Ops)
    if (Op)
      scanExpr(*Op, Scan, Loc);
}

/// `a, b, c = x.shape` or `= x.size()`: the number of names unpacked.
static unsigned unpackedRank(const Stmt &S, const StringSet<> &Names) {
  if (S.Kind != StmtKind::Assign || S.Exprs.size() != 2)
    return 0;
  const Expr &T = *S.Exprs[0], &V = *S.Exprs[1];
  if (T.Kind != ExprKind::Tuple && T.Kind != ExprKind::List)
    return 0;
  if (llvm::any_of(T.Ops, [](const std::unique_ptr<Expr> &X) {
        return X->Kind == ExprKind::Starred;
      }))
    return 0;
  bool Shape = V.Kind == ExprKind::Attribute && V.Name == "shape" &&
               namesOneOf(*V.op(0), Names);
  bool Size = V.Kind == ExprKind::Call && V.numOps() == 1 &&
              V.callee()->Kind == ExprKind::Attribute &&
              V.callee()->Name == "size" &&
              namesOneOf(*V.callee()->op(0), Names);
  return Shape || Size ? T.numOps() : 0;
}

std::optional<Evaluator::RankUse>
Evaluator::rankFromUses(StringRef Input, const Block &Body,
                        const ObjectState *Self, unsigned Depth,
                        std::string &Conflict) {
  StringSet<> Names;
  Names.insert(Input);
  RankScan Scan{Names, {}};
  auto Loc = [&](const Expr &E) { return location(E.Range); };
  // Statements in order: a use counts while the name still holds the
  // input (or a tensor of its shape); a rebinding ends it.
  std::function<void(const Block &)> Walk = [&](const Block &B) {
    for (const auto &S : B) {
      if (unsigned R = unpackedRank(*S, Names))
        Scan.add(R, *S->Exprs[1], "unpacks its shape: rank", Loc(*S->Exprs[1]));
      for (const auto &E : S->Exprs)
        if (E && (S->Kind != StmtKind::Assign || E != S->Exprs.front()))
          scanExpr(*E, Scan, Loc);
      if (S->Kind == StmtKind::Assign && S->Exprs.size() == 2 &&
          S->Exprs[0]->Kind == ExprKind::Name) {
        if (keepsShapeOf(*S->Exprs[1], Names, nullptr, Self, Depth))
          Names.insert(S->Exprs[0]->Name);
        else
          Names.erase(S->Exprs[0]->Name);
      } else if (S->Kind == StmtKind::Assign || S->Kind == StmtKind::For ||
                 S->Kind == StmtKind::With) {
        for (const auto &E : S->Exprs)
          if (E && E->Kind == ExprKind::Tuple)
            for (const auto &X : E->Ops)
              if (X->Kind == ExprKind::Name)
                Names.erase(X->Name);
        if (S->Kind == StmtKind::For && S->Exprs[0]->Kind == ExprKind::Name)
          Names.erase(S->Exprs[0]->Name);
      }
      for (const Block &Sub : S->Bodies)
        Walk(Sub);
      if (Names.empty())
        return;
    }
  };
  Walk(Body);
  if (Scan.Uses.empty())
    return std::nullopt;
  for (const auto &U : Scan.Uses)
    if (U.first != Scan.Uses.front().first) {
      Conflict = Scan.Uses.front().second + ", but " + U.second;
      return std::nullopt;
    }
  RankUse R;
  R.Rank = Scan.Uses.front().first;
  R.How = Scan.Uses.front().second;
  return R;
}

std::optional<Value> Evaluator::rankShape(StringRef Input, unsigned Rank) {
  const ProfileEntry *E = Profile.get("rank_shape", std::to_string(Rank));
  if (!E || !E->Val.is(ValueKind::Str))
    return std::nullopt;
  SmallVector<StringRef, 6> Parts;
  StringRef(E->Val.Name).split(Parts, ',');
  if (Parts.size() != Rank)
    return std::nullopt;
  std::vector<const sym::Expr *> D;
  for (StringRef Part : Parts) {
    Part = Part.trim();
    noteSymbol(Part, "dimension of the input `" + Input.str() +
                         "` (profile rank_shape." + std::to_string(Rank) + ")");
    D.push_back(Sym.symbol(Part));
  }
  return Value::shaped(D, "a_bytes");
}

std::optional<Value> Evaluator::shapeFromIndexing(StringRef Input,
                                                  const Block &Body,
                                                  const ObjectState *Self,
                                                  unsigned Depth) {
  StringSet<> Names;
  Names.insert(Input);
  for (size_t I = 0; I < Body.size(); ++I) {
    const Stmt &S = *Body[I];
    if (S.Kind != StmtKind::Assign || S.Exprs.size() != 2 ||
        S.Exprs[0]->Kind != ExprKind::Name)
      continue;
    const Expr &V = *S.Exprs[1];
    StringRef Y = S.Exprs[0]->Name;
    unsigned Rank = V.Kind == ExprKind::Subscript && namesOneOf(*V.op(0), Names)
                        ? spelledRank(V)
                        : 0;
    if (!Rank) {
      if (keepsShapeOf(V, Names, nullptr, Self, Depth))
        Names.insert(Y);
      else
        Names.erase(Y);
      if (Names.empty())
        return std::nullopt;
      continue;
    }
    // `y = x[:, 0, :]`: y's dimensions are those of x its slices keep
    // (-1 where a partial slice changes the extent).
    SmallVector<int, 4> Kept;
    SmallVector<const Expr *, 4> Idx = indicesOf(V);
    for (size_t J = 0; J < Idx.size(); ++J)
      if (Idx[J]->Kind == ExprKind::Slice)
        Kept.push_back(isFullSlice(*Idx[J]) ? int(J) : -1);
    StringSet<> YNames;
    YNames.insert(Y);
    std::string Via;
    std::optional<Value> T =
        shapeFromUses(Y, Body, YNames, Self, Depth, Via, I + 1);
    std::optional<Value> X = rankShape(Input, Rank);
    if (!T || !X || Kept.empty() || T->Dims.empty())
      return std::nullopt;
    // With y's rank, the consumer's convention gives every kept dimension;
    // otherwise only the last one (the features a weight requires).
    bool Same = T->Dims.size() == Kept.size();
    bool Pinned = false;
    for (size_t K = Same ? 0 : Kept.size() - 1; K < Kept.size(); ++K) {
      const sym::Expr *D = Same ? T->Dims[K] : T->Dims.back();
      if (Kept[K] >= 0 && D) {
        X->Dims[Kept[K]] = D;
        Pinned = true;
      }
    }
    if (!Pinned)
      return std::nullopt;
    X->Why = "`" + Y.str() + "` = `" + V.Text.str() + "` at " +
             location(S.Range) + " spells out the dimensions of `" +
             Input.str() + "`: rank " + std::to_string(Rank) + "; " + T->Why +
             "; its other dimensions take the profile's names for rank " +
             std::to_string(Rank) + " (rank_shape." + std::to_string(Rank) +
             ")";
    return X;
  }
  return std::nullopt;
}

} // namespace modcost
