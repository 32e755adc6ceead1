//===- RooflineLeavesTest.cpp - The expanded tree's leaves ----------------===//
///
/// \file
/// collectRooflineLeaves() over a hand-built report: a model whose loop line
/// calls a block 4 times; the block's one line calls two projections in
/// one expression and adds the input itself. The leaves are the
/// projections' basic lines (times the calls along their path), labelled
/// by the attributes in the order the calls finish (a call without
/// `self.X` is named by its callee), and the block line's own add; a
/// symbolic line is counted, not placed.
///
//===----------------------------------------------------------------------===//

#include "modcost/Target/RooflineLeaves.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

KernelInfo basic(unsigned Line, std::string Op, std::string F, std::string R,
                 std::string W) {
  KernelInfo K;
  K.Line = Line;
  K.KernelType = "basic";
  K.Operation = std::move(Op);
  K.FlopsValue = std::move(F);
  K.ReadValue = std::move(R);
  K.WriteValue = std::move(W);
  return K;
}

ReferenceInfo ref(std::string Callee, std::string Report) {
  ReferenceInfo R;
  R.Callee = std::move(Callee);
  R.Report = std::move(Report);
  return R;
}

UnitReport::BreakdownItem item(std::string Callee, unsigned Line,
                               std::string Report, std::string Calls) {
  UnitReport::BreakdownItem I;
  I.Callee = std::move(Callee);
  I.Line = Line;
  I.Report = std::move(Report);
  I.CallsValue = std::move(Calls);
  return I;
}

UnitReport linear(std::string Name, std::string Flops, std::string Bytes) {
  UnitReport R;
  R.ReportName = std::move(Name);
  R.Kernels.push_back(basic(114, "F.linear", Flops, Bytes, "0"));
  R.TotalFlopsValue = Flops;
  R.TotalReadValue = Bytes;
  R.TotalWriteValue = "0";
  return R;
}

TEST(RooflineLeavesTest, LeavesOfTheExpandedTree) {
  UnitReport Root;
  LocationInfo L;
  L.QualifiedName = "m.Model";
  Root.Location = L;
  // Line 10: the loop, 4 calls of the block (values over all 4 calls).
  KernelInfo Loop = basic(10, "${m.Block}()", "4400", "880", "40");
  Loop.KernelType = "composite";
  Loop.Code = "x = layer(x)";
  Loop.References.push_back(ref("m.Block", "m.Block"));
  Root.Kernels.push_back(Loop);
  // Line 11: symbolic, not placed.
  Root.Kernels.push_back(basic(11, "F.silu", "", "", ""));

  // The block: `self.out(self.inp(x)) + x` runs inp, then out, then adds.
  UnitReport Block;
  Block.ReportName = "m.Block";
  KernelInfo Line =
      basic(5, "${t.Linear}() + ${t.Linear}() + `+`", "1100", "220", "10");
  Line.KernelType = "composite";
  Line.Code = "return self.out(self.inp(x)) + x";
  Line.References = {ref("t.Linear", "t.Linear"),
                     ref("t.Linear", "t.Linear-2")};
  Block.Kernels.push_back(Line);
  Block.TotalFlopsValue = "1100";
  Block.TotalReadValue = "220";
  Block.TotalWriteValue = "10";
  Root.CalleeReports = {Block, linear("t.Linear", "600", "100"),
                        linear("t.Linear-2", "490", "100")};

  UnitReport::BreakdownItem B = item("m.Block", 10, "m.Block", "4");
  B.Children = {item("t.Linear", 5, "t.Linear", "4"),
                item("t.Linear", 5, "t.Linear-2", "4")};
  Root.Breakdown = {B};

  RooflineTarget T;
  T.PeakFlops = 1000;
  T.Bandwidth = 100;
  unsigned Symbolic = 0;
  std::vector<RooflineLeaf> Leaves = collectRooflineLeaves(Root, T, Symbolic);
  EXPECT_EQ(Symbolic, 1u);
  ASSERT_EQ(Leaves.size(), 3u);
  // inp's call finishes first: it is the first reference.
  EXPECT_EQ(Leaves[0].Label, "Block.inp");
  EXPECT_EQ(Leaves[0].Where, "t.Linear line 114");
  EXPECT_DOUBLE_EQ(Leaves[0].Point.Flops, 4 * 600);
  EXPECT_DOUBLE_EQ(Leaves[0].Point.Bytes, 4 * 100);
  EXPECT_EQ(Leaves[1].Label, "Block.out");
  EXPECT_DOUBLE_EQ(Leaves[1].Point.Flops, 4 * 490);
  // What the block line does itself: 4 * (1100 - 600 - 490) FLOPs and
  // 4 * (230 - 100 - 100) bytes.
  EXPECT_EQ(Leaves[2].Label, "Block.L5");
  EXPECT_EQ(Leaves[2].Where, "m.Block line 5");
  EXPECT_DOUBLE_EQ(Leaves[2].Point.Flops, 40);
  EXPECT_DOUBLE_EQ(Leaves[2].Point.Bytes, 120);
}

TEST(RooflineLeavesTest, UnexpandedCallIsOneLeaf) {
  // No breakdown item (too deep, or not numeric): the line is one leaf,
  // named by the attribute it calls.
  UnitReport Root;
  KernelInfo K = basic(3, "${t.Norm}()", "30", "12", "4");
  K.KernelType = "composite";
  K.Code = "h = self.norm(h)";
  K.References.push_back(ref("t.Norm", "t.Norm"));
  Root.Kernels.push_back(K);
  RooflineTarget T;
  T.PeakFlops = 1000;
  T.Bandwidth = 100;
  unsigned Symbolic = 0;
  std::vector<RooflineLeaf> Leaves = collectRooflineLeaves(Root, T, Symbolic);
  ASSERT_EQ(Leaves.size(), 1u);
  EXPECT_EQ(Leaves[0].Label, "norm");
  EXPECT_DOUBLE_EQ(Leaves[0].Point.Bytes, 16);
}

} // namespace
