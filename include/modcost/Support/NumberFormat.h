//===- NumberFormat.h - Rates, SI prefixes, significant digits --*- C++ -*-===//
///
/// \file
/// Small helpers for the physical quantities of a roofline: reading a rate
/// such as `312e12` or `312T` from the command line, and printing a value
/// with a few significant digits, with an SI prefix (`2.039 T`), or as a
/// duration (`1.287 us`). Output is locale-independent and deterministic.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_NUMBERFORMAT_H
#define MODCOST_SUPPORT_NUMBERFORMAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace modcost {

/// Parses a positive, finite number written plainly (`312000000000000`,
/// `312e12`, `2.039e12`) or with one SI suffix (`k`, `M`, `G`, `T`, `P`,
/// `E`: powers of 1000; `312T`, `2.039T`, `900G`). Fails with a message that
/// quotes \p Text otherwise.
llvm::Expected<double> parseSIValue(llvm::StringRef Text);

/// \p V with \p Digits significant digits, without exponent for magnitudes
/// in [1e-4, 1e15) and trailing zeros removed: `102.4`, `0.5`, `153`.
/// Outside that range: `1.5e+20`. `inf` and `nan` print as such.
std::string formatSignificant(double V, unsigned Digits = 4);

/// \p V scaled to an SI prefix (none, k, M, G, T, P, E) so that the mantissa
/// is in [1, 1000), with 4 significant digits, then a space and \p Unit
/// prefixed: formatSI(312e12, "FLOP/s") is `312 TFLOP/s`.
std::string formatSI(double V, llvm::StringRef Unit);

/// A duration in seconds as `s`, `ms`, `us` or `ns` (or `ps` below a
/// nanosecond), 4 significant digits: `1.287 us`, `0 s`.
std::string formatSeconds(double Seconds);

} // namespace modcost

#endif // MODCOST_SUPPORT_NUMBERFORMAT_H
