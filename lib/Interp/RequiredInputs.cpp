//===- RequiredInputs.cpp - Optional inputs the code cannot do without ----===//
///
/// \file
/// A forward() input that defaults to None (or that the profile's
/// `[inputs]` says is not passed) is nevertheless passed when the code
/// cannot run without it: the inference path does not raise. The code
/// requires it when it never asks whether the input is there (no `is None`,
/// `is not None`, `==`/`!=` None or truth test of it) and either uses it as
/// a tensor (`encoder_hidden_states.shape`, `key_value_states[0]`) or passes
/// it to a method or submodule of self whose parameter is required (no
/// default) or, in turn, required by that callee's code (followed a few
/// calls deep). A guard that raises when it is None (`if pixel_values is
/// None: raise ValueError(...)`, not nested in another statement) requires
/// it too. A cross attention's `encoder_hidden_states`, a vision
/// model's `pixel_values` and a speech model's `input_features` are such
/// inputs. The evaluator then binds it like a required input: its
/// `[input_shape]` convention, else the shape its first consumer implies.
///
//===----------------------------------------------------------------------===//

#include "RequiredInputs.h"
#include "EvaluatorImpl.h"

#include <functional>

using namespace llvm;

namespace modcost {

/// How many calls deep a requirement is followed (a model, its
/// `get_image_features`, the vision tower, its embeddings).
static constexpr unsigned MaxRequiredDepth = 5;

static bool isName(const Expr *E, StringRef N) {
  return E && E->Kind == ExprKind::Name && E->Name == N;
}

/// True if \p E asks whether \p N is there: compares it with `is`, `is
/// not`, `==` or `!=` (with None or anything else), or takes its truth
/// (`not N`, `N or ...`, `... if N else ...`).
static bool testsPresence(const Expr &E, StringRef N) {
  switch (E.Kind) {
  case ExprKind::Compare:
    for (size_t I = 0; I < E.CompareOps.size() && I + 1 < E.numOps(); ++I) {
      StringRef Op = E.CompareOps[I];
      if ((Op == "is" || Op == "is not" || Op == "==" || Op == "!=") &&
          (isName(E.op(I), N) || isName(E.op(I + 1), N)))
        return true;
    }
    break;
  case ExprKind::Not:
  case ExprKind::BoolOp:
    for (const auto &Op : E.Ops)
      if (isName(Op.get(), N))
        return true;
    break;
  case ExprKind::IfExp:
    if (isName(E.op(1), N))
      return true;
    break;
  default:
    break;
  }
  for (const auto &Op : E.Ops)
    if (Op && testsPresence(*Op, N))
      return true;
  return false;
}

/// True if condition \p C is false because an input \p Absent says is
/// not passed is None: `M is not None`, or an `and` with such an operand
/// (`labels is not None and decoder_input_ids is None`).
static bool falseWhenAbsent(const Expr &C,
                            function_ref<bool(StringRef)> Absent) {
  if (C.Kind == ExprKind::BoolOp && C.Op == "and" && C.numOps() == 2)
    return falseWhenAbsent(*C.op(0), Absent) ||
           falseWhenAbsent(*C.op(1), Absent);
  return C.Kind == ExprKind::Compare && C.CompareOps.size() == 1 &&
         C.CompareOps[0] == "is not" && C.numOps() == 2 &&
         C.op(0)->Kind == ExprKind::Name && C.op(1)->Kind == ExprKind::None &&
         Absent(C.op(0)->Name);
}

/// True if a statement of \p B that can run tests whether \p N is there;
/// the branch of a condition falseWhenAbsent accepts (`if labels is not
/// None: if decoder_input_ids is None: ...`) cannot.
static bool blockTestsPresence(const Block &B, StringRef N,
                               function_ref<bool(StringRef)> Absent) {
  for (const auto &S : B) {
    if (S->Kind == StmtKind::If && !S->Exprs.empty() &&
        falseWhenAbsent(*S->Exprs[0], Absent)) {
      for (size_t I = 1; I < S->Bodies.size(); ++I)
        if (blockTestsPresence(S->Bodies[I], N, Absent))
          return true;
      continue;
    }
    if ((S->Kind == StmtKind::If || S->Kind == StmtKind::While ||
         S->Kind == StmtKind::Assert) &&
        !S->Exprs.empty() && isName(S->Exprs[0].get(), N))
      return true;
    for (const auto &E : S->Exprs)
      if (E && testsPresence(*E, N))
        return true;
    for (const Block &Sub : S->Bodies)
      if (blockTestsPresence(Sub, N, Absent))
        return true;
  }
  return false;
}

/// True if statement \p S binds \p N anew (an assignment or a loop
/// target): later uses are of the new value.
static bool rebinds(const Stmt &S, StringRef N) {
  if (S.Kind == StmtKind::Assign)
    for (size_t I = 0; I + 1 < S.Exprs.size(); ++I)
      if (isName(S.Exprs[I].get(), N))
        return true;
  if ((S.Kind == StmtKind::For || S.Kind == StmtKind::AnnAssign ||
       S.Kind == StmtKind::AugAssign) &&
      !S.Exprs.empty() && isName(S.Exprs[0].get(), N))
    return true;
  return false;
}

const Param *receivingParam(const FunctionDef &Callee, size_t Index,
                            StringRef Keyword) {
  size_t Seen = 0;
  bool First = true;
  for (const Param &X : Callee.Params) {
    if (X.Kind == ParamKind::PositionalOnlyMarker ||
        X.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (X.Kind == ParamKind::VarArgs || X.Kind == ParamKind::VarKeywords)
      continue;
    if (std::exchange(First, false))
      continue; // self
    if (!Keyword.empty()
            ? X.Name == Keyword
            : (X.Kind != ParamKind::KeywordOnly && Seen++ == Index))
      return &X;
  }
  return nullptr;
}

static std::string requiredByCallee(const Expr &Call, size_t Index,
                                    StringRef Keyword, const ObjectState *Self,
                                    MethodLookup Find, InputPresent Present,
                                    unsigned Depth);

/// The branch of `if N is not None:` (or `if N is None:`) that cannot run
/// when \p N is an input that is there, or one that is not passed: 1 (the
/// else) or 0; -1 for any other condition. GPT-2's `if input_ids is not None:
/// ... else: ... inputs_embeds.shape` never reads `inputs_embeds`.
static int deadBranch(const Stmt &S, StringRef Input, const FunctionDef &Fn,
                      InputPresent Present) {
  if (S.Kind != StmtKind::If || S.Exprs.empty())
    return -1;
  const Expr &C = *S.Exprs[0];
  if (C.Kind != ExprKind::Compare || C.CompareOps.size() != 1 ||
      C.numOps() != 2 || C.op(1)->Kind != ExprKind::None ||
      C.op(0)->Kind != ExprKind::Name || C.op(0)->Name == Input)
    return -1;
  StringRef N = C.op(0)->Name;
  const Param *P = nullptr;
  for (const Param &X : Fn.Params)
    if (X.Name == N)
      P = &X;
  if (!P)
    return -1;
  // An input that is there makes `is not None` true; one that is not
  // passed (default None: `labels`) makes it false.
  bool There = Present(*P);
  if (!There && !(P->Default && P->Default->Kind == ExprKind::None))
    return -1;
  if (C.CompareOps[0] == "is not")
    return There ? 1 : 0;
  if (C.CompareOps[0] == "is")
    return There ? 0 : 1;
  return -1;
}

/// True if \p C is `N is None` (\p Is) or `N is not None` (!\p Is).
static bool comparesWithNone(const Expr &C, StringRef N, bool Is) {
  return C.Kind == ExprKind::Compare && C.CompareOps.size() == 1 &&
         C.CompareOps[0] == (Is ? "is" : "is not") && C.numOps() == 2 &&
         isName(C.op(0), N) && C.op(1)->Kind == ExprKind::None;
}

/// True if condition \p C holds whenever \p N is None, given that the
/// other inputs \p Absent says are not passed are None too: `N is None`,
/// `N is None and M is None`, `(N is None) ^ (M is not None)` (the
/// "exactly one of input_ids or inputs_embeds" check).
static bool holdsWhenNone(const Expr &C, StringRef N,
                          function_ref<bool(StringRef)> Absent) {
  if (comparesWithNone(C, N, /*Is=*/true))
    return true;
  if (C.numOps() != 2)
    return false;
  auto Other = [&](const Expr &E, bool Is) {
    return E.Kind == ExprKind::Compare && E.numOps() == 2 &&
           E.op(0)->Kind == ExprKind::Name && E.op(0)->Name != N &&
           comparesWithNone(E, E.op(0)->Name, Is) && Absent(E.op(0)->Name);
  };
  const Expr &A = *C.op(0), &B = *C.op(1);
  if (C.Kind == ExprKind::BoolOp && C.Op == "and")
    return (comparesWithNone(A, N, true) && Other(B, true)) ||
           (comparesWithNone(B, N, true) && Other(A, true));
  if (C.Kind == ExprKind::BinaryOp && C.Op == "^")
    return (comparesWithNone(A, N, true) && Other(B, false)) ||
           (comparesWithNone(B, N, true) && Other(A, false));
  return false;
}

/// The location of a statement of \p B (not nested) that raises when
/// \p N is None (`if N is None: raise ...`, or a condition holdsWhenNone
/// accepts), with no `else`; empty if none.
static std::string noneGuard(const Block &B, StringRef N,
                             function_ref<bool(StringRef)> Absent) {
  for (const auto &S : B) {
    if (S->Kind != StmtKind::If || S->Exprs.empty() || S->Bodies.empty() ||
        S->Bodies[0].empty() || S->Bodies[0].front()->Kind != StmtKind::Raise ||
        (S->Bodies.size() > 1 && !S->Bodies[1].empty()))
      continue;
    if (holdsWhenNone(*S->Exprs[0], N, Absent))
      return location(S->Range);
  }
  return "";
}

std::string requiredByCode(StringRef Input, const FunctionDef &Fn,
                           const ObjectState *Self, MethodLookup Find,
                           InputPresent Present, unsigned Depth) {
  if (Depth > MaxRequiredDepth)
    return "";
  // `if pixel_values is None: raise ValueError(...)`: the code runs only
  // with it.
  // The other inputs that are not passed (never the one being decided).
  auto Absent = [&](StringRef M) {
    if (M == Input)
      return false;
    for (const Param &X : Fn.Params)
      if (X.Name == M)
        return X.Default && X.Default->Kind == ExprKind::None && !Present(X);
    return false;
  };
  if (std::string At = noneGuard(Fn.body(), Input, Absent); !At.empty())
    return "it raises when it is None at " + At;
  if (blockTestsPresence(Fn.body(), Input, Absent))
    return "";
  std::string Why;
  // The first use, in source order, that needs a tensor.
  std::function<bool(const Expr &)> Visit = [&](const Expr &E) -> bool {
    if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
      return false;
    if ((E.Kind == ExprKind::Attribute || E.Kind == ExprKind::Subscript) &&
        isName(E.op(0), Input)) {
      Why = "it reads `" + E.Text.str() + "` at " + location(E.Range);
      return true;
    }
    if (E.Kind == ExprKind::Call && Self &&
        E.callee()->Kind == ExprKind::Attribute &&
        isName(E.callee()->op(0), "self")) {
      size_t Pos = 0;
      for (size_t I = 1; I < E.numOps(); ++I) {
        const Expr *A = E.op(I);
        bool Kw = A->Kind == ExprKind::Keyword;
        const Expr *Arg = Kw ? A->op(0) : A;
        if (!isName(Arg, Input)) {
          Pos += !Kw;
          continue;
        }
        if (std::string W =
                requiredByCallee(E, Pos, Kw ? StringRef(A->Name) : StringRef(),
                                 Self, Find, Present, Depth);
            !W.empty()) {
          Why = "it passes it to `" + E.callee()->Text.str() + "` at " +
                location(E.Range) + ", " + W;
          return true;
        }
        Pos += !Kw;
      }
    }
    for (const auto &Op : E.Ops)
      if (Op && Visit(*Op))
        return true;
    return false;
  };
  // The statements in source order, up to the first that rebinds the
  // input (its own right-hand side still reads the input).
  enum class Scan { Found, Stop, Go };
  std::function<Scan(const Block &)> Walk = [&](const Block &B) -> Scan {
    for (const auto &S : B) {
      if (S->Kind == StmtKind::FunctionDef || S->Kind == StmtKind::ClassDef)
        continue;
      for (const auto &E : S->Exprs)
        if (E && Visit(*E))
          return Scan::Found;
      int Dead = deadBranch(*S, Input, Fn, Present);
      if (Dead < 0 && S->Kind == StmtKind::If && !S->Exprs.empty() &&
          falseWhenAbsent(*S->Exprs[0], Absent))
        Dead = 0;
      for (size_t I = 0; I < S->Bodies.size(); ++I)
        if (int(I) != Dead)
          if (Scan R = Walk(S->Bodies[I]); R != Scan::Go)
            return R;
      if (rebinds(*S, Input))
        return Scan::Stop;
    }
    return Scan::Go;
  };
  return Walk(Fn.body()) == Scan::Found ? Why : "";
}

static std::string requiredByCallee(const Expr &Call, size_t Index,
                                    StringRef Keyword, const ObjectState *Self,
                                    MethodLookup Find, InputPresent Present,
                                    unsigned Depth) {
  StringRef Attr = Call.callee()->Name;
  const ObjectState *Target = Self;
  const FunctionDef *Callee = nullptr;
  auto It = Self->Attrs.find(Attr);
  if (It != Self->Attrs.end()) {
    if (!It->second.is(ValueKind::Object) || !It->second.Obj)
      return "";
    Target = It->second.Obj.get();
    Callee = Find(*Target, "forward");
  } else {
    Callee = Find(*Self, Attr); // A method of self.
  }
  if (!Callee)
    return "";
  const Param *Q = receivingParam(*Callee, Index, Keyword);
  if (!Q)
    return "";
  std::string Where = "`" + Target->ClassName + "." + Callee->Name + "`";
  if (!Q->Default)
    return "whose parameter `" + Q->Name + "` (" + Where + ") has no default";
  if (Q->Default->Kind != ExprKind::None)
    return "";
  std::string Deeper =
      requiredByCode(Q->Name, *Callee, Target, Find, Present, Depth + 1);
  if (Deeper.empty())
    return "";
  return "whose parameter `" + Q->Name + "` (" + Where +
         ") it needs: " + Deeper;
}

} // namespace modcost
