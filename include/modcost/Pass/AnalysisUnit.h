//===- AnalysisUnit.h - The unit a pipeline runs over -----------*- C++ -*-===//
///
/// \file
/// An AnalysisUnit is to modcost what an llvm::Module is to opt: the thing
/// passes run over. It is one requested name (a module class or a
/// module-level function) inside the run's context (source roots, module
/// cache, diagnostics, options), plus the UnitReport that passes fill in and
/// emitters render.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_PASS_ANALYSISUNIT_H
#define MODCOST_PASS_ANALYSISUNIT_H

#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Support/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace modcost {

class PyModule;
class ClassDef;
class FunctionDef;

/// Everything the passes of one run share.
class InferenceProfile;
struct Bindings;
class OpRuleRegistry;
struct RooflineTarget;
class UnitBudget;

struct RunContext {
  DiagnosticEngine &Diags;
  ModuleLoader &Loader;
  /// Where printer passes (`print<...>`) write.
  llvm::raw_ostream &PrintOS;
  /// Whether -debug-pass-manager was given.
  bool DebugPassManager = false;
  /// The merged inference profile (null: prune cannot run).
  const InferenceProfile *Profile = nullptr;
  /// Values bound for `expand` (null: nothing bound).
  const Bindings *Bound = nullptr;
  /// File stems already used in the output directory by this run (the
  /// requested names, then every callee report written), so reports of
  /// different units never overwrite each other (may be null).
  std::set<std::string> *ReportNames = nullptr;
  /// Cost rules for custom ops, from plugins and --op-rules (may be null).
  const OpRuleRegistry *OpRules = nullptr;
  /// The machine `expand` draws the roofline for (null: no roofline).
  const RooflineTarget *Machine = nullptr;
  /// Rows of the module tree deeper than this are left out (--tree-depth;
  /// 0: all).
  unsigned TreeDepth = 0;
  /// The unit's time budget (batch mode; null: none).
  const UnitBudget *Budget = nullptr;
};

/// Where a unit lives, as established by the locate pass.
struct LocationInfo {
  /// `class` or `function`.
  std::string UnitKind;
  /// Fully qualified name of the class/function where it is defined.
  std::string QualifiedName;
  /// Root-relative file path and the root it was found under.
  std::string File, Root;
  unsigned ClassLineStart = 0, ClassLineEnd = 0;
  unsigned ForwardLineStart = 0, ForwardLineEnd = 0;
  /// Qualified name of the class that defines forward() (differs from
  /// QualifiedName when forward is inherited); the function itself for a
  /// function unit.
  std::string ForwardDefinedIn;
  /// Root-relative file of forward() (differs when inherited).
  std::string ForwardFile;
  /// Method resolution order, qualified names; unresolved bases appear as
  /// written with an `(external)` mark.
  std::vector<std::string> MRO;
  /// How the requested name was resolved, step by step.
  std::vector<std::string> Trace;
  /// For a model builder function (`torchvision.models.resnet50`): its
  /// qualified name and `file:line`, and where it constructed the model
  /// this location describes (empty otherwise).
  std::string Builder, BuilderAt, ConstructedAt;
  /// The IR of the defining module, class and forward.
  const PyModule *Module = nullptr;
  const PyModule *ForwardModule = nullptr;
  const ClassDef *Class = nullptr;
  const FunctionDef *Forward = nullptr;
};

/// One branch decision of the prune pass, as reported.
struct DecisionInfo {
  /// `if`, `elif`, `while`, `ternary` or `dead` (code after return/raise).
  std::string Kind;
  /// Where: `forward` or `__init__`.
  std::string Context;
  std::string File;
  unsigned Line = 0, Column = 0;
  /// The condition's source text (for `dead`: the terminating statement).
  std::string Condition;
  /// `true`, `false` or `undecided`.
  std::string Value;
  /// Which facts or rule decided it; for undecided ones, the assumption.
  std::string Reason;
  /// What runs: `then`, `else`, `body`, `orelse`, `none`.
  std::string Taken;
  /// Line ranges not on the inference path because of this decision.
  std::vector<std::pair<unsigned, unsigned>> Skipped;
};

/// A composite reference of a kernel entry, rendered.
struct ReferenceInfo {
  std::string Callee;
  /// Calls per run of the line (a loop trip count; empty for 1).
  std::string Times;
  /// The file stem of the callee's own report (`expand`; empty if none).
  std::string Report;
  std::vector<std::pair<std::string, std::string>> Params;
  std::vector<std::string> Justification;
  std::string Flops, MatmulFlops, Read, Write;
  std::vector<std::string> UnknownOps;
};

