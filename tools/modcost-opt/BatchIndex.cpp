//===- BatchIndex.cpp - OUT/index.json and OUT/index.md -------------------===//
///
/// \file
/// The batch index: every unit sorted by name with its status, first
/// reason, totals and report, then the summary counts and the most common
/// causes. It holds no time and no thread count, so the same inputs give
/// the same bytes.
///
//===----------------------------------------------------------------------===//

#include "Batch.h"

#include "modcost/Emit/Emitters.h"
#include "modcost/Emit/JSONDump.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <map>
#include <nlohmann/json.hpp>

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

static const char *const Statuses[] = {"complete", "unknown-ops", "undecided",
                                       "failed"};

/// A reason as a pattern for grouping: quoted text becomes `…`, numbers N.
static std::string causeOf(StringRef Reason) {
  std::string Out;
  for (size_t I = 0; I < Reason.size(); ++I) {
    char C = Reason[I];
    bool Quote = C == '`' || (C == '\'' && (I == 0 || !isAlnum(Reason[I - 1])));
    size_t End = Quote ? Reason.find(C, I + 1) : StringRef::npos;
    if (End != StringRef::npos) {
      Out += C;
      Out += "…";
      Out += C;
      I = End;
    } else if (isDigit(C)) {
      Out += 'N';
      while (I + 1 < Reason.size() && isDigit(Reason[I + 1]))
        ++I;
    } else {
      Out += C;
    }
  }
  return Out;
}

/// Unit counts per status, in the order of Statuses.
static std::vector<std::pair<std::string, size_t>>
countStatuses(const std::vector<BatchResult> &Results) {
  std::vector<std::pair<std::string, size_t>> N;
  for (const char *S : Statuses)
    N.emplace_back(S, llvm::count_if(Results, [&](const BatchResult &R) {
                     return R.Status == S;
                   }));
  return N;
}

/// Units with at least one silent zero composite.
static size_t countZeroUnits(const std::vector<BatchResult> &Results) {
  return llvm::count_if(
      Results, [](const BatchResult &R) { return !R.ZeroComposites.empty(); });
}

static json zeroCompositesJSON(const std::vector<ZeroComposite> &Zs) {
  json A = json::array();
  for (const ZeroComposite &Z : Zs)
    A.push_back({{"in", Z.In.empty() ? json(nullptr) : json(Z.In)},
                 {"line", Z.Line},
                 {"code", Z.Code},
                 {"callee", Z.Callee},
                 {"cause", Z.Cause},
                 {"unpriced_line", Z.UnpricedLine}});
  return A;
}

static json indexJSON(const BatchConfig &C,
                      const std::vector<std::string> &Packages,
                      const BatchEnumeration &Found,
                      const std::vector<BatchResult> &Results) {
  json J;
  J["tool"] = "modcost-opt";
  J["version"] = C.Version;
  J["packages"] = Packages;
  J["pipeline"] = C.Pipeline;
  J["files"] = Found.Files;
  J["unparsed_files"] = Found.Unparsed;
  json Units = json::array();
  for (const BatchResult &R : Results) {
    json U;
    U["name"] = R.Unit.Name;
    U["kind"] = R.Unit.Kind;
    U["file"] = R.Unit.File;
    U["line"] = R.Unit.Line;
    U["status"] = R.Status;
    U["reason"] = R.Reason.empty() ? json(nullptr) : json(R.Reason);
    U["reason_at"] = R.ReasonAt.empty() ? json(nullptr) : json(R.ReasonAt);
    U["undecided"] = R.Undecided;
    U["unknown_ops"] = R.UnknownOps;
    if (R.Status == "failed")
      U["totals"] = nullptr;
    else
      U["totals"] = {{"flops", R.Flops},
                     {"matmul_flops", R.MatmulFlops},
                     {"read_bytes", R.Read},
                     {"write_bytes", R.Write}};
    U["zero_composites"] = zeroCompositesJSON(R.ZeroComposites);
    U["report"] = R.Report.empty() ? json(nullptr) : json(R.Report);
    Units.push_back(std::move(U));
  }
  J["units"] = std::move(Units);
  json S;
  S["units"] = Results.size();
  for (const auto &[Status, N] : countStatuses(Results))
    S[Status] = N;
  S["units_with_zero_composites"] = countZeroUnits(Results);
  J["summary"] = std::move(S);
  return J;
}

/// Escapes \p S for a Markdown table cell.
static std::string cell(StringRef S) {
  std::string Out;
  for (char C : S)
    Out += C == '|' ? "\\|" : C == '\n' ? " " : std::string(1, C);
  return Out;
}

