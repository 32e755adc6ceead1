//===- FreeRankPins.cpp - The last dimension a vector weight fixes --------===//
///
/// \file
/// An input whose rank nothing fixes (InputShapeInference.cpp) stands for
/// the product of its leading dimensions and its last one. When the body
/// combines it element-wise with a one-dimensional tensor attribute of
/// self, torch's broadcasting makes that vector run along its last
/// dimension: Gemma's RMSNorm computes `output * (1.0 + self.weight)` with
/// `output = self._norm(x.float())`, so `x` is `[..., dim]`. Its last
/// dimension is then the vector's extent, not a free symbol of its own.
///
//===----------------------------------------------------------------------===//

#include "FreeRankPins.h"
#include "InputShapeInference.h"

#include "llvm/ADT/StringSwitch.h"

#include <functional>

using namespace llvm;

namespace modcost {

static bool isSelfAttribute(const Expr &E) {
  return E.Kind == ExprKind::Attribute && E.op(0)->Kind == ExprKind::Name &&
         E.op(0)->Name == "self";
}

static bool isNumber(const Expr &E) {
  return E.Kind == ExprKind::Int || E.Kind == ExprKind::Float ||
         (E.Kind == ExprKind::UnaryOp && isNumber(*E.op(0)));
}

/// Tensor methods that give their receiver's shape and values up to a cast.
static bool castsOnly(StringRef M) {
  return StringSwitch<bool>(M)
      .Cases("float", "half", "bfloat16", "double", "to", "type_as", true)
      .Cases("type", "contiguous", "clone", "detach", true)
      .Default(false);
}

const sym::Expr *vectorExtent(const Expr &E, const ObjectState &Self) {
  switch (E.Kind) {
  case ExprKind::Attribute: {
    if (!isSelfAttribute(E))
      return nullptr;
    auto It = Self.Attrs.find(E.Name);
    if (It == Self.Attrs.end() || !It->second.is(ValueKind::Tensor) ||
        !It->second.DimsKnown || It->second.Dims.size() != 1)
      return nullptr;
    return It->second.Dims[0];
  }
  case ExprKind::BinaryOp:
    if (E.Op == "@")
      return nullptr;
    if (isNumber(*E.op(0)))
      return vectorExtent(*E.op(1), Self);
    if (isNumber(*E.op(1)))
      return vectorExtent(*E.op(0), Self);
    return nullptr;
  case ExprKind::UnaryOp:
    return vectorExtent(*E.op(0), Self);
  case ExprKind::Call:
    if (E.callee()->Kind == ExprKind::Attribute && castsOnly(E.callee()->Name))
      return vectorExtent(*E.callee()->op(0), Self);
    return nullptr;
  default:
    return nullptr;
  }
}

static void returnsOf(const Block &B, SmallVectorImpl<const Expr *> &Out) {
  for (const auto &S : B) {
    if (S->Kind == StmtKind::Return)
      Out.push_back(S->Exprs.empty() ? nullptr : S->Exprs[0].get());
    for (const Block &Sub : S->Bodies)
      returnsOf(Sub, Out);
  }
}

const sym::Expr *InputShapeInference::lastDimFromVector(StringRef Input,
                                                        const Block &Body,
                                                        const ObjectState &Self,
                                                        std::string &Why) {
  StringSet<> Shaped;
  Shaped.insert(Input);
  // `self._norm(x.float())`: a method of self whose every return keeps the
  // shape of its first argument.
  auto MethodKeeps = [&](const Expr &V) {
    if (V.Kind != ExprKind::Call || !isSelfAttribute(*V.callee()) ||
        V.numOps() < 2 || V.op(1)->Kind == ExprKind::Keyword ||
        Self.Attrs.count(V.callee()->Name) ||
        !keepsShapeOf(*V.op(1), Shaped, nullptr, &Self, 0))
      return false;
    std::optional<Symbol> S = Eval.findOnMRO(Self, V.callee()->Name);
    const FunctionDef *M =
        S && S->Class ? S->Class->findMethod(V.callee()->Name) : nullptr;
    if (!M || M->Params.size() < 2 ||
        M->Params[1].Kind != ParamKind::Positional)
      return false;
    StringSet<> In;
    In.insert(M->Params[1].Name);
    for (const auto &St : M->body())
      if (St->Kind == StmtKind::Assign && St->Exprs.size() == 2 &&
          St->Exprs[0]->Kind == ExprKind::Name) {
        if (keepsShapeOf(*St->Exprs[1], In, nullptr, &Self, 1))
          In.insert(St->Exprs[0]->Name);
        else
          In.erase(St->Exprs[0]->Name);
      }
    SmallVector<const Expr *, 4> Returns;
    returnsOf(M->body(), Returns);
    return !Returns.empty() && llvm::all_of(Returns, [&](const Expr *R) {
      return R && keepsShapeOf(*R, In, nullptr, &Self, 1);
    });
  };
  const sym::Expr *Found = nullptr;
  std::function<void(const Expr &)> Scan = [&](const Expr &E) {
    if (Found || E.Kind == ExprKind::Lambda ||
        E.Kind == ExprKind::Comprehension)
      return;
    if (E.Kind == ExprKind::BinaryOp && E.Op != "@") {
      for (unsigned Side = 0; Side < 2 && !Found; ++Side) {
        const Expr &Mine = *E.op(Side), &Other = *E.op(1 - Side);
        if (!keepsShapeOf(Mine, Shaped, nullptr, &Self, 0))
          continue;
        if ((Found = vectorExtent(Other, Self)))
          Why = "`" + E.Text.str() + "` at " + location(E.Range) +
                " combines it element-wise with `" + Other.Text.str() +
                "` of one dimension, which runs along its last one";
      }
    }
    for (const auto &Op : E.Ops)
      if (Op && !Found)
        Scan(*Op);
  };
  std::function<void(const Block &)> Walk = [&](const Block &B) {
    for (const auto &S : B) {
      for (const auto &X : S->Exprs)
        if (X && !Found)
          Scan(*X);
      if (Found)
        return;
      if (S->Kind == StmtKind::Assign && S->Exprs.size() == 2 &&
          S->Exprs[0]->Kind == ExprKind::Name) {
        const Expr &V = *S->Exprs[1];
        if (keepsShapeOf(V, Shaped, nullptr, &Self, 0) || MethodKeeps(V))
          Shaped.insert(S->Exprs[0]->Name);
        else
          Shaped.erase(S->Exprs[0]->Name);
      }
      for (const Block &Sub : S->Bodies)
        Walk(Sub);
    }
  };
  Walk(Body);
  return Found;
}

} // namespace modcost
