//===- TensorLayout.cpp - Contiguity and views under torch's rules --------===//
///
/// \file
/// Memory orders of permuted dense tensors, torch's contiguity (size-1
/// dimensions ignored) and the view test of reshape (docs/CostModel.md,
/// Layout).
///
//===----------------------------------------------------------------------===//

#include "modcost/Interp/TensorLayout.h"

#include "modcost/Symbolic/Expr.h"

#include <algorithm>
#include <numeric>
#include <tuple>

using namespace llvm;

namespace modcost {

static bool isUnitDim(const sym::Expr *D) { return D && D->isOne(); }

/// The ranks 0..N-1 of \p Keys in increasing order (the keys differ).
template <typename Key>
static std::vector<uint8_t> ranksOf(const std::vector<Key> &Keys) {
  std::vector<size_t> Idx(Keys.size());
  std::iota(Idx.begin(), Idx.end(), 0);
  std::sort(Idx.begin(), Idx.end(),
            [&](size_t A, size_t B) { return Keys[A] < Keys[B]; });
  std::vector<uint8_t> Rank(Keys.size());
  for (size_t R = 0; R < Idx.size(); ++R)
    Rank[Idx[R]] = uint8_t(R);
  return Rank;
}

std::optional<std::vector<uint8_t>> memoryOrder(const Value &T) {
  size_t Rank = T.Dims.size();
  if (T.Contiguous) {
    std::vector<uint8_t> Id(Rank);
    std::iota(Id.begin(), Id.end(), 0);
    return Id;
  }
  if (T.Order.size() == Rank && Rank > 0)
    return T.Order;
  return std::nullopt;
}

void setMemoryOrder(Value &R, ArrayRef<uint8_t> Order) {
  int Last = -1;
  bool InOrder = true;
  for (size_t I = 0; I < R.Dims.size() && I < Order.size(); ++I) {
    if (isUnitDim(R.Dims[I]))
      continue;
    InOrder &= int(Order[I]) > Last;
    Last = Order[I];
  }
  R.Contiguous = InOrder && Order.size() == R.Dims.size();
  R.Order.clear();
  if (!R.Contiguous && Order.size() == R.Dims.size())
    R.Order.assign(Order.begin(), Order.end());
}

/// A strided layout with no known order.
static void setStrided(Value &R) {
  R.Contiguous = false;
  R.Order.clear();
}

void permuteLayout(Value &R, const Value &T, ArrayRef<size_t> Perm) {
  std::optional<std::vector<uint8_t>> In = memoryOrder(T);
  if (!In || Perm.size() != In->size()) {
    setStrided(R);
    return;
  }
  std::vector<uint8_t> Out(Perm.size());
  for (size_t I = 0; I < Perm.size(); ++I)
    Out[I] = (*In)[Perm[I]];
  setMemoryOrder(R, Out);
}

void unsqueezeLayout(Value &R, const Value &T, size_t At) {
  std::optional<std::vector<uint8_t>> In = memoryOrder(T);
  if (!In) {
    setStrided(R);
    return;
  }
  // The new size-1 dimension sits in memory just before the dimension it
  // precedes (after the last one when appended): its place is immaterial.
  std::vector<std::pair<int, int>> Keys;
  for (size_t I = 0; I <= In->size(); ++I) {
    if (I == At)
      Keys.push_back(I < In->size() ? std::make_pair(int((*In)[I]) * 2, 0)
                                    : std::make_pair(int(In->size()) * 2, 0));
    if (I < In->size())
      Keys.push_back({int((*In)[I]) * 2 + 1, 0});
  }
  setMemoryOrder(R, ranksOf(Keys));
}

void squeezeLayout(Value &R, const Value &T, ArrayRef<size_t> Dropped) {
  std::optional<std::vector<uint8_t>> In = memoryOrder(T);
  if (!In) {
    setStrided(R);
    return;
  }
  std::vector<uint8_t> Keys;
  for (size_t I = 0; I < In->size(); ++I)
    if (!llvm::is_contained(Dropped, I))
      Keys.push_back((*In)[I]);
  setMemoryOrder(R, ranksOf(Keys));
}

namespace {
/// A group of consecutive dimensions (other than size 1) of the input and
/// of the output whose extents have the same product: the output tiles
/// the group, as computeStride matches them.
struct Group {
  std::vector<size_t> In, Out;
};
} // namespace

/// The groups of \p In's and \p Out's dimensions other than size 1 (their
/// indices), cut where the running products of both sides are equal; or
/// nullopt when an extent is unknown or the products never meet.
static std::optional<std::vector<Group>>
matchGroups(ArrayRef<const sym::Expr *> In, ArrayRef<const sym::Expr *> Out,
            sym::ExprContext &Ctx) {
  auto Prefixes = [&](ArrayRef<const sym::Expr *> Dims,
                      std::vector<size_t> &Idx)
      -> std::optional<std::vector<const sym::Expr *>> {
    std::vector<const sym::Expr *> P;
    const sym::Expr *Acc = Ctx.getOne();
    for (size_t I = 0; I < Dims.size(); ++I) {
      if (!Dims[I])
        return std::nullopt;
      if (isUnitDim(Dims[I]))
        continue;
      Acc = Ctx.mul(Acc, Dims[I]);
      P.push_back(Acc);
      Idx.push_back(I);
    }
    return P;
  };
  std::vector<size_t> InIdx, OutIdx;
  auto PI = Prefixes(In, InIdx), PO = Prefixes(Out, OutIdx);
  if (!PI || !PO)
    return std::nullopt;
  if (PI->empty() || PO->empty())
    return PI->empty() && PO->empty() ? std::make_optional(std::vector<Group>())
                                      : std::nullopt;
  std::vector<Group> Groups(1);
  size_t J = 0;
  for (size_t I = 0; I < PI->size(); ++I) {
    Groups.back().In.push_back(InIdx[I]);
    // The output extents up to the input's running product.
    size_t K = J;
    while (K < PO->size() && (*PO)[K] != (*PI)[I])
      ++K;
    if (K == PO->size())
      continue; // No cut here: the group goes on.
    for (; J <= K; ++J)
      Groups.back().Out.push_back(OutIdx[J]);
    if (I + 1 < PI->size())
      Groups.emplace_back();
  }
  if (J != PO->size() || Groups.back().Out.empty())
    return std::nullopt;
  return Groups;
}

std::optional<Value> reshapeLayout(const Value &T,
                                   ArrayRef<const sym::Expr *> Out,
                                   sym::ExprContext &Ctx) {
  Value R =
      Value::shaped(std::vector<const sym::Expr *>(Out.begin(), Out.end()));
  if (T.Contiguous)
    return R;
  std::optional<std::vector<Group>> Groups = matchGroups(T.Dims, Out, Ctx);
  if (!Groups)
    return std::nullopt;
  std::optional<std::vector<uint8_t>> In = memoryOrder(T);
  // The memory rank of each input dimension among those other than size 1.
  std::vector<uint8_t> Ranks;
  std::vector<int> RankOf(T.Dims.size(), -1);
  if (In) {
    std::vector<uint8_t> Keys;
    std::vector<size_t> Kept;
    for (size_t I = 0; I < T.Dims.size(); ++I)
      if (!isUnitDim(T.Dims[I])) {
        Keys.push_back((*In)[I]);
        Kept.push_back(I);
      }
    Ranks = ranksOf(Keys);
    for (size_t K = 0; K < Kept.size(); ++K)
      RankOf[Kept[K]] = Ranks[K];
  }
  for (const Group &G : *Groups) {
    if (G.In.size() < 2)
      continue; // One dimension split into several: always a view.
    if (!In)
      return std::nullopt; // Merged dimensions of unknown strides.
    for (size_t K = 1; K < G.In.size(); ++K)
      if (RankOf[G.In[K]] != RankOf[G.In[K - 1]] + 1)
        return std::nullopt; // Not adjacent in memory: a copy.
  }
  if (!In) {
    setStrided(R);
    return R;
  }
  // Each output extent takes its group's place in memory, in order within
  // the group; a size-1 extent goes after the one before it.
  std::vector<std::tuple<int, int, int>> Keys(Out.size(), {-1, 0, 0});
  for (const Group &G : *Groups)
    for (size_t K = 0; K < G.Out.size(); ++K)
      Keys[G.Out[K]] = {RankOf[G.In.front()], int(K), 0};
  for (size_t I = 0; I < Out.size(); ++I)
    if (isUnitDim(Out[I]))
      Keys[I] = I ? std::make_tuple(std::get<0>(Keys[I - 1]),
                                    std::get<1>(Keys[I - 1]),
                                    std::get<2>(Keys[I - 1]) + 1)
                  : std::make_tuple(-1, 0, 0);
  setMemoryOrder(R, ranksOf(Keys));
  return R;
}

} // namespace modcost
