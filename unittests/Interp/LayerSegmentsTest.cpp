//===- LayerSegmentsTest.cpp - Tests of layer-index split points ----------===//

#include "modcost/Interp/LayerSegments.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

TEST(LayerSegmentsTest, EqualitySplitsBeforeAndAfter) {
  IndexSplits S;
  EXPECT_TRUE(S.addComparison("==", 0, true)); // T5's `i == 0`
  EXPECT_EQ(S.points(), (std::set<int64_t>{0, 1}));
  EXPECT_EQ(S.tailStart(0, 16), std::optional<int64_t>(1));
}

TEST(LayerSegmentsTest, OrderComparisonsAndOperandOrder) {
  IndexSplits S;
  EXPECT_TRUE(S.addComparison(">=", 3, true));  // i >= 3: from 3
  EXPECT_TRUE(S.addComparison(">", 3, true));   // i > 3: from 4
  EXPECT_TRUE(S.addComparison("<", 5, false));  // 5 < i: i > 5, from 6
  EXPECT_TRUE(S.addComparison(">=", 1, false)); // 1 >= i: i <= 1, from 2
  EXPECT_EQ(S.points(), (std::set<int64_t>{2, 3, 4, 6}));
  EXPECT_EQ(S.tailStart(0, 16), std::optional<int64_t>(6));
  EXPECT_FALSE(S.addComparison("in", 3, true));
}

TEST(LayerSegmentsTest, NoSplitAtOrBeforeTheStartOrTooFar) {
  IndexSplits S;
  S.addComparison(">=", 0, true);
  EXPECT_TRUE(S.any());
  EXPECT_EQ(S.tailStart(0, 16), std::nullopt); // every index alike
  S.addComparison("==", 40, true);
  EXPECT_EQ(S.tailStart(0, 16), std::nullopt); // 41 layers one by one: no
  EXPECT_EQ(S.tailStart(30, 16), std::optional<int64_t>(41));
}

TEST(LayerSegmentsTest, OpaqueComparisonsAreKept) {
  IndexSplits S, T;
  S.addOpaque("layer_idx >= config.first_k_dense_replace");
  EXPECT_TRUE(S.any());
  EXPECT_EQ(S.tailStart(0, 16), std::nullopt);
  T.addComparison("!=", 2, true);
  S.merge(T);
  EXPECT_EQ(S.opaque().size(), 1u);
  EXPECT_EQ(S.tailStart(0, 16), std::optional<int64_t>(3));
}

} // namespace
