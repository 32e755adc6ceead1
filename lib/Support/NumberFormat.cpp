//===- NumberFormat.cpp - Rates, SI prefixes, significant digits ----------===//

#include "modcost/Support/NumberFormat.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdio>
#include <string>

using namespace llvm;

namespace modcost {

Expected<double> parseSIValue(StringRef Text) {
  StringRef T = Text.trim();
  // The suffix becomes a decimal exponent of the text, so `2.039T` reads
  // as exactly the double nearest 2.039e12.
  int Exp = 0;
  if (!T.empty()) {
    switch (T.back()) {
    case 'k':
    case 'K':
      Exp = 3;
      break;
    case 'M':
      Exp = 6;
      break;
    case 'G':
      Exp = 9;
      break;
    case 'T':
      Exp = 12;
      break;
    case 'P':
      Exp = 15;
      break;
    case 'E':
      Exp = 18;
      break;
    default:
      break;
    }
    if (Exp)
      T = T.drop_back();
  }
  // getAsDouble accepts `inf` and `nan`; only digits, a point and an
  // exponent are numbers here.
  bool Plain = !T.empty() && isDigit(T.front()) && llvm::all_of(T, [](char C) {
    return isDigit(C) || C == '.' || C == 'e' || C == 'E' || C == '+' ||
           C == '-';
  });
  double V = 0;
  bool Bad = !Plain || T.getAsDouble(V);
  if (!Bad && Exp) {
    if (T.find_insensitive('e') == StringRef::npos) {
      std::string WithExp = (T + "e" + Twine(Exp)).str();
      Bad = StringRef(WithExp).getAsDouble(V);
    } else {
      V *= std::pow(10.0, Exp);
    }
  }
  if (Bad || !std::isfinite(V) || !(V > 0))
    return createStringError("expected a positive number such as 312e12 or "
                             "312T, got '" +
                             Text + "'");
  return V;
}

std::string formatSignificant(double V, unsigned Digits) {
  if (std::isnan(V))
    return "nan";
  if (std::isinf(V))
    return V > 0 ? "inf" : "-inf";
  if (V == 0)
    return "0";
  double A = std::fabs(V);
  char Buf[64];
  if (A < 1e-4 || A >= 1e15) {
    std::snprintf(Buf, sizeof(Buf), "%.*g", static_cast<int>(Digits), V);
    return Buf;
  }
  // Round to the significant digits first, then print with just enough
  // decimals for them.
  std::snprintf(Buf, sizeof(Buf), "%.*e", static_cast<int>(Digits) - 1, V);
  double R = std::strtod(Buf, nullptr);
  int Exp = static_cast<int>(std::floor(std::log10(std::fabs(R))));
  int Decimals = std::max(0, static_cast<int>(Digits) - 1 - Exp);
  std::snprintf(Buf, sizeof(Buf), "%.*f", Decimals, R);
  std::string S = Buf;
  if (S.find('.') != std::string::npos) {
    while (S.back() == '0')
      S.pop_back();
    if (S.back() == '.')
      S.pop_back();
  }
  return S;
}

std::string formatSI(double V, StringRef Unit) {
  static const char *Prefixes[] = {"", "k", "M", "G", "T", "P", "E"};
  unsigned I = 0;
  double M = V;
  while (std::fabs(M) >= 1000 && I + 1 < std::size(Prefixes)) {
    M /= 1000;
    ++I;
  }
  // Rounding may carry into the next prefix (999.99 k -> 1000 k).
  if (std::fabs(std::stod(formatSignificant(M))) >= 1000 &&
      I + 1 < std::size(Prefixes)) {
    M /= 1000;
    ++I;
  }
  return formatSignificant(M) + " " + Prefixes[I] + Unit.str();
}

std::string formatSeconds(double Seconds) {
  if (Seconds == 0 || !std::isfinite(Seconds))
    return formatSignificant(Seconds) + " s";
  static const struct {
    double Scale;
    const char *Unit;
  } Units[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
  for (const auto &U : Units)
    if (std::fabs(Seconds) >= U.Scale * (1 - 5e-5))
      return formatSignificant(Seconds / U.Scale) + " " + U.Unit;
  return formatSignificant(Seconds / 1e-12) + " ps";
}

} // namespace modcost
