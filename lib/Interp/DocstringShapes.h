//===- DocstringShapes.h - Input shapes stated in docstrings ----*- C++ -*-===//
///
/// \file
/// The shape a forward() parameter's docstring states
/// (`hidden_states (`torch.FloatTensor` of shape `(batch_size,
/// sequence_length, hidden_size)`)`), as an `[input_shape]` convention text
/// with the standard symbol names (DocstringShapes.cpp). The evaluator uses
/// it only for an input whose shape nothing else gives.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_DOCSTRINGSHAPES_H
#define MODCOST_LIB_INTERP_DOCSTRINGSHAPES_H

#include "modcost/IR/PyIR.h"

#include <optional>
#include <string>

namespace modcost {

/// A shape stated in a docstring.
struct DocstringShape {
  /// The convention text: `batch_size, seq_len, hidden_size`, with
  /// `: int64` for a `torch.LongTensor`.
  std::string Convention;
  /// Where it was read: `the docstring of `Foo.forward``.
  std::string Source;
};

/// The shape the docstring of \p Fn, else of the class defining it,
/// states for its parameter \p Param: the entry `Param (...)` whose text
/// says `of shape` / `of size` followed by a parenthesized, backquoted
/// list of dimensions. Dimension names become the standard symbols
/// (`batch` and `bsz` are batch_size, `sequence_length` and `tgt_len` are
/// seq_len); other names stay (a constructor parameter's name is that
/// parameter). std::nullopt when no entry states one, or one dimension is
/// neither a number, a name nor a formula over names (`...`, `*`).
std::optional<DocstringShape> docstringShape(llvm::StringRef Param,
                                             const FunctionDef &Fn);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_DOCSTRINGSHAPES_H
