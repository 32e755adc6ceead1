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
/// `x.unbind(0)`, a list of N equal elements, `range(n)` of a symbolic n)
/// grows a list by what one iteration appends: a list empty before the
/// loop and holding one element after it is N copies of that element
/// (`outputs.append(h)` in a recurrent cell stepped in Python, then
/// `torch.stack(outputs)`); a list that held K elements before is K single
/// elements and a segment of N (a loop split by index, its first layers
/// run one by one); any other growth is unknown, never a list of the wrong
/// length. A container of submodules (`self.layer.append(...)`
/// in a constructor) grows the same way: one module per iteration after
/// the ones it held makes N alike entries (a segment when it held some);
/// more than one makes its entries unknown.
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

Evaluator::LoopStart Evaluator::loopStart(const Frame &F) {
  LoopStart S;
  S.Locals = F.Locals;
  auto Note = [&](const Value &V) {
    if (V.is(ValueKind::Object) && V.Obj && isContainer(*V.Obj) &&
        !llvm::any_of(S.Containers,
                      [&](const auto &C) { return C.first == V.Obj; }))
      S.Containers.push_back({V.Obj, V.Obj->Items.size()});
  };
  if (F.Self)
    for (const auto &A : F.Self->Attrs)
      Note(A.second);
  for (const auto &L : F.Locals)
    Note(L.second);
  return S;
}

/// After one run of a loop body standing for \p Times iterations: a
/// container of submodules that held \p Before items and got one more
/// holds \p Times copies of it after them (in segments when it held
/// some); one grown otherwise holds an unknown module.
static void repeatGrownContainer(ObjectState &O, size_t Before,
                                 const sym::Expr *Times, sym::ExprContext &Sym,
                                 const std::string &Loop) {
  if (O.Items.size() == Before || O.ItemsRepeat)
    return;
  if (O.Items.size() == Before + 1) {
    if (Before == 0) {
      O.ItemsRepeat = Times;
      return;
    }
    O.ItemSegments.assign(Before, Sym.getOne());
    O.ItemSegments.push_back(Times);
    O.ItemsRepeat = Sym.add(Sym.constant(int64_t(Before)), Times);
    return;
  }
  size_t Grown = O.Items.size() - Before;
  O.Items.resize(Before);
  O.ItemNames.resize(Before);
  O.Items.push_back(Value::unknown(
      "a container of submodules grown by " + std::to_string(Grown) +
      " modules per iteration of the loop at " + Loop +
      ": which module comes where is not known"));
  O.ItemNames.push_back("");
}

void Evaluator::repeatGrownLists(const LoopStart &Start, Frame &F,
                                 const sym::Expr *Times, const Stmt &Loop) {
  for (const auto &[O, Size] : Start.Containers)
    repeatGrownContainer(*O, Size, Times, Sym, location(Loop.Range));
  const StringMap<Value> &Before = Start.Locals;

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
    } else if (!B.RepeatCount && B.Segments.empty() && !L.RepeatCount &&
               L.Segments.empty() && L.Elems.size() == B.Elems.size() + 1) {
      // One element per iteration after the ones appended one by one (the
      // first layers of a loop split by index, LayerSegments.cpp): the
      // elements then stand for segments, the last one Times alike.
      L.Segments.assign(B.Elems.size(), Sym.getOne());
      L.Segments.push_back(Times);
      L.RepeatCount = Sym.add(Sym.constant(int64_t(B.Elems.size())), Times);
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
