//===- OpRulesFile.h - Declarative op cost rules (--op-rules) ---*- C++ -*-===//
///
/// \file
/// The declarative route to a custom op's cost: a JSON file mapping a
/// callable name to formulas over named operand dimensions.
///
///   {"version": 1,
///    "rules": [{
///      "callee": "torch.ops.mylib.fused_rms_norm",
///      "operands": [["B", "S", "H"], ["H"]],
///      "results": [["B", "S", "H"]],
///      "flops": "4*B*S*H",
///      "read_bytes": "a_bytes*B*S*H + w_bytes*H",
///      "write_bytes": "a_bytes*B*S*H"}]}
///
/// `operands` names the dimensions of the call's tensor operands in order
/// (`_` leaves one unnamed); the formulas may use those names, `a_bytes`
/// and `w_bytes`. `matmul_flops` (default 0) and `note` are optional.
/// Everything is checked when the file loads; problems are diagnostics at
/// the file's line and column. docs/WritingAPass.md has the details.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SEMANTICS_OPRULESFILE_H
#define MODCOST_SEMANTICS_OPRULESFILE_H

#include "modcost/Semantics/OpRules.h"
#include "modcost/Support/Diagnostics.h"

namespace modcost {

/// Reads the rules in \p Path, checks them and adds them to \p Registry.
/// Problems are reported through \p Diags; the error is a
/// DiagnosedError(InputError) if any was found (and then no rule of the
/// file is added).
llvm::Error loadOpRulesFile(llvm::StringRef Path, OpRuleRegistry &Registry,
                            DiagnosticEngine &Diags);

} // namespace modcost

#endif // MODCOST_SEMANTICS_OPRULESFILE_H
