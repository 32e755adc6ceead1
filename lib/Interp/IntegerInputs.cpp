//===- IntegerInputs.cpp - forward() parameters that are integers ---------===//
///
/// \file
/// A required forward() parameter is a tensor unless its code says
/// otherwise. An annotation `int` says so (DFine's `forward(self, width:
/// int, height: int, ...)`), and so do the uses of an unannotated one that
/// only a Python integer has: CvT's `forward(self, hidden_state, height,
/// width)` spells `height` and `width` as sizes of a view
/// (`hidden_state.permute(0, 2, 1).view(batch_size, num_channels, height,
/// width)`) and in the size list of a split (`[1, height * width]`), and
/// passes them on to the same kind of parameter of its submodules. Such a
/// parameter is an integer symbol of its name.
///
//===----------------------------------------------------------------------===//

#include "IntegerInputs.h"
#include "EvaluatorImpl.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost {

/// How many calls deep a parameter passed on is followed.
static constexpr unsigned MaxIntegerDepth = 5;

bool annotatedInteger(const Param &P) {
  if (!P.Annotation)
    return false;
  SmallVector<StringRef, 3> Parts;
  StringRef(P.Annotation->Text).split(Parts, '|');
  bool Int = false;
  for (StringRef A : Parts) {
    A = A.trim();
    if (A == "int")
      Int = true;
    else if (A != "None")
      return false;
  }
  return Int;
}

/// True for a tensor method whose arguments are sizes (`x.view(b, n, d)`).
static bool sizeMethod(StringRef M) {
  return StringSwitch<bool>(M)
      .Cases("view", "reshape", "expand", "repeat", "unflatten", true)
      .Cases("new_zeros", "new_ones", "new_empty", true)
      .Default(false);
}

/// True for a function whose arguments are sizes or numbers (`range(n)`,
/// `torch.split(x, [1, h * w])`, `int(n)`).
static bool sizeFunction(StringRef Dotted) {
  return StringSwitch<bool>(Dotted)
      .Cases("range", "int", "torch.split", "torch_int", true)
      .Default(false);
}

namespace {
/// What the uses of one name say of it.
struct IntegerScan {
  StringRef Input;
  const ObjectState *Self;
  MethodLookup Find;
  unsigned Depth;
  /// A use only an integer has (the first one), or empty.
  std::string Why;
  /// A use a tensor would have: the name is no integer.
  bool TensorUse = false;
  /// The name was seen as a size since this was last cleared.
  bool SizeSeen = false;

  /// How an expression is used: as a size, or in a way that says nothing
  /// (a comparison, an assignment), or as a tensor would be.
  enum class Use { Size, Neutral, Other };

  void expr(const Expr &E, Use U);
  void call(const Expr &E);
  void selfCall(const Expr &E);
  void stmts(const Block &B);
};
} // namespace

void IntegerScan::expr(const Expr &E, Use U) {
  if (TensorUse)
    return;
  switch (E.Kind) {
  case ExprKind::Name:
    if (E.Name != Input)
      return;
    if (U == Use::Other)
      TensorUse = true;
    SizeSeen |= U == Use::Size;
    return;
  case ExprKind::Attribute:
  case ExprKind::Subscript:
    // `height.shape`, `height[0]`: a tensor's (or a sequence's) use.
    if (E.op(0)->Kind == ExprKind::Name && E.op(0)->Name == Input) {
      TensorUse = true;
      return;
    }
    for (size_t I = 0; I < E.numOps(); ++I)
      expr(*E.op(I), Use::Other);
    return;
  case ExprKind::Call:
    call(E);
    return;
  case ExprKind::BinaryOp:
  case ExprKind::UnaryOp:
    // Arithmetic inside a size is a size (`height * width`).
    for (size_t I = 0; I < E.numOps(); ++I)
      expr(*E.op(I), U == Use::Size ? Use::Size : Use::Neutral);
    return;
  case ExprKind::Tuple:
  case ExprKind::List:
    for (size_t I = 0; I < E.numOps(); ++I)
      expr(*E.op(I), U);
    return;
  case ExprKind::IfExp:
    expr(*E.op(0), U);
    expr(*E.op(1), Use::Neutral);
    expr(*E.op(2), U);
    return;
  case ExprKind::Compare:
  case ExprKind::BoolOp:
  case ExprKind::Not:
  case ExprKind::FString:
  case ExprKind::Keyword:
    for (size_t I = 0; I < E.numOps(); ++I)
      if (E.op(I))
        expr(*E.op(I), E.Kind == ExprKind::Keyword ? U : Use::Neutral);
    return;
  default:
    for (size_t I = 0; I < E.numOps(); ++I)
      if (E.op(I))
        expr(*E.op(I), Use::Other);
    return;
  }
}