/// Where one kernel, or the whole unit, sits on a machine's roofline
/// (`expand` with --hardware or --peak-flops/--bandwidth; docs/Expand.md).
struct RooflinePoint {
  /// The numeric FLOPs and bytes (read + written).
  double Flops = 0, Bytes = 0;
  /// Flops / Bytes: infinite when no byte moves, NaN when nothing happens.
  double Intensity = 0;
  /// max(Flops / peak FLOP/s, Bytes / bandwidth), in seconds.
  double Seconds = 0;
  /// `compute` (intensity at or above the ridge point), `memory`, or
  /// `none` (no FLOPs and no bytes).
  std::string Bound;
};

/// One computational source line of forward(), rendered (the `cost` pass).
struct KernelInfo {
  unsigned Line = 0, EndLine = 0;
  std::string Code;
  std::string KernelType; ///< `basic` or `composite`.
  std::string Operation;
  std::vector<std::string> Analysis;
  std::string Flops, MatmulFlops, Read, Write;
  /// Exact values after `expand` (empty when a symbol is unbound).
  std::string FlopsValue, ReadValue, WriteValue;
  /// Arithmetic intensity FLOPs / (read + write) after `expand`: the
  /// canonical formula (`unknown` if a part is, empty if no byte moves)
  /// and its value with 4 significant digits (empty unless numeric).
  std::string Intensity, IntensityValue;
  /// The roofline point when a machine is given and the values are numeric.
  std::optional<RooflinePoint> Roofline;
  std::vector<ReferenceInfo> References;
  std::vector<std::string> UnknownOps;
};

/// A note a pass attaches to the report (like an LLVM optimization
/// remark): plugin passes use it to say what they found.
struct RemarkInfo {
  /// The pipeline name of the pass that made it.
  std::string Pass;
  /// The source line it is about (0: the whole unit).
  unsigned Line = 0;
  std::string Message;
};

/// A symbol used in the formulas: its meaning and where it came from.
struct VariableInfo {
  std::string Name, Meaning, Origin;
};

/// One row of the module tree (fvcore/calflops style): a submodule that
/// `__init__` built, with what it holds and what its forward() costs
/// (`cost`; values after `expand`; docs/ModuleTree.md).
struct ModuleRow {
  /// Attribute path from the unit (`model.layers.0.self_attn`); repeated
  /// layers folded (`model.layers.0-31`, or `model.layers.*` while the
  /// count is symbolic). Empty for the unit itself.
  std::string Path;
  unsigned Depth = 0;
  std::string ClassName;
  /// How many identical modules the row stands for (`1` unless folded),
  /// formula and value.
  std::string Count = "1", CountValue;
  /// Parameters and buffer elements of all of them, formula and value.
  std::string Params, ParamsValue, Buffers, BuffersValue;
  /// FLOPs and bytes (read + written) of every call of their forward()
  /// (`0` if never called on the inference path), formula and value.
  std::string Flops, FlopsValue, Bytes, BytesValue;
  /// Share of the unit's FLOPs in percent (empty unless numeric).
  std::string Share;
  /// The composite report of this module's call (`expand`), and the call
  /// text that names it.
  std::string Report, CallKey;
  /// The repeat counts (formulas) of the `*` segments of Path, in order.
  std::vector<std::string> Folds;
};

/// What a model holds: parameters, buffers, weight and KV-cache memory
/// (`cost`; values after `expand`; docs/ModuleTree.md).
struct ModelMemory {
  std::string Params, ParamsValue;
  std::string Buffers, BuffersValue;
  /// Params * w_bytes.
  std::string WeightBytes, WeightBytesValue;
  /// Weights counted once although two modules hold them, with why.
  std::vector<std::string> Tied;
  /// Bytes the key/value cache grows by per token (every layer, key and
  /// value, all batch_size sequences) and holds at cache_len tokens; empty
  /// when the path writes no cache.
  std::string KVPerToken, KVPerTokenValue, KVAtCacheLen, KVAtCacheLenValue;
  /// How the cache figures were found (each cache.update and its shape).
  std::vector<std::string> KVDerivation;
  /// Parameters whose shape is not known (`path: why`).
  std::vector<std::string> Unknown;
};

