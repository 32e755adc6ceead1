//===- MarkdownWriter.cpp - The Markdown audit trail ----------------------===//
///
/// \file
/// The Markdown report: where the unit is, how its name resolved, and the
/// forward() source with its real line numbers.
///
//===----------------------------------------------------------------------===//

#include "modcost/Emit/Emitters.h"
#include "modcost/Emit/ModuleTree.h"
#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/NumberFormat.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatAdapters.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

/// Escapes `|` so text can sit in a Markdown table cell.
static std::string cell(StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '|')
      Out += "\\|";
    else if (C == '\n')
      Out += ' ';
    else
      Out += C;
  }
  return Out;
}

/// A Markdown code span that survives backticks in the text.
static std::string code(StringRef S) {
  if (!S.contains('`'))
    return ("`" + S + "`").str();
  return ("`` " + S + " ``").str();
}

/// The *Roofline* section: the machine, then per kernel its intensity,
/// roofline time and bound, the sum of the kernels and the totals as one
/// point.
static void writeRooflineSection(const UnitReport &R, raw_ostream &OS) {
  const UnitReport::RooflineSummary &S = *R.Roofline;
  OS << "\n## Roofline\n\n| | |\n|---|---|\n";
  if (!S.HardwareID.empty())
    OS << "| Hardware | " << S.HardwareName << " (`" << S.HardwareID
       << "`) |\n";
  OS << "| Peak | " << formatSI(S.PeakFlops, "FLOP/s") << " (" << S.Precision
     << ") |\n";
  OS << "| Bandwidth | " << formatSI(S.Bandwidth, "B/s") << " |\n";
  OS << "| Ridge point | " << formatSignificant(S.RidgePoint)
     << " FLOP/byte |\n";
  if (!S.Source.empty())
    OS << "| Source | " << cell(S.Source) << " |\n";
  OS << "\nTime = max(FLOPs / peak, bytes / bandwidth); a kernel is "
        "compute-bound when its intensity is at least the ridge point. The "
        "unit's time is the sum of its kernels' times (each kernel runs "
        "alone); the totals as one point assume everything overlaps.\n\n";
  OS << "| Line | Intensity (FLOP/byte) | Time | Bound |\n|---|---|---|---|\n";
  auto Row = [&](StringRef What, const RooflinePoint &P) {
    OS << "| " << What << " | " << formatSignificant(P.Intensity) << " | "
       << formatSeconds(P.Seconds) << " | " << P.Bound << " |\n";
  };
  for (const KernelInfo &K : R.Kernels)
    if (K.Roofline)
      Row(std::to_string(K.Line), *K.Roofline);
    else
      OS << "| " << K.Line << " | "
         << (K.Intensity.empty() ? "" : code(cell(K.Intensity)))
         << " | (symbolic) | |\n";
  if (S.KernelSeconds)
    OS << "| **sum of kernels** | | " << formatSeconds(*S.KernelSeconds)
       << " | |\n";
  if (S.Total)
    Row("**total as one point**", *S.Total);
  if (S.KernelsWithoutValues)
    OS << "\n"
       << S.KernelsWithoutValues
       << " kernel(s) without numeric values: bind their symbols for a "
          "time.\n";
}

/// A Markdown link to the composite report \p Stem (`Stem.md`, in the
/// same directory), shown as \p Text (the file name if empty).
static std::string reportLink(StringRef Stem, StringRef Text = "") {
  std::string File = (Stem + ".md").str();
  return "[" + (Text.empty() ? File : Text.str()) + "](" + File + ")";
}

/// The breakdown as a nested list: callee, caller line, calls, FLOPs.
static void writeBreakdownTree(ArrayRef<UnitReport::BreakdownItem> Items,
                               unsigned Depth, raw_ostream &OS) {
  for (const auto &I : Items) {
    std::string Name = "`" + I.Callee + "`";
    if (!I.Report.empty())
      Name = reportLink(I.Report, Name);
    // `32 calls (num_layers)`, `1 call`, or `n calls` when unbound.
    std::string Calls =
        (I.CallsValue.empty() ? "`" + I.Calls + "`" : I.CallsValue) +
        (I.CallsValue == "1" ? " call" : " calls");
    if (!I.CallsValue.empty() && I.CallsValue != I.Calls)
      Calls += " (`" + I.Calls + "`)";
    OS.indent(2 * Depth) << "- " << Name << " (line " << I.Line << ", " << Calls
                         << "): "
                         << (I.FlopsValue.empty() ? "`" + I.Flops + "`"
                                                  : I.FlopsValue)
                         << " FLOPs";
    if (!I.Share.empty())
      OS << ", " << I.Share << "%";
    OS << "\n";
    writeBreakdownTree(I.Children, Depth + 1, OS);
  }
}

