//===- InputInference.cpp - Input shapes implied by their first consumer --===//
///
/// \file
/// A forward() input whose name has no shape convention (`x`,
/// `hidden_state`, `features`) takes the shape its first consumer implies:
/// `x` first passed to `self.gate_proj`, a `Linear(hidden_size, ...)`, is
/// `[batch_size, seq_len, hidden_size]` because Linear's own input
/// convention is `batch_size, seq_len, in_features` and this Linear's
/// `in_features` is `hidden_size`. A consumer without a convention is
/// followed into its forward() (and a method of self into its body), up to
/// five levels deep. The choice is reported as an assumption; `--input-shape`
/// overrides it.
///
//===----------------------------------------------------------------------===//

#include "ContainerUses.h"
#include "DocstringShapes.h"
#include "InputConventions.h"
#include "InputShapeInference.h"

#include "modcost/Semantics/OpCatalog.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <functional>

using namespace llvm;

namespace modcost {

/// How many calls deep a consumer is followed into (a stage, its blocks,
/// their attention, its projection).
static constexpr unsigned MaxInferenceDepth = 5;

namespace {
/// The first call that passes a name directly as a positional argument to
/// a method of self (a submodule or a method).
struct Consumer {
  const Expr *Call = nullptr;
  size_t ArgIndex = 0;
  llvm::StringRef Name; ///< The name passed.
};
} // namespace

/// The truth of `self.ATTR` (or `not self.ATTR`) on \p Obj, when known.
static Truth selfAttrTruth(const Expr &Cond, const ObjectState &Obj) {
  bool Negated = Cond.Kind == ExprKind::Not;
  const Expr &C = Negated ? *Cond.op(0) : Cond;
  if (!isSelfAttr(C))
    return Truth::Unknown;
  auto It = Obj.Attrs.find(C.Name);
  if (It == Obj.Attrs.end())
    return Truth::Unknown;
  Truth T = It->second.truth();
  if (!Negated || T == Truth::Unknown)
    return T;
  return T == Truth::True ? Truth::False : Truth::True;
}

/// The branch a conditional argument takes when its condition is a known
/// attribute of \p Self (`x.view(-1, d) if self.use_postshuffle_norm else
/// x`, a constructor's flag); \p A itself otherwise.
static const Expr *takenBranch(const Expr *A, const ObjectState *Self) {
  if (!A || !Self || A->Kind != ExprKind::IfExp || A->numOps() != 3)
    return A;
  Truth T = selfAttrTruth(*A->op(1), *Self);
  if (T == Truth::Unknown)
    return A;
  return takenBranch(T == Truth::True ? A->op(0) : A->op(2), Self);
}

/// The first self-call (or call of the loop variable \p LoopVar, a module)
/// in \p E that takes one of \p Names, or the expression \p Carrier, as a
/// positional argument (directly, or as the branch a conditional on a known
/// attribute of \p Self takes).
static bool findConsumer(const Expr &E, const StringSet<> &Names, Consumer &Out,
                         const Expr *Carrier = nullptr, StringRef LoopVar = "",
                         const ObjectState *Self = nullptr) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return false;
  bool LoopCall = !LoopVar.empty() && E.Kind == ExprKind::Call &&
                  E.callee()->Kind == ExprKind::Name &&
                  E.callee()->Name == LoopVar;
  if (E.Kind == ExprKind::Call &&
      (isSelfAttr(*E.callee()) || isSelfItem(*E.callee()) || LoopCall)) {
    size_t Pos = 0;
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *A = takenBranch(E.op(I), Self);
      if (!A || A->Kind == ExprKind::Keyword)
        continue;
      if (A == Carrier ||
          (A->Kind == ExprKind::Name && Names.contains(A->Name))) {
        Out.Call = &E;
        Out.ArgIndex = Pos;
        Out.Name = A->Kind == ExprKind::Name ? StringRef(A->Name) : "";
        return true;
      }
      ++Pos;
    }
  }
  for (const auto &Op : E.Ops)
    if (Op && findConsumer(*Op, Names, Out, Carrier, LoopVar, Self))
      return true;
  return false;
}

