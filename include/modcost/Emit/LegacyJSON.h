//===- LegacyJSON.h - The minimal per-module JSON format --------*- C++ -*-===//
///
/// \file
/// `--format=...,legacy-json` writes, next to the full JSON, the minimal
/// per-module format that hand-written analyses of this kind use:
/// `class_name` and `kernels[]` with `kernel_type`, `operation`,
/// `analysis`, `flops` and `memory_access{read,write}`. A composite
/// kernel's `flops` and `memory_access` stay unexpanded:
/// `${fully.qualified.Class}(param=expr, ...) + <basic terms>`, the calls
/// of the line (times its loop's trip count) plus what the line computes
/// itself, so consumers that expand references themselves keep working.
/// Schema: docs/schema/modcost-legacy.schema.json.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_LEGACYJSON_H
#define MODCOST_EMIT_LEGACYJSON_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace modcost {

/// The composite cost of \p K in the legacy notation for one quantity:
/// \p Line is the line's expanded formula, \p Of picks the reference's
/// formula of the same quantity. Exposed for the unit tests.
std::string legacyComposite(const KernelInfo &K, llvm::StringRef Line,
                            std::string ReferenceInfo::*Of);

/// Writes the legacy JSON of \p U.
void writeLegacyJSON(const AnalysisUnit &U, llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_LEGACYJSON_H
