//===- Emitters.h - Markdown and JSON writers of a unit report --*- C++ -*-===//
///
/// \file
/// Renders a UnitReport. The Markdown is the human audit trail; the JSON
/// follows docs/schema/modcost-analysis.schema.json. Both are deterministic
/// (same input, byte-identical output) and are written atomically: a
/// temporary file in the output directory is renamed over the target, so a
/// failed run never leaves a half-written file.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_EMITTERS_H
#define MODCOST_EMIT_EMITTERS_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace modcost {

/// Version of the JSON output format (the schema's `schema_version`).
inline constexpr const char *JSONSchemaVersion = "0.1";

/// Writes the Markdown report of a located unit.
void writeMarkdown(const AnalysisUnit &U, llvm::raw_ostream &OS);

/// Writes the Markdown of a unit whose name was not found: what was asked,
/// why it failed, and what was searched.
void writeNotFoundMarkdown(const AnalysisUnit &U, llvm::raw_ostream &OS);

/// Writes the JSON report of a located unit.
void writeJSON(const AnalysisUnit &U, llvm::raw_ostream &OS);

/// Writes what \p Write prints to \p Path atomically (temp file, then
/// rename); a file that already holds exactly those bytes is left untouched.
llvm::Error
writeFileAtomically(llvm::StringRef Path,
                    llvm::function_ref<void(llvm::raw_ostream &)> Write);

} // namespace modcost

#endif // MODCOST_EMIT_EMITTERS_H
