//===- ListAliases.cpp - Python lists as shared objects -------------------===//
///
/// \file
/// A Python list is an object: `masks = [rc_mask, query_mask]` holds the
/// lists themselves, so the blocks appended to `rc_mask` afterwards are in
/// `masks` too (torchaudio's Emformer builds its attention mask so). The
/// evaluator's values are copies; a list display gives its value an
/// identity (Value::ListId) that its copies keep, and an in-place change
/// of a local list (`append`, `extend`) is written to every copy held in
/// the frame's locals, at any depth of nesting.
///
/// A loop run once for N identical iterations (the rows of a tensor,
/// `x.unbind(0)`, a list of N equal elements) grows a list by what one
/// iteration appends: a list empty before the loop and holding one element
/// after it is N copies of that element (`outputs.append(h)` in a
/// recurrent cell stepped in Python, then `torch.stack(outputs)`); any
/// other growth is unknown, never a list of the wrong length.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// Replaces the copies of list \p Id inside \p V (nested up to \p Depth
/// containers deep) by \p L.
static void replaceList(Value &V, unsigned Id, const Value &L, unsigned Depth) {
  if (V.is(ValueKind::Tuple) && V.ListId == Id) {
    V = L;
    return;
  }
  if (Depth == 0 || !(V.is(ValueKind::Tuple) || V.is(ValueKind::Dict)))
    return;
  for (Value &E : V.Elems)
    replaceList(E, Id, L, Depth - 1);
}

void Evaluator::updateListAliases(unsigned Id, const Value &L, Frame &F) {
  if (!Id)
    return;
  Value New = L;
  if (New.is(ValueKind::Tuple))
    New.ListId = Id;
  for (auto &E : F.Locals)
    replaceList(E.second, Id, New, /*Depth=*/4);
}

bool Evaluator::uniformElements(const Value &T) {
  if (!T.is(ValueKind::Tuple) || T.RepeatCount || T.Elems.size() < 2)
    return false;
  const Value &A = T.Elems[0];
  if (!A.is(ValueKind::Tensor) || !A.DimsKnown || !A.Elems.empty())
    return false;
  return llvm::all_of(T.Elems, [&](const Value &B) {
    return B.is(ValueKind::Tensor) && B.DimsKnown && B.Dims == A.Dims &&
           B.Bytes == A.Bytes && B.Contiguous == A.Contiguous &&
           B.Order == A.Order && B.Role == A.Role && B.Name == A.Name &&
           B.Fill == A.Fill && B.IndexBound == A.IndexBound && B.Elems.empty();
  });
}

void Evaluator::repeatGrownLists(const StringMap<Value> &Before, Frame &F,
                                 const sym::Expr *Times, const Stmt &Loop) {
  std::vector<std::pair<unsigned, Value>> Changed;
  for (auto &E : F.Locals) {
    Value &L = E.second;
    auto It = Before.find(E.first());
    if (!L.is(ValueKind::Tuple) || !L.ListId || It == Before.end() ||
        It->second.ListId != L.ListId)
      continue; // Not a list that was there before the loop.
    const Value &B = It->second;
    if (B.RepeatCount == L.RepeatCount && B.Elems.size() == L.Elems.size())
      continue; // Not grown.
    unsigned Id = L.ListId;
    if (B.Elems.empty() && !B.RepeatCount && !L.RepeatCount &&
        L.Elems.size() == 1) {
      L.RepeatCount = Times;
      L.Why = joinWhy(L.Why, "one element appended by each of the " +
                                 Times->str() + " iterations of the loop at " +
                                 location(Loop.Range));
    } else {
      L = Value::unknown("`" + E.first().str() +
                         "` grown by more than one element per iteration of "
                         "the loop at " +
                         location(Loop.Range));
    }
    Changed.push_back({Id, L});
  }
  for (const auto &[Id, L] : Changed)
    updateListAliases(Id, L, F);
}

} // namespace modcost
