//===- Roofline.cpp - Arithmetic intensity and the roofline ---------------===//

#include "modcost/Target/Roofline.h"
#include "modcost/Symbolic/Rational.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace llvm;

namespace modcost {

static const HardwareSpec HardwareTable[] = {
#define HARDWARE(ID, NAME, PEAK1, PEAK2, PEAK4, BW, SOURCE)                    \
  {ID, NAME, PEAK1, PEAK2, PEAK4, BW, SOURCE},
#include "modcost/Target/Hardware.def"
};

double HardwareSpec::peakFor(unsigned ElementBytes) const {
  switch (ElementBytes) {
  case 1:
    return PeakFlops1;
  case 2:
    return PeakFlops2;
  case 4:
    return PeakFlops4;
  default:
    return 0;
  }
}

ArrayRef<HardwareSpec> getHardwareTable() { return HardwareTable; }

const HardwareSpec *lookupHardware(StringRef ID) {
  for (const HardwareSpec &H : HardwareTable)
    if (ID.equals_insensitive(H.ID))
      return &H;
  return nullptr;
}

std::string getHardwareNames() {
  std::string S;
  for (const HardwareSpec &H : HardwareTable)
    S += (S.empty() ? "" : ", ") + std::string(H.ID);
  return S;
}

static StringRef precisionName(unsigned ElementBytes) {
  switch (ElementBytes) {
  case 1:
    return "int8/fp8";
  case 2:
    return "fp16/bf16";
  case 4:
    return "fp32";
  default:
    return "";
  }
}

Expected<RooflineTarget>
makeRooflineTarget(const HardwareSpec *HW, std::optional<unsigned> ElementBytes,
                   std::optional<double> Peak,
                   std::optional<double> Bandwidth) {
  RooflineTarget T;
  if (!HW) {
    if (!Peak || !Bandwidth)
      return createStringError(
          "a roofline needs both --peak-flops and --bandwidth, or "
          "--hardware=NAME (known: " +
          getHardwareNames() + ")");
    T.PeakFlops = *Peak;
    T.Bandwidth = *Bandwidth;
    T.Precision = "given by --peak-flops";
    return T;
  }
  T.HardwareID = HW->ID;
  T.HardwareName = HW->Name;
  T.Source = HW->Source;
  T.Bandwidth = Bandwidth ? *Bandwidth : HW->Bandwidth;
  if (Peak) {
    T.PeakFlops = *Peak;
    T.Precision = "given by --peak-flops";
    return T;
  }
  if (!ElementBytes || precisionName(*ElementBytes).empty())
    return createStringError(
        "--hardware picks its peak by the activation element size, which "
        "must be 1, 2 or 4 bytes (--a-bytes); give --peak-flops for "
        "another one");
  T.PeakFlops = HW->peakFor(*ElementBytes);
  if (T.PeakFlops <= 0)
    return createStringError(
        Twine(HW->Name) + " has no published " + precisionName(*ElementBytes) +
        " peak (a_bytes = " + Twine(*ElementBytes) + "); give --peak-flops");
  T.Precision = (precisionName(*ElementBytes) +
                 " dense, a_bytes = " + Twine(*ElementBytes))
                    .str();
  return T;
}

RooflinePoint computeRooflinePoint(double Flops, double Bytes,
                                   const RooflineTarget &T) {
  RooflinePoint P;
  P.Flops = Flops;
  P.Bytes = Bytes;
  P.Seconds = std::max(Flops / T.PeakFlops, Bytes / T.Bandwidth);
  if (Flops == 0 && Bytes == 0) {
    P.Intensity = std::numeric_limits<double>::quiet_NaN();
    P.Bound = "none";
    return P;
  }
  P.Intensity =
      Bytes == 0 ? std::numeric_limits<double>::infinity() : Flops / Bytes;
  // Intensity >= Peak / Bandwidth, without the rounding of two quotients.
  P.Bound = Flops * T.Bandwidth >= Bytes * T.PeakFlops ? "compute" : "memory";
  return P;
}

std::optional<double> exactToDouble(StringRef Value) {
  std::optional<sym::Rational> R = sym::Rational::fromString(Value);
  if (!R)
    return std::nullopt;
  // Through decimal text: strtod rounds correctly at any magnitude.
  auto ToDouble = [](const sym::BigInt &B) {
    return std::strtod(B.toString().c_str(), nullptr);
  };
  return ToDouble(R->getNumerator()) / ToDouble(R->getDenominator());
}

void computeRoofline(UnitReport &R, const RooflineTarget &T) {
  UnitReport::RooflineSummary S;
  S.HardwareID = T.HardwareID;
  S.HardwareName = T.HardwareName;
  S.Source = T.Source;
  S.Precision = T.Precision;
  S.PeakFlops = T.PeakFlops;
  S.Bandwidth = T.Bandwidth;
  S.RidgePoint = T.PeakFlops / T.Bandwidth;
  double Sum = 0;
  for (KernelInfo &K : R.Kernels) {
    std::optional<double> F = exactToDouble(K.FlopsValue),
                          Rd = exactToDouble(K.ReadValue),
                          W = exactToDouble(K.WriteValue);
    if (!F || !Rd || !W) {
      K.Roofline.reset();
      ++S.KernelsWithoutValues;
      continue;
    }
    K.Roofline = computeRooflinePoint(*F, *Rd + *W, T);
    Sum += K.Roofline->Seconds;
  }
  if (!S.KernelsWithoutValues)
    S.KernelSeconds = Sum;
  std::optional<double> F = exactToDouble(R.TotalFlopsValue),
                        Rd = exactToDouble(R.TotalReadValue),
                        W = exactToDouble(R.TotalWriteValue);
  if (F && Rd && W)
    S.Total = computeRooflinePoint(*F, *Rd + *W, T);
  R.Roofline = std::move(S);
}

} // namespace modcost