/// The section listing every silent zero composite (none if all is well).
static void writeZeroSection(const std::vector<BatchResult> &Results,
                             raw_ostream &OS) {
  OS << "\n## Zero composites\n\n"
     << countZeroUnits(Results)
     << " unit(s) with a composite priced at 0 FLOPs and 0 bytes although "
        "its callee has computational lines and lost information.\n";
  if (!countZeroUnits(Results))
    return;
  OS << "\n| Unit | In | Line | Code | Callee | Cause |\n"
     << "|---|---|---:|---|---|---|\n";
  for (const BatchResult &R : Results)
    for (const ZeroComposite &Z : R.ZeroComposites)
      OS << "| `" << R.Unit.Name << "` | "
         << (Z.In.empty() ? "" : "`" + Z.In + "`") << " | " << Z.Line << " | `"
         << cell(StringRef(Z.Code).take_front(60)) << "` | `" << Z.Callee
         << "` | " << cell(Z.Cause) << " |\n";
}

static void writeIndexMarkdown(const BatchConfig &C,
                               const std::vector<std::string> &Packages,
                               const BatchEnumeration &Found,
                               const std::vector<BatchResult> &Results,
                               raw_ostream &OS) {
  OS << "# modcost batch: " << join(Packages, ", ") << "\n\n"
     << "modcost-opt " << C.Version << ", `-passes=" << C.Pipeline << "`, "
     << Found.Files << " file(s), " << Results.size() << " unit(s).\n\n"
     << "| Unit | Kind | Status | FLOPs | First reason | Report |\n"
     << "|---|---|---|---|---|---|\n";
  for (const BatchResult &R : Results) {
    std::string Flops = R.FlopsValue.empty() ? R.Flops : R.FlopsValue;
    OS << "| `" << R.Unit.Name << "` | " << R.Unit.Kind << " | " << R.Status
       << " | " << (Flops.empty() ? "" : "`" + cell(Flops) + "`") << " | "
       << cell(R.Reason) << " | ";
    if (!R.Report.empty())
      OS << "[" << R.Report << "](" << R.Report << (C.WriteMD ? ".md" : ".json")
         << ")";
    OS << " |\n";
  }
  if (!Found.Unparsed.empty()) {
    OS << "\n## Files that do not parse\n\n";
    for (const std::string &U : Found.Unparsed)
      OS << "- " << cell(U) << "\n";
  }
  OS << "\n## Summary\n\n| Status | Units | Share |\n|---|---:|---:|\n";
  for (const auto &[Status, N] : countStatuses(Results))
    OS << "| " << Status << " | " << N << " | "
       << format("%.1f%%", Results.empty() ? 0.0 : 100.0 * N / Results.size())
       << " |\n";
  OS << "| total | " << Results.size() << " | |\n";
  writeZeroSection(Results, OS);
  std::map<std::string, std::pair<size_t, std::string>> Causes;
  for (const BatchResult &R : Results)
    if (R.Status != "complete") {
      auto &Entry = Causes[causeOf(R.Reason)];
      if (!Entry.first++)
        Entry.second = R.Unit.Name;
    }
  std::vector<std::pair<std::string, std::pair<size_t, std::string>>> Top(
      Causes.begin(), Causes.end());
  llvm::stable_sort(Top, [](const auto &A, const auto &B) {
    return A.second.first > B.second.first;
  });
  if (Top.empty())
    return;
  OS << "\n## Top causes\n\n| Units | First reason (pattern) | Example |\n"
     << "|---:|---|---|\n";
  for (size_t I = 0; I < Top.size() && I < 20; ++I)
    OS << "| " << Top[I].second.first << " | " << cell(Top[I].first) << " | `"
       << Top[I].second.second << "` |\n";
}

Error writeBatchIndex(const BatchConfig &C,
                      const std::vector<std::string> &Packages,
                      const BatchEnumeration &Found,
                      const std::vector<BatchResult> &Results) {
  SmallString<256> JSONPath(C.OutputDir), MDPath(C.OutputDir);
  sys::path::append(JSONPath, "index.json");
  sys::path::append(MDPath, "index.md");
  if (Error E =
          writeFileAtomically(std::string(JSONPath), [&](raw_ostream &OS) {
            dumpJSON(indexJSON(C, Packages, Found, Results), OS);
            OS << "\n";
          }))
    return E;
  return writeFileAtomically(std::string(MDPath), [&](raw_ostream &OS) {
    writeIndexMarkdown(C, Packages, Found, Results, OS);
  });
}

} // namespace modcost