/// The first call of a method or submodule of self in \p E that takes one
/// of \p Names as the value of keyword argument \p Keyword.
static const Expr *keywordConsumer(const Expr &E, const StringSet<> &Names,
                                   StringRef &Keyword) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return nullptr;
  if (E.Kind == ExprKind::Call && isSelfAttr(*E.callee()))
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *A = E.op(I);
      if (A && A->Kind == ExprKind::Keyword && A->numOps() == 1 &&
          A->op(0)->Kind == ExprKind::Name && Names.contains(A->op(0)->Name)) {
        Keyword = A->Name;
        return &E;
      }
    }
  for (const auto &Op : E.Ops)
    if (Op)
      if (const Expr *C = keywordConsumer(*Op, Names, Keyword))
        return C;
  return nullptr;
}

/// True for an op that gives a tensor of its first operand's shape
/// (element-wise, normalization, softmax, casts, eval-mode dropout).
static bool keepsShape(StringRef OpName) {
  const OpInfo *Info = lookupAnyOp(OpName);
  if (!Info)
    return false;
  switch (Info->Family) {
  case OpFamily::Elementwise:
  case OpFamily::Identity:
  case OpFamily::Softmax:
  case OpFamily::Norm:
  case OpFamily::Cast:
  case OpFamily::Copy:
  case OpFamily::InPlace:
    return true;
  default:
    return Info->Family == OpFamily::ShapeOnly && OpName.contains("dropout");
  }
}

bool InputShapeInference::keepsShapeOf(const Expr &E, const StringSet<> &Names,
                                       const Expr *Leaf,
                                       const ObjectState *Self,
                                       unsigned Depth) {
  if (&E == Leaf)
    return true;
  switch (E.Kind) {
  case ExprKind::Name:
    return Names.contains(E.Name);
  case ExprKind::BinaryOp:
    // Element-wise arithmetic with scalars or broadcast weights.
    if (E.Op == "@" || E.Op == "//" || E.Op == "%")
      return false;
    return keepsShapeOf(*E.op(0), Names, Leaf, Self, Depth) ||
           keepsShapeOf(*E.op(1), Names, Leaf, Self, Depth);
  case ExprKind::UnaryOp:
    return keepsShapeOf(*E.op(0), Names, Leaf, Self, Depth);
  case ExprKind::Call: {
    const Expr &C = *E.callee();
    const Expr *First = E.numOps() > 1 ? E.op(1) : nullptr;
    bool FirstKeeps = First && First->Kind != ExprKind::Keyword &&
                      keepsShapeOf(*First, Names, Leaf, Self, Depth);
    if (C.Kind == ExprKind::Attribute &&
        keepsShapeOf(*C.op(0), Names, Leaf, Self, Depth))
      return keepsShape(C.Name); // x.float(), x.to(dtype), x.pow(2)...
    if (!FirstKeeps)
      return false;
    if (isSelfAttr(C) && Self) {
      auto It = Self->Attrs.find(C.Name);
      if (It == Self->Attrs.end()) // `x = self._transform_input(x)`
        return forwardKeepsShape(*Self, Depth + 1, C.Name);
      if (It->second.is(ValueKind::Callable))
        return keepsShape(StringRef(It->second.Name).rsplit('.').second);
      if (It->second.is(ValueKind::Object) && It->second.Obj)
        return forwardKeepsShape(*It->second.Obj, Depth + 1);
      return false;
    }
    if (C.Kind == ExprKind::Attribute || C.Kind == ExprKind::Name)
      return keepsShape(C.Name.empty() ? StringRef() : StringRef(C.Name));
    return false;
  }
  default:
    return false;
  }
}

