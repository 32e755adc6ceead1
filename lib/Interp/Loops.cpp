//===- Loops.cpp - `for` and `while` loops --------------------------------===//
///
/// \file
/// Loops: a short loop over a known sequence is unrolled; a container of
/// submodules is unrolled however long; a loop of symbolic length (or over
/// more consecutive integers than are unrolled) runs its body once with
/// the index as a symbol and is priced by its trip count, a cost that
/// depends on the index summed over its range (EvaluatorCost.cpp); layers
/// that differ by index run once per segment (LayerSegments.cpp); a loop
/// whose trip count is not known runs once under a symbol of its own.
///
//===----------------------------------------------------------------------===//

#include "BranchJoin.h"
#include "ConcreteTensors.h"
#include "EvaluatorImpl.h"
#include "SequencePieces.h"

using namespace llvm;

namespace modcost {

/// True for a tuple of consecutive integers, as `range(a, b)` of known
/// bounds gives.
static bool isConsecutiveRange(const Value &T) {
  for (size_t I = 0; I < T.Elems.size(); ++I)
    if (!T.Elems[I].is(ValueKind::Int) ||
        (I && T.Elems[I].I != T.Elems[I - 1].I + 1))
      return false;
  return !T.Elems.empty();
}

Evaluator::Flow Evaluator::execLoop(const Stmt &S, Frame &F) {
  const Block &Body = S.Bodies[0];
  if (S.Kind == StmtKind::While) {
    Value C = eval(*S.Exprs[0], F);
    Truth T = C.truth();
    DecisionInfo D;
    D.Kind = "while";
    D.Condition = S.Exprs[0]->Text.str();
    if (T == Truth::False) {
      D.Value = "false";
      D.Reason = C.Why.empty() ? "constant condition" : C.Why;
      D.Taken = "none";
      auto Skipped = blockLines(Body);
      if (Skipped.first)
        D.Skipped.push_back(Skipped);
      record(&S, D, false, S.Exprs[0]->Range, F);
      if (F.Record)
        Result.BranchTaken[&S] = 1;
      noteUnreachable(Body, 0, F);
      return execBlock(S.Bodies[1], F);
    }
  }
  // Weight initialization (`for m in self.modules(): init_(m.weight)`)
  // does not change what inference computes: it is not evaluated.
  if (S.Kind == StmtKind::For && F.Context == "__init__") {
    StringRef It = S.Exprs[1]->Text;
    for (StringRef Init : {"self.modules()", "self.named_modules()",
                           "self.parameters()", "self.named_parameters()",
                           "self.children()", "self.named_children()"})
      if (It == Init) {
        DecisionInfo D;
        D.Kind = "skip";
        D.Condition = ("for " + S.Exprs[0]->Text + " in " + It).str();
        D.Value = "true";
        D.Taken = "none";
        D.Reason = "weight initialization over `" + It.str() +
                   "` does not affect inference";
        auto Lines = blockLines(Body);
        if (Lines.first)
          D.Skipped.push_back(Lines);
        record(&S, D, false, S.Exprs[1]->Range, F);
        return Flow::Normal;
      }
  }
  // Unroll a short loop over a known tuple; otherwise run the body once
  // with an unknown loop variable and join with not running it.
  if (S.Kind == StmtKind::For) {
    Value Iter = eval(*S.Exprs[1], F);
    // A container's submodules (nn.Sequential, nn.ModuleList) are unrolled
    // however many there are (a whole network's blocks, each different);
    // other known sequences up to 16 elements, or as many as a container
    // while a constructor or a model builder fills lists (a DenseNet block
    // of 48 layers).
    size_t MaxUnroll =
        F.Context == "__init__" || inBuilder(F) ? MaxContainerUnroll : 16;
    if (Iter.is(ValueKind::Object) && !Iter.Obj->Items.empty()) {
      MaxUnroll = MaxContainerUnroll;
      Iter = itemsTuple(*Iter.Obj);
    } else if (Iter.is(ValueKind::Object) && isContainer(*Iter.Obj) &&
               Iter.Obj->ItemsKnown) {
      // A container built with no modules: the loop runs no iteration.
      std::string Note = "the loop at " + location(S.Range) + " over `" +
                         S.Exprs[1]->Text.str() + "` runs no iteration: an " +
                         "empty `" + Iter.Obj->ClassName +
                         "` (built with no modules)";
      if (!is_contained(Result.Assumptions, Note))
        Result.Assumptions.push_back(Note);
      Iter = Value::tuple({}, "an empty `" + Iter.Obj->ClassName + "`");
    }
    // A sequence of submodules (`self.items()` of a ModuleDict: name and
    // module pairs) unrolls like the container it comes from.
    auto IsModule = [](const Value &V) {
      return V.is(ValueKind::Object) &&
             is_contained(V.Obj->MRO, "torch.nn.modules.module.Module");
    };
    if (Iter.is(ValueKind::Tuple) && !Iter.Elems.empty() &&
        llvm::all_of(Iter.Elems, [&](const Value &E) {
          return IsModule(E) || (E.is(ValueKind::Tuple) &&
                                 E.Elems.size() == 2 && IsModule(E.Elems[1]));
        }))
      MaxUnroll = MaxContainerUnroll;
    if (std::optional<Value> Elements =
            ConcreteTensors(*this).concreteElements(Iter))
      Iter = *Elements; // The values of a tensor that has them.
    if (Iter.is(ValueKind::Tensor) && Iter.DimsKnown && !Iter.Dims.empty() &&
        Iter.Dims[0]) {
      // Iterating a tensor visits its rows: N identical iterations (a
      // routing loop over the experts that were hit).
      Value Row = Value::shaped(std::vector<const sym::Expr *>(
                                    Iter.Dims.begin() + 1, Iter.Dims.end()),
                                Iter.Bytes);
      Row.IndexBound = Iter.IndexBound;
      Row.Why = Iter.IndexBound ? Iter.Why : "";
      assign(*S.Exprs[0], Row, F);
      LoopFactors.push_back(
          {Iter.Dims[0], "runs " + Iter.Dims[0]->str() +
                             " times: the loop at line " +
                             std::to_string(S.Range.Line) +
                             " over the rows of `" + S.Exprs[1]->Text.str() +
                             "` (routing = 'uniform': every expert is hit and "
                             "receives an equal share of the routed tokens)"});
      RoutingShares.push_back(Iter.Dims[0]);
      LoopStart Before = loopStart(F);
      Flow Fl = execBlock(Body, F);
      RoutingShares.pop_back();
      LoopFactors.pop_back();
      if (Fl == Flow::Returned || Fl == Flow::Raised)
        return Fl;
      repeatGrownLists(Before, F, Iter.Dims[0], S);
      return execBlock(S.Bodies[1], F);
    }
    // More equal tensors than are unrolled (the 20 steps of
    // `for gates in gated_input.unbind(0)`): identical iterations.
    if (Iter.Elems.size() > MaxUnroll && uniformElements(Iter)) {
      Iter.RepeatCount = Sym.constant(int64_t(Iter.Elems.size()));
      Iter.Elems.resize(1);
    }
    if (Iter.is(ValueKind::Tuple) && !Iter.Segments.empty())
      return forSegments(S, Iter, F); // Layers differing by index.
    // More consecutive integers than are unrolled (`range(1, chunk_size)`
    // of 64): the index as a symbol over its range, a cost that depends
    // on it summed (recordOp).
    if (Iter.is(ValueKind::Tuple) && !Iter.RepeatCount &&
        Iter.Elems.size() > MaxUnroll && isConsecutiveRange(Iter)) {
      int64_t First = Iter.Elems.front().I, N = int64_t(Iter.Elems.size());
      Value Index =
          Value::symbolic(Sym.symbol(loopIndexName(S.Range.Line)),
                          "the index of the loop at " + location(S.Range));
      Index.MinValue = First;
      Index.IndexBound = Sym.constant(First + N);
      ++LoopIndexSymbols;
      Value Rep = Value::tuple({Index}, Iter.Why);
      Rep.RepeatCount = Sym.constant(N);
      Iter = std::move(Rep);
    }
    if (Iter.is(ValueKind::Tuple) && Iter.RepeatCount && !Iter.Elems.empty()) {
      if (std::optional<Flow> Fl =
              SequencePieces(*this).forIndexPieces(S, Iter, F))
        return *Fl; // Iterations that differ by index.
      // N identical iterations: run the body once on the representative,
      // and price it N times.
      LoopStart Before = loopStart(F);
      assign(*S.Exprs[0], Iter.Elems[0], F);
      LoopFactors.push_back(
          {Iter.RepeatCount, "runs " + Iter.RepeatCount->str() +
                                 " times: the loop at line " +
                                 std::to_string(S.Range.Line) + " over `" +
                                 S.Exprs[1]->Text.str() + "`"});
      // The index runs from IndexBound - N to IndexBound - 1.
      StringRef Index = plainLoopIndex(Iter.Elems[0]);
      if (!Index.empty() && Iter.Elems[0].IndexBound)
        LoopIndexRanges[Index.str()] = {
            Sym.sub(Iter.Elems[0].IndexBound, Iter.RepeatCount),
            Iter.RepeatCount};
      Flow Fl = execBlock(Body, F);
      LoopIndexRanges.erase(Index.str());
      LoopFactors.pop_back();
      if (Fl == Flow::Returned || Fl == Flow::Raised)
        return Fl;
      repeatGrownLists(Before, F, Iter.RepeatCount, S);
      return execBlock(S.Bodies[1], F);
    }
    if (Iter.is(ValueKind::Tuple) && Iter.Elems.size() <= MaxUnroll) {
      if (Iter.Elems.empty())
        noteUnreachable(Body, 0, F); // A known empty sequence: no iteration.
      for (const Value &V : Iter.Elems) {
        assign(*S.Exprs[0], V, F);
        Flow Fl = execBlock(Body, F);
        if (Fl == Flow::Broke)
          return Flow::Normal;
        if (Fl != Flow::Normal)
          return Fl;
      }
      return execBlock(S.Bodies[1], F);
    }
  }
  EnvSnapshot Before = snapshot(F.Locals, F.Self);
  if (S.Kind == StmtKind::For)
    assign(*S.Exprs[0], Value::unknown("loop variable"), F);
  // An unknown trip count is a symbol of its own, never a silent 1.
  std::string TripName = "trip_count_line_" + std::to_string(S.Range.Line);
  if (F.Record && F.Depth == 0)
    noteSymbol(TripName, "unknown trip count of the loop at line " +
                             std::to_string(S.Range.Line) + " (`" +
                             S.Exprs[0]->Text.str() + "`)");
  LoopFactors.push_back({Sym.symbol(TripName),
                         "runs " + TripName +
                             " times: the trip count of "
                             "the loop at line " +
                             std::to_string(S.Range.Line) + " is not known"});
  execBlock(Body, F);
  LoopFactors.pop_back();
  F.Locals = joinMaps(Before.Locals, F.Locals);
  if (F.Self)
    F.Self->Attrs = joinMaps(Before.Attrs, F.Self->Attrs);
  execBlock(S.Bodies[1], F);
  return Flow::Normal;
}

} // namespace modcost
