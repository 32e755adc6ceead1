//===- Statements.cpp - Statements and control flow
//-------------------------===//
///
/// \file
/// Assignment, `if`/`elif`/`while` decisions (both branches joined when
/// undecided), loops with trip counts, and blocks.
///
//===----------------------------------------------------------------------===//

#include "BranchEffects.h"
#include "BranchJoin.h"
#include "ConcreteTensors.h"
#include "EvaluatorImpl.h"
#include "SequencePieces.h"
#include "TensorFills.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace llvm;

namespace modcost {

/// Last line of a statement; an `if` includes its whole elif/else chain.
static unsigned stmtEndLine(const Stmt &S) {
  unsigned End = S.Range.EndLine;
  if (S.Kind == StmtKind::If && !S.Bodies[1].empty())
    End = std::max(End, stmtEndLine(*S.Bodies[1].back()));
  return End;
}

/// Adds the first line of every statement of \p B (nested ones too).
static void statementLines(const Block &B, std::set<unsigned> &Out) {
  for (const auto &S : B) {
    Out.insert(S->Range.Line);
    for (const Block &Sub : S->Bodies)
      statementLines(Sub, Out);
  }
}

std::pair<unsigned, unsigned> blockLines(const Block &B) {
  if (B.empty())
    return {0, 0};
  return {B.front()->Range.Line, stmtEndLine(*B.back())};
}

/// True if the block ends in `raise` at its top level.
static bool blockRaises(const Block &B) {
  for (const auto &S : B)
    if (S->Kind == StmtKind::Raise)
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void Evaluator::assign(const Expr &Target, const Value &V, Frame &F) {
  switch (Target.Kind) {
  case ExprKind::Name: {
    static const bool Trace = std::getenv("MODCOST_TRACE_EVAL") != nullptr;
    if (Trace)
      errs() << "trace: " << location(Target.Range) << " depth " << F.Depth
             << ": " << Target.Name << " = " << V.str() << "\n";
    Value Stored = V;
    // A tensor bound to a name gets an identity, so `q is k` holds when
    // both name the same object.
    if (Stored.is(ValueKind::Tensor) && Stored.Name.empty())
      Stored.Name = "%" + std::to_string(++TensorIds);
    if (Stored.Why.empty() && !Stored.isUnknown())
      Stored.Why = "`" + Target.Name + "` = " + V.str() + " (set at " +
                   location(Target.Range) + ")";
    F.Locals[Target.Name] = Stored;
    F.MutatedInPlace.erase(Target.Name); // Rebound: no longer the caller's.
    return;
  }
  case ExprKind::Attribute: {
    Value Obj = eval(*Target.op(0), F);
    if (Obj.is(ValueKind::Object)) {
      Value Stored = V;
      Stored.Why = joinWhy(V.Why, "`" + Target.Text.str() + "` set at " +
                                      location(Target.Range));
      if (Obj.Obj->IsConfig)
        Stored.SetOnConfig = true;
      // A module assigned to an attribute of a container subclass
      // (`class _Transition(nn.Sequential)`: `self.conv = ...`) is one of
      // its submodules, run in assignment order, as torch registers it.
      if (isContainer(*Obj.Obj) && Stored.is(ValueKind::Object) &&
          is_contained(Stored.Obj->MRO, "torch.nn.modules.module.Module") &&
          !is_contained(Obj.Obj->ItemNames, Target.Name))
        addSubmodule(*Obj.Obj, Value::string(Target.Name), Stored);
      Obj.Obj->setAttr(Target.Name, Stored);
    }
    return;
  }
  case ExprKind::Tuple:
  case ExprKind::List: {
    size_t N = Target.numOps();
    bool Starred = llvm::any_of(
        Target.Ops, [](const auto &O) { return O->Kind == ExprKind::Starred; });
    if (V.is(ValueKind::Tuple) && !Starred && V.Elems.size() == N) {
      for (size_t I = 0; I < N; ++I)
        assign(*Target.op(I), V.Elems[I], F);
      return;
    }
    if (V.SizeOfUnknownLength && !Starred) {
      // A torch.Size input unpacked into names: a size symbol each, named
      // by its target (`_`: `size_<position>`).
      for (size_t I = 0; I < N; ++I) {
        const Expr &T = *Target.op(I);
        std::string Name = T.Kind == ExprKind::Name && T.Name != "_"
                               ? T.Name
                               : "size_" + std::to_string(I);
        std::string Why = "dimension " + std::to_string(I) + " of " + V.Why +
                          ", unpacked at " + location(Target.Range);
        noteSymbol(Name, Why);
        Value D = Value::symbolic(Sym.symbol(Name), Why);
        D.MinValue = 1;
        assign(T, D, F);
      }
      return;
    }
    std::string Why = V.isUnknown() ? V.Why : "";
    if (V.is(ValueKind::Tuple) && !Starred && !V.RepeatCount &&
        V.Segments.empty()) {
      // `a, b = x.shape` of a 4-D tensor: Python would raise ValueError
      // (or the analyzed value is not what the code expects). What it
      // binds is unknown, never a guess, and the site is an unknown op.
      Why = formatv("unpacking a value of {0} element(s) into {1} name(s) "
                    "at {2}: as analyzed, Python would raise ValueError",
                    V.Elems.size(), N, location(Target.Range))
                .str();
      if (!TryDepth && recording())
        noteUnknown(
            formatv("`{0}` ({1}; nothing it binds is known)", Target.Text, Why)
                .str());
    }
    for (const auto &T : Target.Ops) // Each part of an unknown is one.
      assign(T->Kind == ExprKind::Starred ? *T->op(0) : *T, Value::unknown(Why),
             F);
    return;
  }
  case ExprKind::Starred:
    assign(*Target.op(0), Value::unknown(), F);
    return;
  case ExprKind::Subscript: {
    // A store into a region of a tensor (`mask[a:b, c:d] = 1`,
    // `x[idx] = y`): the region is written, a tensor source read. Only the
    // tensor's contents change; its shape does not.
    Value Base = eval(*Target.op(0), F);
    const Expr &Of = *Target.op(0);
    if (Base.is(ValueKind::Dict) || Base.is(ValueKind::Tuple) ||
        (Of.Kind == ExprKind::Attribute && Of.Name == "_modules")) {
      storeItem(Target, V, F);
      return;
    }
    if (!Base.is(ValueKind::Tensor))
      return;
    ++Suppress; // The region itself is not a read.
    Value Region = tensorSubscript(Base, Target, F);
    --Suppress;
    if (V.is(ValueKind::Tensor))
      noteOp("copy_", {V}, Region, CostExtras(), "store into a region");
    else
      noteOp("fill_", {}, Region, CostExtras(), "store into a region");
    TensorFills(*this).storeFill(*Target.op(0), Base, V, F);
    return;
  }
  default:
    return;
  }
}

EnvSnapshot snapshot(const StringMap<Value> &Locals,
                     const std::shared_ptr<ObjectState> &Self) {
  EnvSnapshot S;
  S.Locals = Locals;
  if (Self)
    S.Attrs = Self->Attrs;
  return S;
}

StringMap<Value> joinMaps(const StringMap<Value> &A,
                          const StringMap<Value> &B) {
  StringMap<Value> Out;
  for (const auto &E : A) {
    auto It = B.find(E.first());
    Out[E.first()] = It == B.end() ? Value::unknown("set on one branch only")
                                   : Value::join(E.second, It->second);
  }
  for (const auto &E : B)
    if (!A.count(E.first()))
      Out[E.first()] = Value::unknown("set on one branch only");
  return Out;
}

/// `total *= scale` and the other augmented assignments of known numbers;
/// Unknown for anything else (an overflow, a division by zero).
static Value augmentNumber(const Value &L, const Value &R, StringRef Op) {
  bool Float = L.is(ValueKind::Float) || R.is(ValueKind::Float);
  if (Float) {
    double A = num(L), B = num(R);
    if (Op == "+=")
      return Value::floating(A + B);
    if (Op == "-=")
      return Value::floating(A - B);
    if (Op == "*=")
      return Value::floating(A * B);
    if (Op == "/=" && B != 0)
      return Value::floating(A / B);
    return Value::unknown();
  }
  int64_t A = L.is(ValueKind::Bool) ? L.B : L.I;
  int64_t B = R.is(ValueKind::Bool) ? R.B : R.I, V;
  if ((Op == "+=" && !__builtin_add_overflow(A, B, &V)) ||
      (Op == "-=" && !__builtin_sub_overflow(A, B, &V)) ||
      (Op == "*=" && !__builtin_mul_overflow(A, B, &V)))
    return Value::integer(V);
  if (Op == "/=" && B != 0)
    return Value::floating(double(A) / double(B));
  if (Op == "//=" && B > 0)
    return Value::integer(A >= 0 ? A / B : -((-A + B - 1) / B));
  return Value::unknown();
}

Evaluator::Flow Evaluator::execIf(const Stmt &S, Frame &F) {
  Value C = eval(*S.Exprs[0], F);
  Truth T = C.truth();
  const Block &Then = S.Bodies[0], &Else = S.Bodies[1];
  DecisionInfo D;
  D.Kind = S.IsElif ? "elif" : "if";
  D.Condition = S.Exprs[0]->Text.str();
  bool ElseIsElif =
      Else.size() == 1 && Else[0]->Kind == StmtKind::If && Else[0]->IsElif;
  bool ThenRaises = blockRaises(Then), ElseRaises = blockRaises(Else);
  // A convention (not the code) chose a branch that raises: the code says
  // more, a run that returns takes the other one.
  if (C.ByConvention && T != Truth::Unknown && ThenRaises != ElseRaises &&
      (T == Truth::True) == ThenRaises)
    T = Truth::Unknown;
  // A branch that raises is never on the path of a run that returns: the
  // condition is decided by that (a guard on the inputs, e.g. a sequence no
  // longer than max_position_embeddings).
  if (T != Truth::Unknown || ThenRaises != ElseRaises) {
    bool TakeThen = T == Truth::Unknown ? ElseRaises : T == Truth::True;
    D.Value = TakeThen ? "true" : "false";
    D.Reason = C.Why.empty() ? "constant condition" : C.Why;
    if (T == Truth::Unknown)
      D.Reason = std::string("the `") + (TakeThen ? "else" : "then") +
                 "` branch raises, so a run that returns takes the other "
                 "(rule: never take a branch that raises)" +
                 (C.Why.empty() ? "" : "; it depends on " + C.Why);
    D.Taken = TakeThen ? "then" : (Else.empty() ? "none" : "else");
    auto Skipped = blockLines(TakeThen ? Else : Then);
    if (Skipped.first && !(TakeThen == false && false))
      D.Skipped.push_back(Skipped);
    if (!TakeThen && ElseIsElif)
      D.Taken = "elif";
    record(&S, D, false, S.Exprs[0]->Range, F);
    if (F.Record)
      Result.BranchTaken[&S] = TakeThen ? 0 : 1;
    refineFromComparison(*S.Exprs[0], TakeThen, F);
    // In a callee being priced, the branch left out is accounted for,
    // also on a path an undecided condition left out (it runs unpriced).
    noteUnreachable(TakeThen ? Else : Then, 0, F);
    return execBlock(TakeThen ? Then : Else, F);
  }
  // Undecided: run both, join, and pick the path by the documented rule.
  bool ChooseThen = true;
  D.Value = "undecided";
  D.Reason = "assuming it is true (rule: an undecided condition takes the "
             "`then` branch)";
  if (!C.Why.empty())
    D.Reason += "; it depends on " + C.Why;
  D.Taken = ChooseThen ? "then" : "else";
  auto RecordChoice = [&](bool Undecided) {
    record(&S, D, Undecided, S.Exprs[0]->Range, F);
    if (F.Record)
      Result.BranchTaken[&S] = ChooseThen ? 0 : 1;
  };
  // Branches that only check or report may turn out to compute nothing:
  // then the condition cannot change the cost, decided once both ran.
  bool MayNotMatter = onlyChecksOrReports(Then, F.Locals) &&
                      onlyChecksOrReports(Else, F.Locals);
  unsigned OpsBefore = OpsNoted;
  if (!MayNotMatter)
    RecordChoice(/*Undecided=*/true);

  // Both branches run (their effects are joined) but only the chosen one
  // is priced.
  EnvSnapshot Before = snapshot(F.Locals, F.Self);
  Suppress += ChooseThen ? 0 : 1;
  GuessSuppress += ChooseThen ? 0 : 1;
  Flow ThenFlow = execBlock(Then, F);
  Suppress -= ChooseThen ? 0 : 1;
  GuessSuppress -= ChooseThen ? 0 : 1;
  EnvSnapshot AfterThen = snapshot(F.Locals, F.Self);
  F.Locals = Before.Locals;
  if (F.Self)
    F.Self->Attrs = Before.Attrs;
  Suppress += ChooseThen ? 1 : 0;
  GuessSuppress += ChooseThen ? 1 : 0;
  Flow ElseFlow = execBlock(Else, F);
  Suppress -= ChooseThen ? 1 : 0;
  GuessSuppress -= ChooseThen ? 1 : 0;
  if (MayNotMatter) {
    if (OpsNoted == OpsBefore && ThenFlow == Flow::Normal &&
        ElseFlow == Flow::Normal) {
      // Neither branch computed anything (no op, priced or not) or bound
      // a name: the outcome cannot change the unit's cost or any value.
      D.Value = "either";
      D.Reason = "neither branch computes anything or changes a variable "
                 "(they only check or report), so the cost is the same "
                 "either way";
      if (!C.Why.empty())
        D.Reason += "; it depends on " + C.Why;
      RecordChoice(/*Undecided=*/false);
      F.Locals = std::move(AfterThen.Locals);
      if (F.Self)
        F.Self->Attrs = std::move(AfterThen.Attrs);
      return Flow::Normal;
    }
    RecordChoice(/*Undecided=*/true);
  }
  bool ThenEnds = ThenFlow != Flow::Normal, ElseEnds = ElseFlow != Flow::Normal;
  if (ThenEnds && ElseEnds)
    return ThenFlow == Flow::Returned ? ThenFlow : ElseFlow;
  if (ThenEnds) {
    // Only the else path continues: keep its state. If the chosen branch
    // was the one that returned, what follows is not priced.
    if (ChooseThen && ThenFlow == Flow::Returned) {
      ++Suppress;
      ++GuessSuppress;
      ++F.SuppressedTail;
    }
    return Flow::Normal;
  }
  if (ElseEnds) {
    if (!ChooseThen && ElseFlow == Flow::Returned) {
      ++Suppress;
      ++GuessSuppress;
      ++F.SuppressedTail;
    }
    F.Locals = AfterThen.Locals;
    if (F.Self)
      F.Self->Attrs = AfterThen.Attrs;
    return Flow::Normal;
  }
  F.Locals = joinMaps(AfterThen.Locals, F.Locals);
  if (F.Self)
    F.Self->Attrs = joinMaps(AfterThen.Attrs, F.Self->Attrs);
  return Flow::Normal;
}

Evaluator::Flow Evaluator::execStmt(const Stmt &S, Frame &F) {
  // Each top-level line of the unit's forward() collects its kernels.
  int Saved = CurEntry;
  bool Computational = S.Kind != StmtKind::Pass &&
                       S.Kind != StmtKind::FunctionDef &&
                       S.Kind != StmtKind::ClassDef &&
                       S.Kind != StmtKind::Import && S.Kind != StmtKind::Try;
  if (F.Record && F.Depth == 0 && F.Context == "forward" && CallStack.empty() &&
      Computational)
    beginEntry(S);
  // A top-level line of a composite callee being priced: its own report.
  CallAccumulator *Callee = nullptr;
  int SavedCallee = -1;
  if (!CallStack.empty() && CallStack.back().FrameDepth == F.Depth &&
      Computational && recording()) {
    Callee = &CallStack.back();
    SavedCallee = Callee->CurEntry;
    beginEntry(S);
  }
  // A line of that callee that runs only on a path a guess left out: note
  // whether it would have priced an operation.
  std::shared_ptr<CalleeBody> Unpriced;
  unsigned DroppedBefore = DroppedByGuess;
  if (!CallStack.empty() && CallStack.back().FrameDepth == F.Depth &&
      Computational && !recording() && GuessSuppress && CurEntry >= 0)
    Unpriced = CallStack.back().Body;
  size_t Depth = CallStack.size();
  Flow Fl = execStmtImpl(S, F);
  if (Callee && CallStack.size() == Depth)
    CallStack.back().CurEntry = SavedCallee;
  if (Unpriced)
    Unpriced->LinesUnpriced[S.Range.Line] |= DroppedByGuess > DroppedBefore;
  CurEntry = Saved;
  return Fl;
}

Evaluator::Flow Evaluator::execStmtImpl(const Stmt &S, Frame &F) {
  ++Steps;
  if (budgetExceeded()) {
    noteBudgetExceeded(S.Range, F);
    return Flow::Normal;
  }
  switch (S.Kind) {
  case StmtKind::Expr:
    eval(*S.Exprs[0], F);
    return Flow::Normal;
  case StmtKind::Assign: {
    Value V = eval(*S.Exprs.back(), F);
    // `a = b = t`: both names are the same tensor object.
    if (V.is(ValueKind::Tensor) && V.Name.empty())
      V.Name = "%" + std::to_string(++TensorIds);
    for (size_t I = 0; I + 1 < S.Exprs.size(); ++I) {
      assign(*S.Exprs[I], V, F);
      const Expr &T = *S.Exprs[I];
      if ((T.Kind == ExprKind::Tuple || T.Kind == ExprKind::List) &&
          V.is(ValueKind::Tuple) && V.Elems.size() == T.numOps())
        for (size_t K = 0; K < T.numOps(); ++K)
          logShape(*T.op(K), V.Elems[K], F);
      else
        logShape(T, V, F);
    }
    return Flow::Normal;
  }
  case StmtKind::AnnAssign:
    if (S.Exprs[2]->Kind != ExprKind::Null) {
      Value V = eval(*S.Exprs[2], F);
      assign(*S.Exprs[0], V, F);
      logShape(*S.Exprs[0], V, F);
    }
    return Flow::Normal;
  case StmtKind::AugAssign: {
    Value R = eval(*S.Exprs[1], F);
    Value L = eval(*S.Exprs[0], F);
    Value Out = Value::unknown();
    if (L.is(ValueKind::Tensor)) {
      Out = L;
      StringRef InPlace = StringSwitch<StringRef>(S.Op)
                              .Case("+=", "add_")
                              .Case("-=", "sub_")
                              .Case("*=", "mul_")
                              .Case("/=", "div_")
                              .Default("");
      if (InPlace.empty())
        noteUnknown("`" + S.Op + "` on a tensor", S.Op == "@=");
      else
        noteOp(InPlace, {L, R}, L, CostExtras(), "`" + S.Op + "`");
    } else if (isNumeric(L) && R.is(ValueKind::Tensor)) {
      // `buckets = 0; buckets += t`: a number is rebound to `number + t`,
      // a new tensor (T5's relative position buckets).
      StringRef Name = StringSwitch<StringRef>(S.Op)
                           .Case("+=", "__add__")
                           .Case("-=", "__sub__")
                           .Case("*=", "__mul__")
                           .Case("/=", "__truediv__")
                           .Default("");
      if (!Name.empty()) {
        Out = broadcast(R, L);
        noteOp(Name, {L, R}, Out, CostExtras(), "`" + S.Op + "`");
      }
    } else if (isNumeric(L) && isNumeric(R))
      Out = augmentNumber(L, R, S.Op);
    else if ((L.is(ValueKind::Symbol) &&
              (R.is(ValueKind::Symbol) || isNumeric(R))) ||
             (isNumeric(L) && R.is(ValueKind::Symbol)) ||
             (L.is(ValueKind::Str) && R.is(ValueKind::Str)))
      // `input_dim += config.shape_embed_dim`: an immutable value is
      // rebound to `L op R`, exactly as the binary operator computes it.
      Out = binaryOp(L, R, StringRef(S.Op).drop_back(), *S.Exprs[0]);
    else if (L.is(ValueKind::Tuple) && R.is(ValueKind::Tuple) &&
             !L.RepeatCount && !R.RepeatCount && S.Op == "+=") {
      // `layers += [conv, nn.ReLU()]`: the list extended in place.
      Out = L;
      llvm::append_range(Out.Elems, R.Elems);
    } else if (L.is(ValueKind::Object) && S.Op == "+=" &&
               extendContainer(*L.Obj, R)) {
      // `self.layers += [MaxVitLayer(...)]`: an nn.ModuleList extended.
      Out = L;
    }
    assign(*S.Exprs[0], Out, F);
    if (Out.is(ValueKind::Tuple) && S.Exprs[0]->Kind == ExprKind::Name)
      F.MutatedInPlace.insert(S.Exprs[0]->Name);
    logShape(*S.Exprs[0], Out, F);
    return Flow::Normal;
  }
  case StmtKind::If:
    return execIf(S, F);
  case StmtKind::For:
  case StmtKind::While:
    return execLoop(S, F);
  case StmtKind::With:
    for (size_t I = 0; I + 1 < S.Exprs.size(); I += 2) {
      Value V = eval(*S.Exprs[I], F);
      if (S.Exprs[I + 1]->Kind != ExprKind::Null)
        assign(*S.Exprs[I + 1], Value::unknown(), F);
      (void)V;
    }
    return execBlock(S.Bodies[0], F);
  case StmtKind::Try: {
    // The inference path is the one without exceptions.
    ++TryDepth;
    TrySuppress.push_back(Suppress);
    Flow Fl = execBlock(S.Bodies[0], F);
    TrySuppress.pop_back();
    --TryDepth;
    // A body that raises goes to the handler that catches the exception
    // (ExceptionFlow.cpp); one not known for certain, to the first.
    std::optional<unsigned> H;
    if (Fl == Flow::Raised && !PendingRaise.empty()) {
      H = catchingHandler(S);
      // Not caught by any try: the run raises, as an uncertain raise would.
      if (!H && !TryDepth)
        PendingRaise.clear();
    }
    if (!H && Fl == Flow::Raised && PendingRaise.empty() && S.Handlers)
      H = 0;
    if (H) {
      PendingRaise.clear();
      Fl = execBlock(S.Bodies[1 + *H], F);
    } else if (Fl == Flow::Normal)
      Fl = execBlock(S.Bodies[S.Bodies.size() - 2], F);
    Flow Fin = execBlock(S.Bodies.back(), F);
    return Fin != Flow::Normal ? Fin : Fl;
  }
  case StmtKind::Return: {
    Value V = S.Exprs.empty() ? Value::none() : eval(*S.Exprs[0], F);
    if (!PendingRaise.empty())
      return Flow::Raised; // The value raised: nothing is returned.
    // The caller continues with what the chosen path returns: a return on
    // a branch that is not taken only counts if nothing else returns.
    bool OnPath = Suppress <= F.SuppressAtEntry;
    if (OnPath) {
      F.Returned = F.ReturnedOnPath ? Value::join(*F.Returned, V) : V;
      F.ReturnedOnPath = true;
    } else if (!F.ReturnedOnPath) {
      F.Returned = F.Returned ? Value::join(*F.Returned, V) : V;
    }
    if (!S.Exprs.empty()) {
      Expr Ret(ExprKind::Name, S.Range, "return");
      Ret.Range = S.Exprs[0]->Range;
      Ret.Text = "return";
      logShape(Ret, V, F);
    }
    return Flow::Returned;
  }
  case StmtKind::Raise:
    noteRaise(S, F);
    if (TryDepth)
      raiseInTry(raisedClass(S));
    return Flow::Raised;
  case StmtKind::Break:
  case StmtKind::Continue:
    return Flow::Broke;
  case StmtKind::FunctionDef:
    F.Locals[S.Function->Name] = makeLocalFunction(*S.Function, F);
    return Flow::Normal;
  case StmtKind::ClassDef:
    F.Locals[S.Class->Name] = Value::callable(S.Class->Name, true);
    return Flow::Normal;
  case StmtKind::Import:
    for (const ImportBinding &B : S.Imports)
      F.Locals[B.boundName()] = localImport(B, F);
    return Flow::Normal;
  case StmtKind::Delete:
    for (const auto &E : S.Exprs)
      if (E->Kind == ExprKind::Name)
        F.Locals.erase(E->Name);
      else
        deleteTarget(*E, F);
    return Flow::Normal;
  default:
    return Flow::Normal;
  }
}

void Evaluator::noteUnreachable(const Block &B, size_t From, Frame &F) {
  if (CallStack.empty() || CallStack.back().FrameDepth != F.Depth ||
      CurEntry < 0)
    return;
  std::set<unsigned> &Away = CallStack.back().Body->LinesDecidedAway;
  for (size_t I = From; I < B.size(); ++I) {
    Away.insert(B[I]->Range.Line);
    for (const Block &Sub : B[I]->Bodies)
      statementLines(Sub, Away);
  }
}

Evaluator::Flow Evaluator::execBlock(const Block &B, Frame &F) {
  for (size_t I = 0; I < B.size(); ++I) {
    Flow Fl = execStmt(*B[I], F);
    // An exception a call raised unwinds to its try (ExceptionFlow.cpp).
    if (!PendingRaise.empty())
      return Flow::Raised;
    if (Fl == Flow::Normal)
      continue;
    // What follows a `return`, `raise`, `break` or `continue` in its block
    // runs on no path.
    noteUnreachable(B, I + 1, F);
    if (I + 1 < B.size() && (Fl == Flow::Returned || Fl == Flow::Raised) &&
        F.Record) {
      const Stmt &Last = *B[I];
      DecisionInfo D;
      D.Kind = "dead";
      StringRef Head = Last.Text.take_until([](char C) { return C == '\n'; });
      D.Condition = Head.str();
      D.Value = "true";
      D.Taken = "none";
      D.Reason =
          formatv("unreachable: `{0}` at line {1} always {2}",
                  Head.size() > 60 ? Head.take_front(57).str() + "..."
                                   : Head.str(),
                  Last.Range.Line, Fl == Flow::Returned ? "returns" : "raises")
              .str();
      D.Skipped.push_back({B[I + 1]->Range.Line, B.back()->Range.EndLine});
      for (size_t J = I + 1; J < B.size(); ++J)
        Result.Dead.insert(B[J].get());
      record(B[I + 1].get(), D, false, B[I + 1]->Range, F);
    }
    return Fl;
  }
  return Flow::Normal;
}

} // namespace modcost