bool InputShapeInference::methodKeepsShape(const ObjectState &Obj,
                                           const FunctionDef &Fn,
                                           unsigned Depth) {
  if (Depth > 3)
    return false;
  const Param *In = nullptr;
  for (const Param &P : Fn.Params)
    if (P.Kind == ParamKind::Positional && P.Name != "self") {
      In = &P;
      break;
    }
  if (!In)
    return false;
  // The names that hold a tensor of the input's shape through the body's
  // straight-line assignments, and its returns. An `if` on a known
  // attribute of the object walks the branch it takes as straight-line
  // code; in any other compound statement only the returns count (its
  // assignments are not followed: a permute and its inverse there keep
  // the shape as well as no change does), but a loop that calls its
  // variable on the tensor chains a container's modules and may change it.
  StringSet<> Names;
  Names.insert(In->Name);
  SmallVector<const Expr *, 4> Returns;
  std::function<void(const Block &, bool, StringRef)> Walk =
      [&](const Block &B, bool Straight, StringRef LoopVar) {
        for (const auto &St : B) {
          if (St->Kind == StmtKind::Return) {
            Returns.push_back(St->Exprs.empty() ? nullptr : St->Exprs[0].get());
            continue;
          }
          if (St->Kind == StmtKind::Assign && St->Exprs.size() == 2 &&
              St->Exprs[0]->Kind == ExprKind::Name) {
            if (!Straight) {
              // Not followed, except a chain through the modules of a
              // container (Sequential's `for module in self: input =
              // module(input)`): each module may change the shape.
              const Expr &V = *St->Exprs[1];
              if (!LoopVar.empty() && V.Kind == ExprKind::Call &&
                  V.callee()->Kind == ExprKind::Name &&
                  V.callee()->Name == LoopVar)
                Names.erase(St->Exprs[0]->Name);
              continue;
            }
            if (keepsShapeOf(*St->Exprs[1], Names, nullptr, &Obj, Depth))
              Names.insert(St->Exprs[0]->Name);
            else
              Names.erase(St->Exprs[0]->Name);
            continue;
          }
          if (St->Kind == StmtKind::If && !St->Exprs.empty()) {
            Truth T = selfAttrTruth(*St->Exprs[0], Obj);
            if (T != Truth::Unknown) {
              size_t Taken = T == Truth::True ? 0 : 1;
              if (Taken < St->Bodies.size())
                Walk(St->Bodies[Taken], Straight, LoopVar);
              continue;
            }
          }
          StringRef Var = St->Kind == StmtKind::For && !St->Exprs.empty() &&
                                  St->Exprs[0]->Kind == ExprKind::Name
                              ? StringRef(St->Exprs[0]->Name)
                              : LoopVar;
          for (const Block &Sub : St->Bodies)
            Walk(Sub, false, Var);
        }
      };
  Walk(Fn.body(), true, StringRef());
  return !Returns.empty() && llvm::all_of(Returns, [&](const Expr *R) {
    return R && keepsShapeOf(*R, Names, nullptr, &Obj, Depth);
  });
}

bool InputShapeInference::forwardKeepsShape(const ObjectState &Obj,
                                            unsigned Depth, StringRef Method) {
  std::optional<Symbol> S = Eval.findOnMRO(Obj, Method);
  const FunctionDef *Fn = S ? S->Class->findMethod(Method) : nullptr;
  return Fn && !isStaticMethod(*Fn) && methodKeepsShape(Obj, *Fn, Depth);
}

/// The extent a dimension name of a convention has on object \p O: its
/// attribute of that name (`in_features` of a Linear; the last entry of a
/// `normalized_shape` tuple), else the free symbol.
const sym::Expr *InputShapeInference::conventionDim(StringRef Part,
                                                    const ObjectState *O,
                                                    StringRef Input) {
  int64_t N;
  if (!Part.getAsInteger(10, N))
    return Sym.constant(N);
  if (O) {
    auto It = O->Attrs.find(Part);
    if (It != O->Attrs.end()) {
      const Value &V = It->second;
      if (V.is(ValueKind::Tuple) && !V.Elems.empty() && !V.RepeatCount)
        return Eval.dimExpr(V.Elems.back());
      if (const sym::Expr *D = Eval.dimExpr(V))
        return D;
    }
  }
  Eval.noteSymbol(Part, "dimension of the input `" + Input.str() +
                            "` (from its first consumer's convention)");
  return Sym.symbol(Part);
}

