//===- TensorLayoutTest.cpp - Tests of contiguity and reshape views -------===//
///
/// \file
/// torch's layout rules as TensorLayout.h models them: size-1 dimensions
/// do not count, permutations compose, and a reshape is a view unless it
/// merges dimensions that are not adjacent in memory.
///
//===----------------------------------------------------------------------===//

#include "modcost/Interp/TensorLayout.h"

#include "modcost/Symbolic/Expr.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

class TensorLayoutTest : public ::testing::Test {
protected:
  sym::ExprContext Ctx;

  /// A contiguous tensor of the given extents (0 stands for symbol `n`).
  Value tensor(std::initializer_list<int64_t> Extents) {
    return Value::shaped(dims(Extents));
  }
  std::vector<const sym::Expr *> dims(std::initializer_list<int64_t> E) {
    std::vector<const sym::Expr *> D;
    for (int64_t X : E)
      D.push_back(X ? Ctx.constant(X) : Ctx.symbol("n"));
    return D;
  }
  /// T.permute(Perm).
  Value permute(const Value &T, std::vector<size_t> Perm) {
    Value R = T;
    for (size_t I = 0; I < Perm.size(); ++I)
      R.Dims[I] = T.Dims[Perm[I]];
    permuteLayout(R, T, Perm);
    return R;
  }
};

TEST_F(TensorLayoutTest, PermuteOfSizeOneDimsStaysContiguous) {
  // [T, 1, D].permute(1, 0, 2) -> [1, T, D]: only the size-1 axis moves.
  Value R = permute(tensor({100, 1, 64}), {1, 0, 2});
  EXPECT_TRUE(R.Contiguous);
  EXPECT_TRUE(R.Order.empty());
  // [1, C, 1, 1].permute(0, 2, 3, 1): the channels stay innermost.
  EXPECT_TRUE(permute(tensor({1, 96, 1, 1}), {0, 2, 3, 1}).Contiguous);
  // A real transpose is strided, with its memory order.
  Value S = permute(tensor({2, 3, 4}), {0, 2, 1});
  EXPECT_FALSE(S.Contiguous);
  EXPECT_EQ(S.Order, (std::vector<uint8_t>{0, 2, 1}));
  // A symbolic extent is not assumed to be 1: [n, 64].t() is strided.
  EXPECT_FALSE(permute(tensor({0, 64}), {1, 0}).Contiguous);
  EXPECT_TRUE(permute(tensor({0, 1, 64}), {1, 0, 2}).Contiguous);
}

TEST_F(TensorLayoutTest, PermutationsCompose) {
  Value S = permute(tensor({2, 3, 4}), {0, 2, 1});
  EXPECT_TRUE(permute(S, {0, 2, 1}).Contiguous);
  Value Unknown = tensor({2, 3, 4});
  Unknown.Contiguous = false; // A slice: strides not known.
  Value U = permute(Unknown, {0, 2, 1});
  EXPECT_FALSE(U.Contiguous);
  EXPECT_TRUE(U.Order.empty());
}

TEST_F(TensorLayoutTest, UnsqueezeAndSqueezeKeepTheOrder) {
  Value S = permute(tensor({3, 1, 5}), {2, 1, 0}); // [5, 1, 3]
  ASSERT_FALSE(S.Contiguous);
  Value U = S;
  U.Dims.insert(U.Dims.begin() + 1, Ctx.getOne());
  unsqueezeLayout(U, S, 1);
  EXPECT_FALSE(U.Contiguous);
  ASSERT_EQ(U.Order.size(), 4u);
  EXPECT_GT(U.Order[0], U.Order[3]);
  Value Q = S;
  Q.Dims.erase(Q.Dims.begin() + 1);
  squeezeLayout(Q, S, {1});
  EXPECT_EQ(Q.Order, (std::vector<uint8_t>{1, 0}));
}

TEST_F(TensorLayoutTest, ReshapeMergingASizeOneDimIsAView) {
  // HDemucs: [1, C, F, T].permute(0, 2, 1, 3).reshape(-1, C, T).
  Value P = permute(tensor({1, 48, 128, 63}), {0, 2, 1, 3});
  ASSERT_FALSE(P.Contiguous);
  std::optional<Value> R = reshapeLayout(P, dims({128, 48, 63}), Ctx);
  ASSERT_TRUE(R);
  EXPECT_FALSE(R->Contiguous);
  EXPECT_EQ(R->Order, (std::vector<uint8_t>{1, 0, 2}));
  // Merging F and C, which are not adjacent in that order: a copy.
  EXPECT_FALSE(reshapeLayout(P, dims({6144, 63}), Ctx));
}

TEST_F(TensorLayoutTest, ReshapeSplittingIsAlwaysAView) {
  // A chunk of the last dimension (unknown strides) split into heads.
  Value Chunk = tensor({1, 49, 0});
  Chunk.Contiguous = false;
  std::optional<Value> R = reshapeLayout(Chunk, dims({1, 49, 0, 1}), Ctx);
  ASSERT_TRUE(R);
  EXPECT_FALSE(R->Contiguous);
  Value Split = tensor({2, 12});
  Split.Contiguous = false;
  EXPECT_TRUE(reshapeLayout(Split, dims({2, 3, 4}), Ctx));
  // Merging two dimensions of unknown strides: a copy.
  EXPECT_FALSE(reshapeLayout(Split, dims({24}), Ctx));
}

TEST_F(TensorLayoutTest, ReshapeMergingAdjacentDimsInMemory) {
  // MaxViT's last stage: [1, C, 1, 7, 1, 7].permute(0, 2, 4, 3, 5, 1)
  // -> [1, 1, 1, 7, 7, C]; the two 7s are adjacent once the size-1
  // partitions between them are ignored.
  Value P = permute(tensor({1, 512, 1, 7, 1, 7}), {0, 2, 4, 3, 5, 1});
  ASSERT_FALSE(P.Contiguous);
  std::optional<Value> R = reshapeLayout(P, dims({1, 1, 49, 512}), Ctx);
  ASSERT_TRUE(R);
  EXPECT_FALSE(R->Contiguous);
  // With two partitions per side the 7s are not adjacent: a copy.
  Value Q = permute(tensor({1, 512, 2, 7, 2, 7}), {0, 2, 4, 3, 5, 1});
  EXPECT_FALSE(reshapeLayout(Q, dims({1, 4, 49, 512}), Ctx));
  // A contiguous tensor reshapes as a view to a contiguous one.
  std::optional<Value> C = reshapeLayout(tensor({4, 6}), dims({24}), Ctx);
  ASSERT_TRUE(C);
  EXPECT_TRUE(C->Contiguous);
}

TEST_F(TensorLayoutTest, ReshapeOfUnknownExtentsIsACopy) {
  Value P = permute(tensor({2, 3, 4}), {0, 2, 1});
  std::vector<const sym::Expr *> Out = {nullptr, Ctx.constant(3)};
  EXPECT_FALSE(reshapeLayout(P, Out, Ctx));
}

} // namespace
