//===- Einsum.h - The subscripts of an einsum equation ----------*- C++ -*-===//
///
/// \file
/// `torch.einsum`'s equation parsed once for both the shape rule (the
/// output's extents) and the cost rule (the contracted extents). torch
/// ignores spaces (maxvit writes `"B G H I D, B G H J D -> B G H I J"`)
/// and, without `->`, the output is the subscripts that appear once, in
/// alphabetical order (upper case before lower case). An ellipsis
/// (`...`) is not modeled.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SEMANTICS_EINSUM_H
#define MODCOST_SEMANTICS_EINSUM_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// One subscript letter per dimension, for each operand and the output.
struct EinsumEquation {
  std::vector<std::string> Inputs;
  std::string Output;
};

/// Parses \p Equation; nullopt for an ellipsis or a character that is not
/// a letter, a comma, `->` or a space.
std::optional<EinsumEquation> parseEinsum(llvm::StringRef Equation);

} // namespace modcost

#endif // MODCOST_SEMANTICS_EINSUM_H