std::optional<Value>
InputShapeInference::impliedInputShape(const Param &P, const FunctionDef &Fn,
                                       const ObjectState *Self, unsigned Depth,
                                       std::string &Conflict) {
  if (!Self || Depth > MaxInferenceDepth)
    return std::nullopt;
  // Module-level functions it calls are looked up in the module of Fn.
  const PyModule *Outer = Mod;
  Mod = codeModule(Fn, Self);
  auto Restore = llvm::make_scope_exit([&] { Mod = Outer; });
  StringSet<> Names;
  Names.insert(P.Name);
  std::string Via;
  std::optional<Value> T =
      shapeFromUses(P.Name, Fn.body(), Names, Self, Depth, Via);
  // The rank the code's own uses reveal must agree with the consumer's.
  std::optional<RankUse> R =
      rankFromUses(P.Name, Fn.body(), Self, Depth, Conflict);
  // A shape unpacking (`b, f, c, h, w = x.shape`) is a requirement, Python
  // raises otherwise: it wins over a consumer that implies another rank
  // (ViViT's tubelet embedding, whose input is transposed before its
  // Conv3d, reads as rank 4), and its dimensions are the names the code
  // binds (`num_frames` before `num_channels`), not the profile's.
  if (T && R && T->Dims.size() != R->Rank && !R->DimNames.empty()) {
    std::string Consumer = T->Why;
    size_t Rank = T->Dims.size();
    if ((T = unpackedShape(P.Name, *R)))
      T->Why = R->How + ", a requirement that wins over its first consumer's " +
               "rank " + std::to_string(Rank) + " (" + Consumer +
               "); its dimensions take the names the unpacking binds";
  } else if (T && R && T->Dims.size() != R->Rank)
    Conflict = "its first consumer implies rank " +
               std::to_string(T->Dims.size()) + " (" + T->Why + ") but " +
               R->How;
  if (!Conflict.empty())
    return std::nullopt;
  if (!T)
    T = shapeFromIndexing(P.Name, Fn.body(), Self, Depth);
  if (!T && R)
    if ((T = rankShape(P.Name, R->Rank)))
      T->Why = R->How + "; its dimensions take the profile's names for rank " +
               std::to_string(R->Rank) + " (rank_shape." +
               std::to_string(R->Rank) + ")";
  if (!T && R && !R->DimNames.empty())
    T = unpackedShape(P.Name, *R);
  if (T)
    T->Name = P.Name;
  return T;
}

bool InputShapeInference::shapedByConsumer(const Param &P,
                                           const FunctionDef &Fn,
                                           const ObjectState &Self) {
  StringSet<> Names;
  Names.insert(P.Name);
  std::string Via;
  std::optional<Value> T =
      shapeFromUses(P.Name, Fn.body(), Names, &Self, 0, Via);
  return T && T->DimsKnown;
}

std::optional<Value> InputShapeInference::unpackedShape(StringRef Input,
                                                        const RankUse &R) {
  // A rank the profile names no dimensions for (`_, num_queries,
  // num_heads, num_levels, num_points, _ = sampling_locations.shape`): the
  // names the code binds, `INPUT_dimI` for those it discards.
  std::vector<const sym::Expr *> D;
  for (size_t I = 0; I < R.DimNames.size(); ++I) {
    StringRef Name = R.DimNames[I];
    std::string S =
        Name == "_" ? Input.str() + "_dim" + std::to_string(I) : Name.str();
    Eval.noteSymbol(S, "dimension " + std::to_string(I) + " of the input `" +
                           Input.str() + "`, named by the shape unpacking (" +
                           R.How + ")");
    D.push_back(Sym.symbol(S));
  }
  Value T = Value::shaped(D, "a_bytes");
  T.Why = R.How + "; the profile names no dimensions for rank " +
          std::to_string(R.Rank) +
          ", so they take the names the unpacking binds (`" + Input.str() +
          "_dimI` for `_`)";
  return T;
}

