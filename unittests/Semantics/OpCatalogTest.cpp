//===- OpCatalogTest.cpp - Cost rules of casts and resampling -------------===//

#include "modcost/Semantics/OpCatalog.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

/// A tensor of the given symbolic or literal extents and element size.
TensorDesc tensor(sym::ExprContext &Ctx, std::vector<std::string> Dims,
                  std::string Bytes) {
  TensorDesc T;
  T.Known = true;
  T.Bytes = std::move(Bytes);
  for (const std::string &D : Dims) {
    int64_t N;
    T.Dims.push_back(llvm::StringRef(D).getAsInteger(10, N) ? Ctx.symbol(D)
                                                            : Ctx.constant(N));
  }
  return T;
}

TEST(OpCatalogTest, CastsReadTheOldSizeAndWriteTheNew) {
  sym::ExprContext Ctx;
  const OpInfo *Long = lookupOp("long");
  ASSERT_TRUE(Long);
  EXPECT_EQ(Long->Family, OpFamily::Cast);
  TensorDesc In = tensor(Ctx, {"batch_size", "seq_len"}, "a_bytes");
  TensorDesc Out = tensor(Ctx, {"batch_size", "seq_len"}, "8");
  OpCost C = computeOpCost(*Long, {In}, {Out}, CostExtras(), Ctx);
  ASSERT_TRUE(C.known());
  EXPECT_FALSE(C.Free);
  EXPECT_TRUE(C.Flops->isZero());
  EXPECT_EQ(C.Read->str(), "batch_size * seq_len * a_bytes");
  EXPECT_EQ(C.Write->str(), "8 * batch_size * seq_len");
  // To the size it has already: torch returns the tensor itself.
  EXPECT_TRUE(computeOpCost(*Long, {Out}, {Out}, CostExtras(), Ctx).Free);
}

TEST(OpCatalogTest, TypeWithoutADtypeIsMetadata) {
  sym::ExprContext Ctx;
  const OpInfo *Type = lookupOp("type");
  ASSERT_TRUE(Type);
  TensorDesc In = tensor(Ctx, {"seq_len"}, "a_bytes");
  EXPECT_TRUE(computeOpCost(*Type, {In}, {}, CostExtras(), Ctx).Free);
}

TEST(OpCatalogTest, DataWithoutATensorIsWrittenOnly) {
  sym::ExprContext Ctx;
  const OpInfo *T = lookupOp("tensor");
  ASSERT_TRUE(T);
  TensorDesc Out = tensor(Ctx, {"2", "3"}, "8");
  OpCost C = computeOpCost(*T, {}, {Out}, CostExtras(), Ctx);
  ASSERT_TRUE(C.known());
  EXPECT_TRUE(C.Read->isZero());
  EXPECT_EQ(C.Write->str(), "48");
}

TEST(OpCatalogTest, ResamplingCountsItsModePerOutputElement) {
  sym::ExprContext Ctx;
  const OpInfo *I = lookupOp("interpolate");
  ASSERT_TRUE(I);
  EXPECT_EQ(I->Family, OpFamily::Resample);
  TensorDesc In = tensor(Ctx, {"batch_size", "3", "8", "8"}, "a_bytes");
  TensorDesc Out = tensor(Ctx, {"batch_size", "3", "16", "16"}, "a_bytes");
  CostExtras X;
  X.PerOutput = Ctx.constant(9); // bilinear
  OpCost C = computeOpCost(*I, {In}, {Out}, X, Ctx);
  ASSERT_TRUE(C.known());
  EXPECT_EQ(C.Flops->str(), "6912 * batch_size");
  EXPECT_EQ(C.Read->str(), "192 * batch_size * a_bytes");
  EXPECT_EQ(C.Write->str(), "768 * batch_size * a_bytes");
  // An unknown mode is an unknown cost, never 0.
  EXPECT_FALSE(computeOpCost(*I, {In}, {Out}, CostExtras(), Ctx).known());
}

TEST(OpCatalogTest, GridSamplingAddsItsCoordinates) {
  sym::ExprContext Ctx;
  const OpInfo *G = lookupOp("grid_sampler");
  ASSERT_TRUE(G);
  TensorDesc In = tensor(Ctx, {"2", "3", "8", "8"}, "4");
  TensorDesc Grid = tensor(Ctx, {"2", "5", "6", "2"}, "4");
  TensorDesc Out = tensor(Ctx, {"2", "3", "5", "6"}, "4");
  CostExtras X;
  X.PerOutput = Ctx.constant(7);
  X.PerLastInput = 4;
  OpCost C = computeOpCost(*G, {In, Grid}, {Out}, X, Ctx);
  ASSERT_TRUE(C.known());
  // 7 * 180 output elements + 4 * 120 grid coordinates.
  EXPECT_EQ(C.Flops->str(), "1740");
  EXPECT_EQ(C.Read->str(), "2016");
  EXPECT_EQ(C.Write->str(), "720");
}

} // namespace
