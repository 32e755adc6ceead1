//===- Batch.h - Whole libraries in one run (--all) -------------*- C++ -*-===//
///
/// \file
/// `modcost-opt --all=PACKAGE[,PACKAGE...] -o OUT` analyzes every class with
/// its own forward() under the packages (with --functions also every
/// module-level function) on a pool of threads, one parser and one pass
/// manager per thread, every file parsed once and its IR shared read-only.
/// Each unit runs with its own loader, diagnostics and time budget, inside a
/// crash-recovery context: a failing, crashing or over-budget unit is
/// recorded as `failed` and the batch goes on. The index (OUT/index.md and
/// OUT/index.json) lists every unit's status, first reason, totals and
/// report, sorted by name, and ends with the summary counts; it is the same
/// byte for byte whatever -j is (docs/CommandGuide.md, "Batch mode").
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TOOLS_BATCH_H
#define MODCOST_TOOLS_BATCH_H

#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Support/Diagnostics.h"
#include "modcost/Transforms/ZeroComposites.h"

#include "llvm/Support/CommandLine.h"

#include <string>
#include <vector>

namespace modcost {

class PassBuilder;
class InferenceProfile;
struct Bindings;
class OpRuleRegistry;
struct RooflineTarget;

/// The options of batch mode (--all, --functions, --factories, -j,
/// --unit-timeout).
llvm::cl::OptionCategory &getBatchCategory();

/// True if --all was given.
bool isBatchRequested();

/// The pipeline batch mode runs when -passes= is not given.
constexpr const char *DefaultBatchPipeline = "locate,prune,cost,expand";

/// What the driver set up, shared read-only by the batch's threads.
struct BatchConfig {
  DiagnosticEngine &Diags;
  const SourceRoots &Roots;
  /// Library model roots (empty with --no-models).
  SourceRoots ModelRoots = {};
  PassBuilder &PB;
  std::string Pipeline = DefaultBatchPipeline;
  const InferenceProfile *Profile = nullptr;
  const Bindings *Bound = nullptr;
  const OpRuleRegistry *OpRules = nullptr;
  const RooflineTarget *Machine = nullptr;
  std::string OutputDir;
  bool WriteMD = true, WriteJSON = true;
  /// The tool's version, recorded in the index.
  std::string Version;
  /// The parse cache every thread reads and writes (null: none).
  ParseCache *Cache = nullptr;
};

/// One unit of a batch: what to analyze and where it is defined.
struct BatchUnit {
  std::string Name;
  /// `class`, `function` or `factory`.
  std::string Kind;
  /// Root-relative file and line of the definition.
  std::string File;
  unsigned Line = 0;
};

/// What became of one unit.
struct BatchResult {
  BatchUnit Unit;
  /// `complete`, `unknown-ops`, `undecided` or `failed`.
  std::string Status;
  /// The first reason it is not complete (`level: message`), and where
  /// (`file:line:col`, empty if the diagnostic has no location).
  std::string Reason, ReasonAt;
  /// Totals (formulas) and, after expand, their values.
  std::string Flops, MatmulFlops, Read, Write;
  std::string FlopsValue, MatmulFlopsValue;
  unsigned Undecided = 0;
  std::vector<std::string> UnknownOps;
  /// Composite lines priced at a silent zero (issue 13; should be none).
  std::vector<ZeroComposite> ZeroComposites;
  /// The file stem of its report in the output directory (empty if none).
  std::string Report;
};

/// The units under the packages, sorted by name, parsing every file once
/// (through \p Cache, on \p Jobs threads); files that do not parse are
/// added to \p Unparsed as `path: first error`.
struct BatchEnumeration {
  std::vector<BatchUnit> Units;
  std::vector<std::string> Unparsed;
  size_t Files = 0;
};

/// Runs batch mode; returns the exit code.
int runBatch(BatchConfig &Config);

/// Writes OUT/index.json and OUT/index.md for \p Results (sorted by name).
llvm::Error writeBatchIndex(const BatchConfig &Config,
                            const std::vector<std::string> &Packages,
                            const BatchEnumeration &Found,
                            const std::vector<BatchResult> &Results);

} // namespace modcost

#endif // MODCOST_TOOLS_BATCH_H
