//===- ZeroComposites.h - Composites priced at a silent zero ----*- C++ -*-===//
///
/// \file
/// The check of issue 13's "no silent zero": a composite line (a call of a
/// submodule or a composite function) whose callee has computational lines
/// must not come out at 0 FLOPs and 0 bytes. Where information was lost,
/// the formula is `unknown` and a diagnostic names the cause; a zero that
/// remains is a bug of the interpreter. Batch mode lists them per unit in
/// its index (docs/Coverage.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_ZEROCOMPOSITES_H
#define MODCOST_TRANSFORMS_ZEROCOMPOSITES_H

#include "modcost/Pass/AnalysisUnit.h"
#include "modcost/Support/Diagnostics.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace modcost {

/// One composite line priced at 0 FLOPs, 0 bytes read and 0 written
/// although its callee has computational lines.
struct ZeroComposite {
  /// The report the line belongs to (the unit's name, or a callee's report
  /// stem) and the line.
  std::string In;
  unsigned Line = 0;
  /// The line's code and the callee's qualified name.
  std::string Code, Callee;
  /// The first warning inside the callee (`file:line: message`): the
  /// information that was lost.
  std::string Cause;
  /// The callee's first computational line that was not priced (0 when
  /// the zero comes from a silent zero the callee calls in turn).
  unsigned UnpricedLine = 0;
};

/// True if \p Fn's body (nested definitions, `raise` and `assert` aside)
/// has a computational line: a statement with a call of something other
/// than a Python builtin or a metadata or container method, or a `@`.
bool hasComputationalLines(const FunctionDef &Fn);

/// The composite lines of \p Root and of its callee reports (`expand`)
/// that are silent zeros: priced at 0 FLOPs, 0 bytes read and 0 written
/// although the callee has a computational line that did not run on the
/// priced path (no kernel of its report covers it) and information was
/// lost while running it (a warning of \p Diags inside the callee's lines:
/// an undecided condition, a value not known), or it holds such a zero
/// itself. Each (report, line, callee) once, in report order.
std::vector<ZeroComposite>
findZeroComposites(const UnitReport &Root,
                   llvm::ArrayRef<RecordedDiagnostic> Diags);

} // namespace modcost

#endif // MODCOST_TRANSFORMS_ZEROCOMPOSITES_H