/// The shape \p T as the report spells it: `batch_size, seq_len, ...`.
static std::string spelledShape(const Value &T) {
  std::string Shape;
  for (const sym::Expr *X : T.Dims)
    Shape += (Shape.empty() ? "" : ", ") + (X ? X->str() : "?");
  return Shape;
}

std::optional<Value>
InputShapeInference::inferInputShape(const Param &P, const FunctionDef &Fn,
                                     const ObjectState *Self, unsigned Depth) {
  std::string Conflict;
  std::optional<Value> T = impliedInputShape(P, Fn, Self, Depth, Conflict);
  if (!Conflict.empty()) {
    if (Depth == 0 && P.Range.File)
      Eval.Diags.report(
          P.Range.File->getBufferID(), P.Range.Begin, DiagLevel::Warning,
          "input `" + P.Name + "`: its uses disagree on its shape (" +
              Conflict + "); no shape is assumed");
    return std::nullopt;
  }
  if (!T && Depth == 0 && Self)
    T = freeRankShape(P, Fn.body(), Self);
  // Last, the shape the docstring states (DocstringShapes.cpp), read as a
  // convention would be.
  if (!T && Depth == 0)
    if (std::optional<DocstringShape> D = docstringShape(P.Name, Fn)) {
      ProfileEntry Stated;
      Stated.Val = Value::string(D->Convention);
      Stated.Val.Why = "stated in " + D->Source;
      Stated.Origin = D->Source;
      Value In = Eval.inputValue(P, "", -1, &Stated);
      if (In.is(ValueKind::Tensor) && In.DimsKnown) {
        In.Why = "stated in " + D->Source;
        T = std::move(In);
      }
    }
  if (!T)
    return std::nullopt;
  T->Name = P.Name;
  if (Depth == 0)
    Eval.Result.Assumptions.push_back(
        "input `" + P.Name + "` has shape [" + spelledShape(*T) +
        "]: " + T->Why + " (no convention for its name; --input-shape " +
        P.Name + "=... overrides)");
  return T;
}

std::optional<Value>
InputShapeInference::consumerOverride(const Param &P, const FunctionDef &Fn,
                                      const ObjectState *Self, const Value &In,
                                      const ProfileEntry *Used) {
  // Only the convention for the name alone (in this phase too,
  // `attention_mask@decode`) yields: a class's own convention, a
  // `NAME&OTHER` variant and a shape given on the command line stand.
  std::string Phase;
  if (const ProfileEntry *Ph = Eval.fact("phase");
      Ph && Ph->Val.is(ValueKind::Str))
    Phase = "@" + Ph->Val.Name;
  if (!Used || Used->Origin == "-D" || !In.DimsKnown ||
      (Used != Eval.Profile.get("input_shape", P.Name) &&
       (Phase.empty() ||
        Used != Eval.Profile.get("input_shape", P.Name + Phase))))
    return std::nullopt;
  std::string Conflict;
  std::optional<Value> T = impliedInputShape(P, Fn, Self, 0, Conflict);
  if (!T || !T->DimsKnown || T->Dims.size() == In.Dims.size())
    return std::nullopt;
  // The convention for the name at the rank the code requires
  // (`attention_mask:2`, a padding mask) names its dimensions.
  Param AtRank;
  AtRank.Name = P.Name + ":" + std::to_string(T->Dims.size());
  const ProfileEntry *RankConv = nullptr;
  Value R = Eval.inputValue(AtRank, "", -1, nullptr, &RankConv);
  if (RankConv && R.DimsKnown && R.Dims.size() == T->Dims.size()) {
    std::string Why = T->Why;
    std::string Named = "; its dimensions take the profile's names for rank";
    if (size_t At = Why.find(Named); At != std::string::npos)
      Why.erase(At);
    R.Why = Why + "; its dimensions are those of the convention for its " +
            "name at that rank (input_shape." + AtRank.Name + ")";
    R.Name = P.Name;
    Eval.statedInputValue(R, P.Name);
    T = std::move(R);
  }
  Eval.Result.Assumptions.push_back(
      "input `" + P.Name + "` has shape [" + spelledShape(*T) + "]: " + T->Why +
      " (the convention for its name, [" + spelledShape(In) + "], has rank " +
      std::to_string(In.Dims.size()) + ", but the code requires rank " +
      std::to_string(T->Dims.size()) + ": the consumer wins; --input-shape " +
      P.Name + "=... overrides)");
  return T;
}

