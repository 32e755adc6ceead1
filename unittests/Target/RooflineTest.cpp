//===- RooflineTest.cpp - Roofline math, hardware table, number format ----===//

#include "modcost/Target/Roofline.h"
#include "modcost/Support/NumberFormat.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace modcost;

namespace {

RooflineTarget machine(double Peak, double Bandwidth) {
  RooflineTarget T;
  T.PeakFlops = Peak;
  T.Bandwidth = Bandwidth;
  return T;
}

TEST(RooflineTest, MemoryAndComputeBound) {
  RooflineTarget T = machine(100e12, 1e12); // ridge 100 FLOP/byte
  RooflinePoint M = computeRooflinePoint(50e9, 1e9, T);
  EXPECT_EQ(M.Bound, "memory");
  EXPECT_DOUBLE_EQ(M.Intensity, 50);
  EXPECT_DOUBLE_EQ(M.Seconds, 1e-3); // bytes / bandwidth
  RooflinePoint C = computeRooflinePoint(400e9, 1e9, T);
  EXPECT_EQ(C.Bound, "compute");
  EXPECT_DOUBLE_EQ(C.Seconds, 4e-3); // flops / peak
}

TEST(RooflineTest, RidgePointIsComputeBound) {
  // Exactly at the ridge both times are equal; the bound is `compute`, and
  // the comparison is done without dividing (0.1 * 3 is not 0.3).
  RooflineTarget T = machine(3e12, 10e12);
  RooflinePoint P = computeRooflinePoint(3, 10, T);
  EXPECT_EQ(P.Bound, "compute");
  EXPECT_DOUBLE_EQ(P.Seconds, 1e-12);
}

TEST(RooflineTest, DegeneratePoints) {
  RooflineTarget T = machine(1e12, 1e11);
  RooflinePoint NoBytes = computeRooflinePoint(1e12, 0, T);
  EXPECT_TRUE(std::isinf(NoBytes.Intensity));
  EXPECT_EQ(NoBytes.Bound, "compute");
  EXPECT_DOUBLE_EQ(NoBytes.Seconds, 1);
  RooflinePoint NoFlops = computeRooflinePoint(0, 1e11, T);
  EXPECT_EQ(NoFlops.Intensity, 0);
  EXPECT_EQ(NoFlops.Bound, "memory");
  EXPECT_DOUBLE_EQ(NoFlops.Seconds, 1);
  RooflinePoint Nothing = computeRooflinePoint(0, 0, T);
  EXPECT_TRUE(std::isnan(Nothing.Intensity));
  EXPECT_EQ(Nothing.Bound, "none");
  EXPECT_EQ(Nothing.Seconds, 0);
}

TEST(RooflineTest, ReportSumsKernelsAndCountsSymbolicOnes) {
  UnitReport R;
  KernelInfo A, B, C;
  A.FlopsValue = "100", A.ReadValue = "10", A.WriteValue = "0";
  B.FlopsValue = "0", B.ReadValue = "5", B.WriteValue = "5";
  R.Kernels = {A, B};
  R.TotalFlopsValue = "100", R.TotalReadValue = "15", R.TotalWriteValue = "5";
  RooflineTarget T = machine(10, 1); // ridge 10
  computeRoofline(R, T);
  ASSERT_TRUE(R.Roofline);
  EXPECT_DOUBLE_EQ(R.Roofline->RidgePoint, 10);
  ASSERT_TRUE(R.Kernels[0].Roofline && R.Kernels[1].Roofline);
  EXPECT_EQ(R.Kernels[0].Roofline->Bound, "compute"); // 10 FLOP/byte
  EXPECT_DOUBLE_EQ(R.Kernels[0].Roofline->Seconds, 10);
  EXPECT_DOUBLE_EQ(R.Kernels[1].Roofline->Seconds, 10);
  ASSERT_TRUE(R.Roofline->KernelSeconds);
  EXPECT_DOUBLE_EQ(*R.Roofline->KernelSeconds, 20);
  // The totals as one point overlap the two: max(100 / 10, 20 / 1).
  ASSERT_TRUE(R.Roofline->Total);
  EXPECT_DOUBLE_EQ(R.Roofline->Total->Seconds, 20);
  EXPECT_EQ(R.Roofline->Total->Bound, "memory");

  // An unbound kernel gets no point, and the sum is not claimed.
  R.Kernels.push_back(C);
  R.TotalFlopsValue.clear();
  computeRoofline(R, T);
  EXPECT_FALSE(R.Kernels[2].Roofline);
  EXPECT_EQ(R.Roofline->KernelsWithoutValues, 1u);
  EXPECT_FALSE(R.Roofline->KernelSeconds);
  EXPECT_FALSE(R.Roofline->Total);
}

TEST(RooflineTest, ExactValuesBeyond64Bits) {
  UnitReport R;
  KernelInfo K;
  K.FlopsValue = "100000000000000000000000"; // 1e23
  K.ReadValue = "1000000000000000000000";    // 1e21
  K.WriteValue = "0";
  R.Kernels = {K};
  computeRoofline(R, machine(1e15, 1e12));
  ASSERT_TRUE(R.Kernels[0].Roofline);
  EXPECT_DOUBLE_EQ(R.Kernels[0].Roofline->Intensity, 100);
  EXPECT_DOUBLE_EQ(R.Kernels[0].Roofline->Seconds, 1e9);
}

TEST(HardwareTest, TableAndLookup) {
  EXPECT_EQ(getHardwareTable().size(), 8u);
  const HardwareSpec *A100 = lookupHardware("A100-SXM-80GB");
  ASSERT_NE(A100, nullptr);
  EXPECT_EQ(A100->peakFor(2), 312e12);
  EXPECT_EQ(A100->peakFor(8), 0);
  EXPECT_EQ(lookupHardware("a100"), nullptr);
  for (const HardwareSpec &H : getHardwareTable()) {
    EXPECT_GT(H.Bandwidth, 0) << H.ID;
    EXPECT_GT(H.PeakFlops2, 0) << H.ID;
    EXPECT_NE(std::string(H.Source), "") << H.ID;
  }
  EXPECT_EQ(getHardwareNames().substr(0, 14), "v100-sxm2, t4,");
}

TEST(HardwareTest, TargetFromOptions) {
  const HardwareSpec *H100 = lookupHardware("h100-sxm");
  auto T = makeRooflineTarget(H100, 1u, std::nullopt, std::nullopt);
  ASSERT_TRUE(static_cast<bool>(T));
  EXPECT_EQ(T->PeakFlops, 1979e12);
  EXPECT_EQ(T->Precision, "int8/fp8 dense, a_bytes = 1");
  // Overrides win, one at a time.
  T = makeRooflineTarget(H100, 2u, std::nullopt, 1e12);
  ASSERT_TRUE(static_cast<bool>(T));
  EXPECT_EQ(T->PeakFlops, 989.5e12);
  EXPECT_EQ(T->Bandwidth, 1e12);
  T = makeRooflineTarget(nullptr, std::nullopt, 5e12, 1e12);
  ASSERT_TRUE(static_cast<bool>(T));
  EXPECT_EQ(T->HardwareID, "");
  // Missing numbers are errors.
  auto E = makeRooflineTarget(nullptr, 2u, 5e12, std::nullopt);
  EXPECT_FALSE(static_cast<bool>(E));
  llvm::consumeError(E.takeError());
  E = makeRooflineTarget(lookupHardware("v100-sxm2"), 1u, std::nullopt,
                         std::nullopt);
  ASSERT_FALSE(static_cast<bool>(E));
  EXPECT_EQ(llvm::toString(E.takeError()),
            "NVIDIA V100 SXM2 has no published int8/fp8 peak (a_bytes = 1); "
            "give --peak-flops");
  E = makeRooflineTarget(H100, 3u, std::nullopt, std::nullopt);
  EXPECT_FALSE(static_cast<bool>(E));
  llvm::consumeError(E.takeError());
}

TEST(NumberFormatTest, ParseSIValue) {
  auto V = [](llvm::StringRef S) {
    llvm::Expected<double> D = parseSIValue(S);
    if (!D) {
      llvm::consumeError(D.takeError());
      return -1.0;
    }
    return *D;
  };
  EXPECT_EQ(V("312e12"), 312e12);
  EXPECT_EQ(V("312T"), 312e12);
  EXPECT_EQ(V("2.039T"), 2.039e12);
  EXPECT_EQ(V("900G"), 900e9);
  EXPECT_EQ(V("1.5k"), 1500);
  EXPECT_EQ(V("7"), 7);
  EXPECT_EQ(V(""), -1);
  EXPECT_EQ(V("T"), -1);
  EXPECT_EQ(V("0"), -1);
  EXPECT_EQ(V("-3T"), -1);
  EXPECT_EQ(V("inf"), -1);
  EXPECT_EQ(V("nan"), -1);
  EXPECT_EQ(V("1e400"), -1);
  EXPECT_EQ(V("12 TFLOPS"), -1);
}

TEST(NumberFormatTest, Significant) {
  EXPECT_EQ(formatSignificant(102.37002341920375), "102.4");
  EXPECT_EQ(formatSignificant(153.01618), "153");
  EXPECT_EQ(formatSignificant(0.8666299), "0.8666");
  EXPECT_EQ(formatSignificant(0.0625), "0.0625");
  EXPECT_EQ(formatSignificant(99.99999), "100");
  EXPECT_EQ(formatSignificant(12345678), "12350000");
  EXPECT_EQ(formatSignificant(0), "0");
  EXPECT_EQ(formatSignificant(1e-7), "1e-07");
  EXPECT_EQ(formatSignificant(INFINITY), "inf");
}

TEST(NumberFormatTest, SIAndSeconds) {
  EXPECT_EQ(formatSI(312e12, "FLOP/s"), "312 TFLOP/s");
  EXPECT_EQ(formatSI(2.039e12, "B/s"), "2.039 TB/s");
  EXPECT_EQ(formatSI(999.99e9, "B/s"), "1 TB/s");
  EXPECT_EQ(formatSI(5, "B"), "5 B");
  EXPECT_EQ(formatSeconds(1.2866542e-6), "1.287 us");
  EXPECT_EQ(formatSeconds(0.0921303), "92.13 ms");
  EXPECT_EQ(formatSeconds(3), "3 s");
  EXPECT_EQ(formatSeconds(7.847e-12), "7.847 ps");
  EXPECT_EQ(formatSeconds(0), "0 s");
}

} // namespace
