//===- Einsum.cpp - The subscripts of an einsum equation ------------------===//

#include "modcost/Semantics/Einsum.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace modcost {

/// The letters of \p Spec without spaces; nullopt for anything else.
static std::optional<std::string> subscripts(StringRef Spec) {
  std::string Out;
  for (char C : Spec) {
    if (isAlpha(C))
      Out.push_back(C);
    else if (!isSpace(C))
      return std::nullopt;
  }
  return Out;
}

std::optional<EinsumEquation> parseEinsum(StringRef Equation) {
  auto [Lhs, Rhs] = Equation.split("->");
  bool Explicit = Lhs.size() != Equation.size();
  EinsumEquation Eq;
  SmallVector<StringRef, 4> Specs;
  Lhs.split(Specs, ',');
  for (StringRef Spec : Specs) {
    std::optional<std::string> S = subscripts(Spec);
    if (!S)
      return std::nullopt;
    Eq.Inputs.push_back(std::move(*S));
  }
  if (Explicit) {
    std::optional<std::string> S = subscripts(Rhs);
    if (!S)
      return std::nullopt;
    Eq.Output = std::move(*S);
    return Eq;
  }
  // Implicit output: the subscripts seen once, sorted (ASCII: upper case
  // first, as torch orders them).
  std::map<char, int> Count;
  for (const std::string &S : Eq.Inputs)
    for (char C : S)
      ++Count[C];
  for (auto [C, N] : Count)
    if (N == 1)
      Eq.Output.push_back(C);
  return Eq;
}

} // namespace modcost
