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
/// An input none of this reaches and whose uses never tie its rank to
/// anything (torch's `(*)`: `F.relu(input)`) stands for the two symbols of
/// `rank_shape.free`, the product of its leading dimensions and its last
/// one, with its rank unknown (freeRankShape).
///
//===----------------------------------------------------------------------===//

#include "InputShapeInference.h"
#include "FreeRankPins.h"

#include "llvm/ADT/StringSwitch.h"

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

/// The rank an indexing `x[i0, ..., ik]` spells out: every index a slice,
/// an integer or a new axis (None), the last one a full slice
/// (`mask[:, None, None, :]`), or new axes after full slices only
/// (`mask[:, :, None]`, a padding mask made to broadcast over features);
/// the new axes do not count. Else 0.
static unsigned spelledRank(const Expr &E) {
  SmallVector<const Expr *, 4> Idx = indicesOf(E);
  if (Idx.size() < 2)
    return 0;
  unsigned Rank = 0;
  bool NewAxis = false, Trailing = true;
  for (const Expr *I : Idx) {
    if (I->Kind == ExprKind::None) {
      NewAxis = true;
      continue;
    }
    if (I->Kind != ExprKind::Slice && !isIntLiteral(*I))
      return 0;
    Trailing &= !NewAxis && isFullSlice(*I);
    ++Rank;
  }
  bool EndsInSlice = isFullSlice(*Idx.back());
  if (!EndsInSlice && !(NewAxis && Trailing))
    return 0;
  return Rank >= 2 ? Rank : 0;
}

static bool namesOneOf(const Expr &E, const StringSet<> &Names) {
  return E.Kind == ExprKind::Name && Names.contains(E.Name);
}

int deadNoneBranch(const Stmt &S, const StringSet<> &Names) {
  if (S.Kind != StmtKind::If || S.Exprs.empty() || !S.Exprs[0])
    return -1;
  const Expr &C = *S.Exprs[0];
  if (C.Kind != ExprKind::Compare || C.numOps() != 2 ||
      C.CompareOps.size() != 1 || C.op(1)->Kind != ExprKind::None ||
      !namesOneOf(*C.op(0), Names))
    return -1;
  if (C.CompareOps[0] == "is")
    return 0;
  return C.CompareOps[0] == "is not" ? 1 : -1;
}

