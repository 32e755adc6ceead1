//===- EinsumTest.cpp - Parsing einsum equations
//---------------------------===//

#include "modcost/Semantics/Einsum.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

TEST(EinsumTest, ExplicitOutput) {
  std::optional<EinsumEquation> Eq = parseEinsum("bhqd,bhkd->bhqk");
  ASSERT_TRUE(Eq);
  ASSERT_EQ(Eq->Inputs.size(), 2u);
  EXPECT_EQ(Eq->Inputs[0], "bhqd");
  EXPECT_EQ(Eq->Inputs[1], "bhkd");
  EXPECT_EQ(Eq->Output, "bhqk");
}

TEST(EinsumTest, SpacesAreIgnored) {
  // maxvit's RelativePositionalMultiHeadAttention.
  std::optional<EinsumEquation> Eq =
      parseEinsum("B G H I D, B G H J D -> B G H I J");
  ASSERT_TRUE(Eq);
  EXPECT_EQ(Eq->Inputs[0], "BGHID");
  EXPECT_EQ(Eq->Inputs[1], "BGHJD");
  EXPECT_EQ(Eq->Output, "BGHIJ");
}

TEST(EinsumTest, ImplicitOutputIsTheSubscriptsSeenOnceSorted) {
  // As torch: upper case before lower case.
  EXPECT_EQ(parseEinsum("bA,bc")->Output, "Ac");
  EXPECT_EQ(parseEinsum("ij,jk")->Output, "ik");
  EXPECT_EQ(parseEinsum("ba,ab")->Output, "");
  EXPECT_EQ(parseEinsum("ij")->Output, "ij");
}

TEST(EinsumTest, EllipsisAndOtherCharactersAreNotModeled) {
  EXPECT_FALSE(parseEinsum("...ij,...jk->...ik"));
  EXPECT_FALSE(parseEinsum("i1,j1->ij"));
  EXPECT_FALSE(parseEinsum("ij,jk->i-k"));
}

} // namespace