void writeMarkdown(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  const LocationInfo &L = *R.Location;
  OS << "# " << U.getName() << "\n\n";
  OS << "| | |\n|---|---|\n";
  OS << "| " << (L.UnitKind == "class" ? "Class" : "Function") << " | `"
     << L.QualifiedName << "` |\n";
  OS << "| File | `" << L.File << "` |\n";
  OS << "| Source root | `" << L.Root << "` |\n";
  if (L.UnitKind == "class")
    OS << "| Class lines | " << L.ClassLineStart << "-" << L.ClassLineEnd
       << " |\n";
  OS << "| forward() lines | " << L.ForwardLineStart << "-" << L.ForwardLineEnd
     << " |\n";
  if (L.UnitKind == "class")
    OS << "| forward() defined in | `" << L.ForwardDefinedIn << "` (`"
       << L.ForwardFile << "`) |\n";
  if (!L.Builder.empty())
    OS << "| Built by | `" << L.Builder << "` (`" << L.BuilderAt << "`)"
       << (L.ConstructedAt.empty()
               ? ""
               : ", constructed at `" + L.ConstructedAt + "`")
       << " |\n";
  if (!L.MRO.empty())
    OS << "| MRO | " << cell(join(L.MRO, " -> ")) << " |\n";
  OS << "| Passes | " << join(R.PassesRun, ", ") << " |\n";
  if (!R.CalledAs.empty())
    OS << "| Analyzed as | " << cell(R.CalledAs) << " |\n";

  OS << "\n## Name resolution\n\n";
  unsigned I = 1;
  for (const std::string &T : L.Trace)
    OS << I++ << ". " << T << "\n";

  if (R.Pruned) {
    OS << "\n## Inference path\n\n";
    OS << formatv("{0} condition(s) decided, {1} undecided under the "
                  "inference profile.\n\n",
                  R.Decided, R.Undecided);
    if (!R.Decisions.empty()) {
      OS << "| Line | In | Condition | Value | Runs | Skipped | Why |\n";
      OS << "|---|---|---|---|---|---|---|\n";
      for (const DecisionInfo &D : R.Decisions) {
        std::string Skipped;
        for (const auto &[B, E] : D.Skipped)
          Skipped += (Skipped.empty() ? "" : ", ") +
                     (B == E ? std::to_string(B)
                             : std::to_string(B) + "-" + std::to_string(E));
        std::string Value = D.Value == "undecided" ? "**undecided**" : D.Value;
        OS << "| " << D.Line << " | " << D.Context << " | "
           << (D.Kind == "dead" ? "" : D.Kind + " ") << "`" << cell(D.Condition)
           << "` | " << Value << " | " << cell(D.Taken) << " | " << Skipped
           << " | " << cell(D.Reason) << " |\n";
      }
    }
  }

  if (R.Costed) {
    OS << "\n## Line-by-line analysis\n\n";
    if (R.Kernels.empty())
      OS << "No computational line on the inference path.\n";
    for (const KernelInfo &K : R.Kernels) {
      OS << "### Line " << K.Line;
      if (K.EndLine != K.Line)
        OS << "-" << K.EndLine;
      StringRef Code = StringRef(K.Code).trim();
      if (Code.contains('\n'))
        OS << ":\n\n```python\n" << Code << "\n```\n\n";
      else
        OS << ": `" << Code << "`\n\n";
      OS << "- **Kernel Type:** " << K.KernelType << "\n";
      OS << "- **Operation:** " << code(K.Operation) << "\n";
      OS << "- **Analysis:**\n";
      for (const std::string &A : K.Analysis)
        OS << (StringRef(A).starts_with("  - ") ? "  " : "  - ") << A << "\n";
      std::vector<std::string> Links;
      for (const ReferenceInfo &Ref : K.References)
        if (!Ref.Report.empty())
          Links.push_back(reportLink(Ref.Report));
      if (!Links.empty())
        OS << "- **Composite reports:** " << join(Links, ", ") << "\n";
      OS << "- **FLOPs:** `" << K.Flops << "`\n";
      OS << "- **Memory Access:** Read `" << K.Read << "`; Write `" << K.Write
         << "`\n";
      if (R.Expanded && !K.Intensity.empty())
        OS << "- **Arithmetic Intensity:** `" << K.Intensity << "`"
           << (K.IntensityValue.empty()
                   ? ""
                   : " = " + K.IntensityValue + " FLOP/byte")
           << "\n";
      OS << "\n";
    }
    OS << "## Summary\n\n";
    OS << "| Line | Kernel | Operation | FLOPs | Read | Write |\n";
    OS << "|---|---|---|---|---|---|\n";
    for (const KernelInfo &K : R.Kernels)
      OS << "| " << K.Line << " | " << K.KernelType << " | "
         << code(cell(K.Operation)) << " | `" << K.Flops << "` | `" << K.Read
         << "` | `" << K.Write << "` |\n";
    OS << "| **total** | | | `" << R.TotalFlops << "` | `" << R.TotalRead
       << "` | `" << R.TotalWrite << "` |\n\n";
    OS << "Matrix-product FLOPs (matmul, linear, convolution, attention): `"
       << R.TotalMatmulFlops << "`\n";
    if (R.Expanded) {
      OS << "\n## Totals\n\n| Quantity | Formula | Value |\n|---|---|---|\n";
      auto Row = [&](StringRef Q, StringRef F, StringRef V) {
        OS << "| " << Q << " | `" << F << "` | "
           << (V.empty() ? StringRef("(symbolic)") : V) << " |\n";
      };
      Row("FLOPs", R.TotalFlops, R.TotalFlopsValue);
      Row("matrix FLOPs", R.TotalMatmulFlops, R.TotalMatmulFlopsValue);
      Row("bytes read", R.TotalRead, R.TotalReadValue);
      Row("bytes written", R.TotalWrite, R.TotalWriteValue);
      if (!R.TotalIntensity.empty())
        Row("arithmetic intensity (FLOP/byte)", R.TotalIntensity,
            R.TotalIntensityValue);
      if (!R.FreeSymbols.empty())
        OS << "\nUnbound symbols: " << join(R.FreeSymbols, ", ")
           << " (bind them with --config, --set, --batch-size, --seq-len, "
              "--cache-len).\n";
      if (!R.BoundValues.empty()) {
        OS << "\nBindings:\n\n";
        for (const auto &[N, V] : R.BoundValues)
          OS << "- `" << N << "` = " << V << "\n";
      }
      if (!R.Breakdown.empty()) {
        OS << "\n## Breakdown\n\nEvery composite call, largest first: its "
              "FLOPs over all its calls in one run, and its share of the "
              "total. Each callee's own report (its lines, analyzed with the "
              "values bound here) is linked.\n\n"
              "| Composite | Line | Calls | FLOPs | Share | Report |\n"
              "|---|---|---|---|---|---|\n";
        for (const auto &I : R.Breakdown)
          OS << "| `" << I.Callee << "` | " << I.Line << " | `" << I.Calls
             << "` | "
             << (I.FlopsValue.empty() ? "`" + I.Flops + "`" : I.FlopsValue)
             << " | " << (I.Share.empty() ? "" : I.Share + "%") << " | "
             << (I.Report.empty() ? std::string("") : reportLink(I.Report))
             << " |\n";
        bool Nested = llvm::any_of(
            R.Breakdown, [](const auto &I) { return !I.Children.empty(); });
        if (Nested) {
          OS << "\n### Tree\n\n";
          writeBreakdownTree(R.Breakdown, 0, OS);
        }
      }
      if (R.Roofline)
        writeRooflineSection(R, OS);
    }
    writeModuleTreeMarkdown(R, OS);
    OS << "\n## Variables\n\n| Symbol | Meaning | Where it comes from |\n"
          "|---|---|---|\n";
    for (const VariableInfo &V : R.Variables)
      OS << "| `" << V.Name << "` | " << cell(V.Meaning) << " | "
         << cell(V.Origin) << " |\n";
    OS << "\n## Assumptions\n\n";
    if (R.Assumptions.empty())
      OS << "None: every condition on the path was decided by the profile.\n";
    for (const std::string &A : R.Assumptions)
      OS << "- " << A << "\n";
    if (!R.ModelsUsed.empty()) {
      OS << "\n## Library models used\n\n"
            "These definitions were not followed in the real source: a model "
            "under a models directory stood in for them (docs/Models.md).\n\n";
      for (const std::string &M : R.ModelsUsed)
        OS << "- " << M << "\n";
    }
    OS << "\n## Unknown ops\n\n";
    if (R.UnknownOps.empty())
      OS << "None.\n";
    for (const std::string &U : R.UnknownOps)
      OS << "- " << U << " (no cost rule; FLOPs and bytes unknown)\n";
  }

  if (!R.Remarks.empty()) {
    OS << "\n## Remarks\n\n";
    for (const RemarkInfo &Rm : R.Remarks) {
      OS << "- `" << Rm.Pass << "`";
      if (Rm.Line)
        OS << ", line " << Rm.Line;
      OS << ": " << Rm.Message << "\n";
    }
  }

  OS << "\n## forward() source\n\n";
  OS << "`" << L.ForwardFile << "`, lines " << L.ForwardLineStart << "-"
     << L.ForwardLineEnd << ":\n\n```python\n";
  const SourceFile *F = L.ForwardModule ? L.ForwardModule->File : nullptr;
  unsigned Start = L.Forward ? L.Forward->FullRange.Line : L.ForwardLineStart;
  if (F) {
    unsigned Width = std::to_string(L.ForwardLineEnd).size();
    for (unsigned Line = Start; Line <= L.ForwardLineEnd; ++Line)
      OS << formatv("{0} | ", fmt_align(Line, AlignStyle::Right, Width))
         << F->getLine(Line) << "\n";
  }
  OS << "```\n";
}

void writeNotFoundMarkdown(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  OS << "# " << U.getName() << "\n\n";
  OS << "**Module not found.**\n\n";
  if (R.NotFoundReason)
    OS << *R.NotFoundReason << "\n\n";
  OS << "## What was searched\n\n";
  for (const std::string &S : R.Searched)
    OS << "- " << S << "\n";
  OS << "\nNo JSON was written for this name.\n";
}

} // namespace modcost