namespace {
/// The rank uses of the names that hold an input, in source order.
struct RankScan {
  const StringSet<> &Names;
  SmallVector<std::pair<unsigned, std::string>, 4> Uses;
  /// The names the first shape unpacking binds (`_` where it discards).
  std::vector<std::string> Unpacked;

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

std::optional<RankUse>
InputShapeInference::rankFromUses(StringRef Input, const Block &Body,
                                  const ObjectState *Self, unsigned Depth,
                                  std::string &Conflict) {
  StringSet<> Names;
  Names.insert(Input);
  RankScan Scan{Names, {}, {}};
  auto Loc = [&](const Expr &E) { return location(E.Range); };
  // Statements in order: a use counts while the name still holds the
  // input (or a tensor of its shape); a rebinding ends it.
  std::function<void(const Block &)> Walk = [&](const Block &B) {
    for (const auto &S : B) {
      if (unsigned R = unpackedRank(*S, Names)) {
        if (Scan.Uses.empty())
          for (const auto &X : S->Exprs[0]->Ops)
            Scan.Unpacked.push_back(X->Kind == ExprKind::Name ? X->Name : "_");
        Scan.add(R, *S->Exprs[1], "unpacks its shape: rank", Loc(*S->Exprs[1]));
      }
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
      // A branch that runs only when the input is None cannot run.
      int Dead = deadNoneBranch(*S, Names);
      for (size_t I = 0; I < S->Bodies.size(); ++I)
        if (int(I) != Dead)
          Walk(S->Bodies[I]);
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
  if (Scan.Unpacked.size() == R.Rank)
    R.DimNames = Scan.Unpacked;
  return R;
}

std::optional<Value> InputShapeInference::rankShape(StringRef Input,
                                                    unsigned Rank) {
  const ProfileEntry *E = Eval.Profile.get("rank_shape", std::to_string(Rank));
  if (!E || !E->Val.is(ValueKind::Str))
    return std::nullopt;
  SmallVector<StringRef, 6> Parts;
  StringRef(E->Val.Name).split(Parts, ',');
  if (Parts.size() != Rank)
    return std::nullopt;
  std::vector<const sym::Expr *> D;
  for (StringRef Part : Parts) {
    Part = Part.trim();
    Eval.noteSymbol(Part, "dimension of the input `" + Input.str() +
                              "` (profile rank_shape." + std::to_string(Rank) +
                              ")");
    D.push_back(Sym.symbol(Part));
  }
  return Value::shaped(D, "a_bytes");
}

std::optional<Value>
InputShapeInference::shapeFromIndexing(StringRef Input, const Block &Body,
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
    // (-1 where a partial slice changes the extent); a new axis (None)
    // takes no dimension of x.
    SmallVector<int, 4> Kept;
    int Dim = 0;
    for (const Expr *J : indicesOf(V)) {
      if (J->Kind == ExprKind::Slice)
        Kept.push_back(isFullSlice(*J) ? Dim : -1);
      Dim += J->Kind != ExprKind::None;
    }
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

//===----------------------------------------------------------------------===//
// Inputs whose rank nothing in the code fixes
//===----------------------------------------------------------------------===//

/// The tensor methods and attributes whose meaning depends on the rank of
/// their receiver: reading it, reshaping, reordering or selecting
/// dimensions.
static bool readsRank(StringRef Attr) {
  return StringSwitch<bool>(Attr)
      .Cases("shape", "ndim", "dim", "ndimension", "size", "stride", true)
      .Cases("view", "reshape", "permute", "transpose", "flatten", true)
      .Cases("unflatten", "unsqueeze", "squeeze", "expand", "T", "mT", true)
      .Cases("mm", "bmm", "matmul", "chunk", "split", "unbind", true)
      .Cases("narrow", "select", "movedim", "swapaxes", "view_as", true)
      .Default(false);
}

/// A reduction of a tensor over a dimension other than the last
/// (`x.sum(1)`, `x.mean(dim=0)`): its result depends on the rank.
static bool reducesOtherDim(const Expr &Call) {
  StringRef M = Call.callee()->Name;
  if (!is_contained({"sum", "mean", "prod", "max", "min", "amax", "amin",
                     "argmax", "argmin", "norm", "std", "var", "softmax",
                     "log_softmax", "cumsum", "logsumexp", "all", "any"},
                    M))
    return false;
  const Expr *Dim = nullptr;
  for (size_t I = 1; I < Call.numOps(); ++I) {
    const Expr *A = Call.op(I);
    if (A->Kind == ExprKind::Keyword && A->Name == "dim")
      Dim = A->op(0);
    else if (A->Kind != ExprKind::Keyword && I == 1)
      Dim = A;
  }
  return Dim && !(Dim->Kind == ExprKind::UnaryOp && Dim->Op == "-" &&
                  Dim->op(0)->Kind == ExprKind::Int && Dim->op(0)->Text == "1");
}

static bool isNumberLiteral(const Expr &E) {
  return E.Kind == ExprKind::Int || E.Kind == ExprKind::Float ||
         (E.Kind == ExprKind::UnaryOp && isNumberLiteral(*E.op(0)));
}

/// The first use in \p E of one of \p Names that ties its rank to
/// something: a read of its rank or shape, an indexing, a reshape, a call
/// of a method of self or a module (whose own code decides), a tensor it
/// is combined with element-wise (whose shape it then takes), a sequence
/// it is packed into, a call of a local name \p Locals holds (a loop's
/// module); else null.
static const Expr *rankBoundUse(const Expr &E, const StringSet<> &Names,
                                const StringSet<> &Locals,
                                const ObjectState *Self) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return llvm::any_of(E.Ops,
                        [&](const std::unique_ptr<Expr> &Op) {
                          return Op && rankBoundUse(*Op, Names, Locals, Self);
                        })
               ? &E
               : nullptr;
  auto Holds = [&](const Expr *X) { return X && namesOneOf(*X, Names); };
  switch (E.Kind) {
  case ExprKind::Attribute:
    if (Holds(E.op(0)) && readsRank(E.Name))
      return &E;
    break;
  case ExprKind::Subscript:
    if (Holds(E.op(0)))
      return &E;
    break;
  case ExprKind::BinaryOp: {
    // A number, or a vector attribute of self (a norm's scale, which runs
    // along the last dimension: FreeRankPins.cpp), leaves the rank free.
    auto Free = [&](const Expr &Other) {
      return isNumberLiteral(Other) ||
             (E.Op != "@" && Self && vectorExtent(Other, *Self));
    };
    if ((Holds(E.op(0)) && !Free(*E.op(1))) ||
        (Holds(E.op(1)) && !Free(*E.op(0))))
      return &E;
    break;
  }
  case ExprKind::Tuple:
  case ExprKind::List:
    if (llvm::any_of(E.Ops, [&](const std::unique_ptr<Expr> &X) {
          return Holds(X.get());
        }))
      return &E;
    break;
  case ExprKind::Call: {
    const Expr &C = *E.callee();
    bool Passed = false;
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *A = E.op(I);
      if (A && A->Kind == ExprKind::Keyword && A->numOps())
        A = A->op(0);
      Passed |= Holds(A);
    }
    // `len(x)`; `self.block(x)`, `self._helper(x)`: a submodule or method
    // decides; a call of a name not known as a function (a loop's module).
    bool SelfCall = C.Kind == ExprKind::Attribute &&
                    C.op(0)->Kind == ExprKind::Name && C.op(0)->Name == "self";
    // Builtins that take a number or a sequence: then it is no tensor of
    // any rank.
    bool Builtin = C.Kind == ExprKind::Name &&
                   is_contained({"len", "range", "int", "float", "bool", "str",
                                 "list", "tuple", "enumerate", "zip", "iter"},
                                C.Name);
    bool LocalCall =
        C.Kind == ExprKind::Name && (Builtin || Locals.contains(C.Name));
    if (Passed && (SelfCall || LocalCall))
      return &E;
    if (C.Kind == ExprKind::Attribute && Holds(C.op(0)) && reducesOtherDim(E))
      return &E;
    break;
  }
  default:
    break;
  }
  for (const auto &Op : E.Ops)
    if (Op)
      if (const Expr *U = rankBoundUse(*Op, Names, Locals, Self))
        return U;
  return nullptr;
}

std::optional<Value>
InputShapeInference::freeRankShape(const Param &P, const Block &Body,
                                   const ObjectState *Self) {
  const ProfileEntry *E = Eval.Profile.get("rank_shape", "free");
  if (!E || !E->Val.is(ValueKind::Str))
    return std::nullopt;
  SmallVector<StringRef, 2> Parts;
  StringRef(E->Val.Name).split(Parts, ',');
  if (Parts.size() != 2)
    return std::nullopt;
  // Through the names that keep the input's shape (`x = x.float()`), no
  // use may tie its rank to anything.
  StringSet<> Names, Locals;
  Names.insert(P.Name);
  // The names the body binds (loop variables, assignments): a call of one
  // is a module or callable whose own code decides.
  std::function<void(const Block &)> Bind = [&](const Block &B) {
    for (const auto &S : B) {
      if ((S->Kind == StmtKind::Assign || S->Kind == StmtKind::For ||
           S->Kind == StmtKind::With) &&
          !S->Exprs.empty() && S->Exprs[0]) {
        const Expr &T = *S->Exprs[0];
        if (T.Kind == ExprKind::Name)
          Locals.insert(T.Name);
        else if (T.Kind == ExprKind::Tuple || T.Kind == ExprKind::List)
          for (const auto &X : T.Ops)
            if (X->Kind == ExprKind::Name)
              Locals.insert(X->Name);
      }
      for (const Block &Sub : S->Bodies)
        Bind(Sub);
    }
  };
  Bind(Body);
  bool Bound = false;
  std::function<void(const Block &)> Walk = [&](const Block &B) {
    for (const auto &S : B) {
      if (Bound || Names.empty())
        return;
      for (const auto &X : S->Exprs)
        if (X && rankBoundUse(*X, Names, Locals, Self))
          Bound = true;
      // Iterating over it walks its first dimension.
      if (S->Kind == StmtKind::For && S->Exprs.size() > 1 &&
          namesOneOf(*S->Exprs[1], Names))
        Bound = true;
      if (S->Kind == StmtKind::Assign && S->Exprs.size() == 2 &&
          S->Exprs[0]->Kind == ExprKind::Name) {
        if (keepsShapeOf(*S->Exprs[1], Names, nullptr, Self, 0))
          Names.insert(S->Exprs[0]->Name);
        else
          Names.erase(S->Exprs[0]->Name);
      }
      for (const Block &Sub : S->Bodies)
        Walk(Sub);
    }
  };
  Walk(Body);
  if (Bound)
    return std::nullopt;
  std::string PinnedBy;
  const sym::Expr *Last =
      Self ? lastDimFromVector(P.Name, Body, *Self, PinnedBy) : nullptr;
  std::vector<const sym::Expr *> D;
  for (StringRef Part : Parts) {
    Part = Part.trim();
    if (Last && D.size() + 1 == Parts.size()) {
      D.push_back(Last);
      break;
    }
    Eval.noteSymbol(
        Part, "dimension of the input `" + P.Name +
                  "`, whose rank nothing fixes (profile rank_shape.free)");
    D.push_back(Sym.symbol(Part));
  }
  Value T = Value::shaped(D, "a_bytes");
  // The rank itself stays unknown: `x.dim()`, `x.shape`, an indexing or a
  // reshape of it are not assumed.
  T.Rank = -1;
  T.Why = "nothing in the code fixes its rank (torch's `(*)`): `" +
          Parts[0].trim().str() +
          "` stands for the product of its leading "
          "dimensions and `" +
          D.back()->str() +
          "` for its last one (rank_shape.free); element-wise ops, "
          "reductions and ops on its last dimension are priced on them, "
          "while its rank, its shape, an indexing or a reshape of it stay "
          "unknown";
  if (Last)
    T.Why += "; its last dimension is `" + Last->str() + "`: " + PinnedBy;
  return T;
}

} // namespace modcost