void IntegerScan::call(const Expr &E) {
  const Expr &Callee = *E.callee();
  bool IsSelfCall = Callee.Kind == ExprKind::Attribute &&
                    Callee.op(0)->Kind == ExprKind::Name &&
                    Callee.op(0)->Name == "self";
  if (IsSelfCall && Self) {
    selfCall(E);
    return;
  }
  bool Sizes =
      (Callee.Kind == ExprKind::Attribute && sizeMethod(Callee.Name)) ||
      sizeFunction(Callee.getDottedName());
  if (Callee.Kind == ExprKind::Attribute)
    expr(*Callee.op(0), Use::Other);
  for (size_t I = 1; I < E.numOps(); ++I) {
    const Expr &A = *E.op(I);
    SizeSeen = false;
    expr(A, Sizes ? Use::Size : Use::Other);
    if (SizeSeen && Why.empty() && !TensorUse)
      Why = "it is a size in `" + E.Text.str() + "`";
  }
}

void IntegerScan::selfCall(const Expr &E) {
  StringRef Attr = E.callee()->Name;
  const ObjectState *Target = Self;
  const FunctionDef *Callee = nullptr;
  auto It = Self->Attrs.find(Attr);
  if (It != Self->Attrs.end()) {
    if (It->second.is(ValueKind::Object) && It->second.Obj) {
      Target = It->second.Obj.get();
      Callee = Find(*Target, "forward");
    }
  } else {
    Callee = Find(*Self, Attr); // A method of self.
  }
  size_t Pos = 0;
  for (size_t I = 1; I < E.numOps(); ++I) {
    const Expr &A = *E.op(I);
    bool Keyword = A.Kind == ExprKind::Keyword;
    const Expr &V = Keyword ? *A.op(0) : A;
    size_t Index = Keyword ? 0 : Pos++;
    if (V.Kind != ExprKind::Name || V.Name != Input) {
      expr(V, Use::Other);
      continue;
    }
    // The name itself, passed on: what the receiving parameter is.
    const Param *Q = Callee ? receivingParam(*Callee, Index,
                                             Keyword ? StringRef(A.Name) : "")
                            : nullptr;
    std::string Deeper;
    if (Q && annotatedInteger(*Q))
      Deeper = "annotated `" + Q->Annotation->Text.str() + "`";
    else if (Q && !Q->Annotation && Depth < MaxIntegerDepth)
      Deeper = integerByUses(Q->Name, *Callee, Target, Find, Depth + 1);
    if (Deeper.empty()) {
      TensorUse = true;
      return;
    }
    if (Why.empty())
      Why = "it is passed to `" + E.callee()->Text.str() + "` (`" +
            Target->ClassName + "." + Callee->Name + "`), whose parameter `" +
            Q->Name + "` is an integer: " + Deeper;
  }
}

void IntegerScan::stmts(const Block &B) {
  for (const auto &S : B) {
    if (TensorUse)
      return;
    if (S->Kind == StmtKind::FunctionDef || S->Kind == StmtKind::ClassDef)
      continue;
    size_t N = S->Exprs.size();
    for (size_t I = 0; I < N; ++I) {
      const Expr *E = S->Exprs[I].get();
      if (!E)
        continue;
      bool Target =
          (S->Kind == StmtKind::Assign && I + 1 < N) ||
          ((S->Kind == StmtKind::AugAssign || S->Kind == StmtKind::AnnAssign ||
            S->Kind == StmtKind::For) &&
           I == 0);
      // A rebinding of the name ends what its uses say: undecided.
      if (Target && E->Text.contains(Input)) {
        if (E->Kind == ExprKind::Name && E->Name == Input)
          TensorUse = true;
        expr(*E, Use::Other);
        continue;
      }
      bool Neutral = S->Kind == StmtKind::If || S->Kind == StmtKind::While ||
                     S->Kind == StmtKind::Assert ||
                     S->Kind == StmtKind::Assign ||
                     S->Kind == StmtKind::AnnAssign;
      expr(*E, Neutral ? Use::Neutral : Use::Other);
    }
    for (const Block &Sub : S->Bodies)
      stmts(Sub);
  }
}

std::string integerByUses(StringRef Input, const FunctionDef &Fn,
                          const ObjectState *Self, MethodLookup Find,
                          unsigned Depth) {
  IntegerScan Scan{Input, Self, Find, Depth, "", false, false};
  Scan.stmts(Fn.body());
  return Scan.TensorUse ? "" : Scan.Why;
}

} // namespace modcost