std::optional<Value> InputShapeInference::shapeFromUses(
    StringRef Input, const Block &B, StringSet<> &Names,
    const ObjectState *Self, unsigned Depth, std::string &Via, size_t From,
    const ObjectState *Loop, StringRef LoopVar) {
  for (size_t I = From; I < B.size(); ++I) {
    const auto &S = B[I];
    if (loopsOverNothing(*S, Self))
      continue;
    // A module-level function the input is passed to, whose own code
    // requires a shape (`batch_size, seq_length = attention_mask.shape`).
    if (std::optional<Value> T =
            shapeFromFreeCall(Input, *S, Names, Self, Depth)) {
      T->Why = Via + T->Why;
      return T;
    }
    // A method or submodule of self that takes it by keyword
    // (`self.transformer(input_ids, attention_mask=attention_mask)`) and
    // whose code requires a shape.
    for (const auto &E : S->Exprs) {
      StringRef Keyword;
      const Expr *KwCall = E ? keywordConsumer(*E, Names, Keyword) : nullptr;
      if (!KwCall)
        continue;
      if (std::optional<Value> T = shapeFromConsumer(Input, *KwCall, 0, Self,
                                                     Depth, nullptr, Keyword)) {
        T->Why = Via + T->Why;
        return T;
      }
      break;
    }
    StringRef Var;
    auto Keeps = [&](const ObjectState &M) {
      return forwardKeepsShape(M, Depth + 1);
    };
    if (const ObjectState *First = loopModule(*S, Self, Var, Keeps)) {
      // `for stage in self.stages: x = stage(x)`: the first module called.
      std::string Inner = Via;
      if (std::optional<Value> T = shapeFromUses(
              Input, S->Bodies[0], Names, Self, Depth, Inner, 0, First, Var))
        return T;
    }
    Consumer C;
    bool Found = false;
    for (const auto &E : S->Exprs)
      if (E && findConsumer(*E, Names, C, nullptr, LoopVar, Self)) {
        Found = true;
        break;
      }
    bool Assigns = S->Kind == StmtKind::Assign && S->Exprs.size() == 2 &&
                   S->Exprs[0]->Kind == ExprKind::Name;
    // `x = self._mask(x)`, a method of self that returns its argument on
    // every path: what uses `x` after it shapes the input first; the
    // method's own uses (a rank its unpacking reveals) only if none does.
    if (Found && Assigns && S->Exprs[1].get() == C.Call && Self &&
        isSelfAttr(*C.Call->callee()) &&
        !Self->Attrs.count(C.Call->callee()->Name) &&
        keepsShapeOf(*C.Call, Names, nullptr, Self, Depth)) {
      StringSet<> After = Names;
      After.insert(S->Exprs[0]->Name);
      std::string Inner = Via + "`" + S->Exprs[0]->Name + "` = `" +
                          S->Exprs[1]->Text.str() + "` at " +
                          location(S->Range) + " keeps the shape of `" +
                          Input.str() + "`; ";
      if (std::optional<Value> T = shapeFromUses(Input, B, After, Self, Depth,
                                                 Inner, I + 1, Loop, LoopVar))
        return T;
    }
    while (Found) {
      const ObjectState *Module =
          C.Call->callee()->Kind == ExprKind::Name ? Loop : nullptr;
      if (std::optional<Value> T =
              shapeFromConsumer(C.Name.empty() ? Input : C.Name, *C.Call,
                                C.ArgIndex, Self, Depth, Module)) {
        T->Why = Via + T->Why;
        return T;
      }
      // `self.proj(self.act(x))`: a consumer that keeps the shape passes
      // it on to the call that takes its result.
      const Expr *Inner = C.Call;
      if (!keepsShapeOf(*Inner, Names, nullptr, Self, Depth))
        break;
      Consumer Outer;
      Found = false;
      for (const auto &E : S->Exprs)
        if (E && findConsumer(*E, {}, Outer, Inner, LoopVar)) {
          Found = true;
          break;
        }
      if (!Found)
        break;
      Via += "`" + Inner->Text.str() + "` at " + location(Inner->Range) +
             " keeps the shape of `" + Input.str() + "`; ";
      C = Outer;
    }
    if (C.Call) {
      // A consumer that keeps the shape (dropout, an activation, a norm):
      // the name it assigns carries the input's shape on.
      if (!Assigns || !keepsShapeOf(*S->Exprs[1], Names, nullptr, Self, Depth))
        return std::nullopt;
      Via += "`" + S->Exprs[0]->Name + "` = `" + S->Exprs[1]->Text.str() +
             "` at " + location(S->Range) + " keeps the shape of `" +
             Input.str() + "`; ";
      Names.insert(S->Exprs[0]->Name);
      continue;
    }
    if (Assigns) {
      // `h = x.float()` or `h = x * scale` carries it on; any other
      // rebinding ends what the name means.
      if (keepsShapeOf(*S->Exprs[1], Names, nullptr, Self, Depth))
        Names.insert(S->Exprs[0]->Name);
      else
        Names.erase(S->Exprs[0]->Name);
      if (Names.empty())
        return std::nullopt;
      continue;
    }
    // `if x is None: x = torch.ones(...)`: the input is passed, so that
    // branch cannot run and does not end what the name means.
    int Dead = deadNoneBranch(*S, Names);
    for (size_t J = 0; J < S->Bodies.size(); ++J)
      if (int(J) != Dead)
        if (std::optional<Value> T = shapeFromUses(
                Input, S->Bodies[J], Names, Self, Depth, Via, 0, Loop, LoopVar))
          return T;
  }
  return std::nullopt;
}