/// What the passes found, for the emitters.
struct UnitReport {
  /// Set once locate succeeds.
  std::optional<LocationInfo> Location;
  /// Set when locate fails because nothing matched: why, and where it looked.
  std::optional<std::string> NotFoundReason;
  std::vector<std::string> Searched;
  /// Names of the passes that ran, in order.
  std::vector<std::string> PassesRun;
  /// Set once prune ran: its decisions and their counts.
  bool Pruned = false;
  std::vector<DecisionInfo> Decisions;
  unsigned Decided = 0, Undecided = 0;
  /// Set once cost ran.
  bool Costed = false;
  std::vector<KernelInfo> Kernels;
  /// The first lines of the statements that ran on the priced path
  /// (whether or not they computed), ascending: a line of the function
  /// not in it was skipped (a branch not taken, or code after a `return`)
  /// or ran only unpriced (the check of docs/Coverage.md, "Zero
  /// composites").
  std::vector<unsigned> LinesRun;
  /// For a callee's report: the first lines of the statements that ran
  /// only on a path an undecided condition left out, and would have priced
  /// nothing there (a `print`, a metadata call), ascending.
  std::vector<unsigned> LinesRunUnpriced;
  /// For a callee's report: the first lines of the statements in branches
  /// a decided condition left out, ascending.
  std::vector<unsigned> LinesDecidedAway;
  /// Sums over all kernels (`unknown` if any part is).
  std::string TotalFlops, TotalMatmulFlops, TotalRead, TotalWrite;
  std::vector<VariableInfo> Variables;
  std::vector<std::string> Assumptions;
  /// Library models that stood in for the real source (docs/Models.md).
  std::vector<std::string> ModelsUsed;
  /// `line N: name` for every operation without a cost rule.
  std::vector<std::string> UnknownOps;
  /// Set once expand ran: exact totals (empty if unbound), the symbols left
  /// unbound, the bindings used, and the composite breakdown.
  bool Expanded = false;
  std::string TotalFlopsValue, TotalMatmulFlopsValue, TotalReadValue,
      TotalWriteValue;
  std::vector<std::string> FreeSymbols;
  std::vector<std::pair<std::string, std::string>> BoundValues;
  /// One composite call site in the breakdown tree.
  struct BreakdownItem {
    std::string Callee;
    /// The line of the caller (the unit, or the parent item's callee).
    unsigned Line = 0;
    /// FLOPs of one call, and how many calls one run of the unit makes
    /// (the loop trip counts along the path; `1` outside loops).
    std::string FlopsPerCall, Calls;
    /// Calls as a number, when every symbol of it is bound.
    std::string CallsValue;
    /// FLOPs of all those calls (formula and exact value).
    std::string Flops, FlopsValue;
    /// Share of the unit's FLOPs, in percent (empty if not numeric).
    std::string Share;
    /// The callee's own report (file stem), if written.
    std::string Report;
    /// The composites the callee calls, largest first.
    std::vector<BreakdownItem> Children;
  };
  std::vector<BreakdownItem> Breakdown;
  /// Remarks of any pass, in the order they were made.
  std::vector<RemarkInfo> Remarks;
  /// For a composite callee's report (`expand`): how it was called, by
  /// whom and at which line, with which bindings (empty for the root).
  std::string CalledAs;
  /// The reports of every distinct composite call reachable from this
  /// unit, each analyzed with the values its caller bound (`expand`); the
  /// root holds them all, in first-call order.
  std::vector<UnitReport> CalleeReports;
  /// The file stem this report is written under (`expand`, callees).
  std::string ReportName;
  /// Arithmetic intensity of the totals (as KernelInfo::Intensity).
  std::string TotalIntensity, TotalIntensityValue;
  /// The roofline of the unit on one machine (`expand` with a machine).
  struct RooflineSummary {
    /// The table entry (`a100-sxm-80gb`; empty for --peak-flops and
    /// --bandwidth alone), its display name and its source.
    std::string HardwareID, HardwareName, Source;
    /// Which peak applies: `fp16/bf16 dense, a_bytes = 2`, or `given by
    /// --peak-flops`.
    std::string Precision;
    /// Peak FLOP/s, bandwidth in bytes/s, ridge point Peak / Bandwidth.
    double PeakFlops = 0, Bandwidth = 0, RidgePoint = 0;
    /// The totals as one point (when they are numeric).
    std::optional<RooflinePoint> Total;
    /// Sum of the kernels' roofline times (when every kernel is numeric).
    std::optional<double> KernelSeconds;
    /// Kernels whose values are not numeric (no roofline point).
    unsigned KernelsWithoutValues = 0;
  };
  std::optional<RooflineSummary> Roofline;
  /// The module tree, the unit first (`cost`, class units).
  std::vector<ModuleRow> ModuleTree;
  /// Parameters and memory (`cost`, class units).
  std::optional<ModelMemory> Memory;
};

/// One requested name and its report.
class AnalysisUnit {
public:
  AnalysisUnit(std::string Name, RunContext &Ctx)
      : Name(std::move(Name)), Ctx(Ctx) {}

  /// The name as the user spelled it.
  const std::string &getName() const { return Name; }
  RunContext &getContext() const { return Ctx; }
  DiagnosticEngine &getDiags() { return Ctx.Diags; }
  ModuleLoader &getLoader() { return Ctx.Loader; }
  UnitReport &getReport() { return Report; }
  const UnitReport &getReport() const { return Report; }

private:
  std::string Name;
  RunContext &Ctx;
  UnitReport Report;
};

} // namespace modcost

#endif // MODCOST_PASS_ANALYSISUNIT_H
