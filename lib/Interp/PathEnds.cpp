//===- PathEnds.cpp - Paths that end before forward() returns -------------===//
//
// Two ways the priced path can end early, and neither may price as zero:
// a `raise` reached on it (an input the profile does not pass, a config
// check that fails), and the evaluation budget running out. Both leave the
// rest of the path unpriced, so they are unknown ops of the line they occur
// on, named with where and why.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

/// The first line of \p Text, shortened for a message.
static std::string headLine(StringRef Text) {
  StringRef Head = Text.take_until([](char C) { return C == '\n'; }).trim();
  if (Head.size() > 80)
    return Head.take_front(77).str() + "...";
  return Head.str();
}

void Evaluator::noteRaise(const Stmt &S, Frame &) {
  // A raise in a `try` body goes to its handler; one on a path an undecided
  // condition left out is not priced anyway.
  if (TryDepth || !recording())
    return;
  noteUnknown(formatv("`raise` (the analyzed path raises at {0}: `{1}`; "
                      "nothing after it is priced)",
                      location(S.Range), headLine(S.Text))
                  .str());
}

void Evaluator::noteBudgetExceeded(const SourceRange &At, const Frame &F) {
  if (!BudgetStopSite.empty())
    return;
  BudgetStopSite = location(At);
  if (F.Fn)
    BudgetStopSite += " in `" + F.Fn->Name + "`";
}

void Evaluator::noteBudgetStop(const FunctionDef &Fn) {
  if (BudgetStopSite.empty() || Fn.body().empty())
    return;
  // The unit's own report: an entry for forward()'s first line carries it.
  int Saved = CurEntry;
  auto SavedStack = std::move(CallStack);
  CallStack.clear();
  beginEntry(*Fn.body().front());
  KernelOp Op;
  Op.Name =
      formatv("evaluation stopped (the interpreter's budget of {0} "
              "steps{1} ran out at {2}; what follows is not priced)",
              MaxSteps, Budget ? " or the unit's time" : "", BudgetStopSite)
          .str();
  Op.Unknown = true;
  Op.Detail = "budget exhausted at " + BudgetStopSite;
  Op.Cost.MatmulUnknown = true;
  if (KernelEntry *E = currentEntry())
    E->Ops.push_back(std::move(Op));
  CallStack = std::move(SavedStack);
  CurEntry = Saved;
}

} // namespace modcost