std::optional<Value> InputShapeInference::shapeFromConsumer(
    StringRef Input, const Expr &Call, size_t ArgIndex, const ObjectState *Self,
    unsigned Depth, const ObjectState *Module, StringRef Keyword) {
  StringRef Attr = Call.callee()->Name;
  auto It = Self->Attrs.find(Attr);
  const ObjectState *Target = Self;
  const FunctionDef *Callee = nullptr;
  if (isSelfItem(*Call.callee())) {
    // `self.conv_block[0](x)`: that item's forward.
    Target = selfItem(*Call.callee(), *Self);
    if (!Target)
      return std::nullopt;
    if (std::optional<Symbol> S = Eval.findOnMRO(*Target, "forward"))
      Callee = S->Class->findMethod("forward");
  } else if (Module) {
    // The loop variable over a container: its first module.
    Target = Module;
    if (std::optional<Symbol> S = Eval.findOnMRO(*Target, "forward"))
      Callee = S->Class->findMethod("forward");
  } else if (It != Self->Attrs.end()) {
    if (!It->second.is(ValueKind::Object) || !It->second.Obj)
      return std::nullopt;
    Target = It->second.Obj.get();
    if (std::optional<Symbol> S = Eval.findOnMRO(*Target, "forward"))
      Callee = S->Class->findMethod("forward");
  } else if (std::optional<Symbol> S = Eval.findOnMRO(*Self, Attr)) {
    Callee = S->Class->findMethod(Attr); // A method of self.
  }
  if (!Callee)
    return std::nullopt;
  // The callee's parameter that receives the input (after `self`).
  size_t Index = ArgIndex + 1;
  size_t Seen = 0;
  const Param *Q = nullptr;
  for (const Param &X : Callee->Params) {
    if (X.Kind == ParamKind::PositionalOnlyMarker ||
        X.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (!Keyword.empty() && X.Name == Keyword &&
        X.Kind != ParamKind::VarKeywords) {
      Q = &X; // Passed by keyword (`attention_mask=attention_mask`).
      Index = Seen;
      break;
    }
    if (X.Kind == ParamKind::VarArgs || X.Kind == ParamKind::VarKeywords) {
      if (!Keyword.empty())
        continue;
      break;
    }
    if (Seen++ == Index && Keyword.empty()) {
      Q = &X;
      break;
    }
  }
  if (!Q)
    return std::nullopt;
  // A loop variable is the first module of the container it iterates.
  std::string Spelled = isSelfItem(*Call.callee()) ? Call.callee()->Text.str()
                        : Module                   ? Attr.str()
                                                   : "self." + Attr.str();
  auto Deeper = [&]() -> std::optional<Value> {
    std::optional<Value> D = inferInputShape(*Q, *Callee, Target, Depth + 1);
    if (D)
      D->Why = "`" + Input.str() + "` is passed to `" + Spelled + "` at " +
               location(Call.Range) + "; " + D->Why;
    return D;
  };
  const ProfileEntry *Conv =
      classConvention(Eval.Profile, *Target, Q->Name, /*First=*/Index == 1);
  if (!Conv) {
    // A convention by the parameter's name alone yields to what the
    // callee's own code requires (a conv block's `hidden_states` is 4-D).
    if (std::optional<Value> D = Deeper())
      return D;
    Conv = Eval.Profile.get("input_shape", Q->Name);
    if (!Conv || !Conv->Val.is(ValueKind::Str) ||
        StringRef(Conv->Val.Name).contains(';'))
      return std::nullopt;
  }
  if (!Conv->Val.is(ValueKind::Str) || StringRef(Conv->Val.Name).contains(';'))
    return Deeper();
  auto [DimText, TypeText] = StringRef(Conv->Val.Name).split(':');
  SmallVector<StringRef, 6> Parts;
  DimText.split(Parts, ',');
  std::vector<const sym::Expr *> D;
  for (StringRef Part : Parts)
    D.push_back(conventionDim(Part.trim(), Target, Input));
  std::string Bytes = TypeText.trim() == "int64" ? "8" : "a_bytes";
  return Value::shaped(D, Bytes,
                       "`" + Input.str() + "` is first passed to `" + Spelled +
                           "` (`" + Target->ClassName + "`) at " +
                           location(Call.Range) + ", whose input `" + Q->Name +
                           "` is [" + Conv->Val.Name + "]");
}

std::optional<Value> Evaluator::nonTensorInput(const Param &P) {
  // A `dtype` or `device` parameter is no tensor: what the caller passes
  // is a tensor's `.dtype` (the activation dtype all tensors share) or
  // `.device` (the profile's device). The annotation decides, else the
  // name.
  StringRef Ann = P.Annotation ? StringRef(P.Annotation->Text) : "";
  if (Ann.contains("Tensor"))
    return std::nullopt;
  // A tensor's shape (`shape: torch.Size`): its length is what its first
  // unpacking says.
  if (Ann == "torch.Size" || Ann == "Size") {
    Value S =
        Value::unknown("`" + P.Name + "` is a torch.Size (its annotation)");
    S.SizeOfUnknownLength = true;
    S.NotCallable = true;
    return S;
  }
  bool IsDtype = Ann.empty() ? P.Name == "dtype" : Ann.contains("dtype");
  bool IsDevice = Ann.empty() ? P.Name == "device" : Ann.contains("device");
  std::string By =
      Ann.empty() ? "its name" : "its annotation `" + Ann.str() + "`";
  if (IsDtype)
    return Value::dtype("activation dtype",
                        "`" + P.Name + "` is a dtype (" + By +
                            "): the activation dtype tensors share (profile)");
  if (!IsDevice)
    return std::nullopt;
  Value D;
  D.Kind = ValueKind::Object;
  D.Obj = Objects->make();
  D.Obj->ClassName = "torch.device";
  D.Obj->MRO = {"torch.device"};
  if (const ProfileEntry *E = Profile.get("tensors", "device_type"))
    D.Obj->setAttr("type", E->Val);
  D.Why = "`" + P.Name + "` is a device (" + By +
          "): the tensors' device (profile tensors.device_type)";
  return D;
}

} // namespace modcost
