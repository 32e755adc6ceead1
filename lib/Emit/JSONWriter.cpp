//===- JSONWriter.cpp - The JSON report and atomic writes -----------------===//
///
/// \file
/// JSON output through nlohmann::ordered_json (keys in a fixed, documented
/// order, two-space indentation, invalid UTF-8 replaced, never thrown).
///
//===----------------------------------------------------------------------===//

#include "ModuleTreeJSON.h"
#include "modcost/Emit/Emitters.h"
#include "modcost/Emit/JSONDump.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

/// An exact integer as a JSON number when it fits 64 bits, else its
/// decimal text; null when not evaluated.
static json number(const std::string &V) {
  if (V.empty())
    return nullptr;
  int64_t I;
  if (!StringRef(V).getAsInteger(10, I))
    return I;
  uint64_t U;
  if (!StringRef(V).getAsInteger(10, U))
    return U;
  return V;
}

/// A decimal of a few significant digits as a JSON number; null if empty.
static json decimal(const std::string &V) {
  double D;
  if (V.empty() || StringRef(V).getAsDouble(D))
    return nullptr;
  return D;
}

/// A finite double as a JSON number, else null.
static json finite(double V) {
  return std::isfinite(V) ? json(V) : json(nullptr);
}

/// A roofline point: intensity (null if infinite or undefined), time in
/// seconds, bound.
static json rooflinePoint(const RooflinePoint &P) {
  json J;
  J["intensity"] = finite(P.Intensity);
  J["seconds"] = P.Seconds;
  J["bound"] = P.Bound;
  return J;
}

static json total(const std::string &Formula, const std::string &Value) {
  json T;
  T["formula"] = Formula;
  T["value"] = number(Value);
  return T;
}

/// The breakdown tree (see UnitReport::BreakdownItem).
static json breakdownJSON(ArrayRef<UnitReport::BreakdownItem> Items) {
  json BD = json::array();
  for (const auto &I : Items)
    BD.push_back(
        {{"callee", I.Callee},
         {"line", I.Line},
         {"calls", I.Calls},
         {"flops_per_call", I.FlopsPerCall},
         {"flops", total(I.Flops, I.FlopsValue)},
         {"share_percent", I.Share.empty() ? json(nullptr) : json(I.Share)},
         {"report", I.Report.empty() ? json(nullptr) : json(I.Report)},
         {"children", breakdownJSON(I.Children)}});
  return BD;
}

void writeJSON(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  const LocationInfo &L = *R.Location;
  json J;
  J["schema_version"] = JSONSchemaVersion;
  J["name"] = U.getName();
  J["class_name"] = L.QualifiedName;
  J["unit_kind"] = L.UnitKind;
  json Src;
  Src["file"] = L.File;
  Src["root"] = L.Root;
  if (L.UnitKind == "class") {
    Src["class_line_start"] = L.ClassLineStart;
    Src["class_line_end"] = L.ClassLineEnd;
  }
  Src["forward_line_start"] = L.ForwardLineStart;
  Src["forward_line_end"] = L.ForwardLineEnd;
  Src["forward_defined_in"] = L.ForwardDefinedIn;
  Src["forward_file"] = L.ForwardFile;
  J["source"] = Src;
  if (!L.Builder.empty())
    J["builder"] = {{"function", L.Builder},
                    {"at", L.BuilderAt},
                    {"constructed_at", L.ConstructedAt}};
  J["mro"] = L.MRO;
  J["resolution"] = L.Trace;
  J["passes"] = R.PassesRun;
  if (!R.CalledAs.empty())
    J["called_as"] = R.CalledAs;
  if (R.Pruned) {
    json P;
    P["decided"] = R.Decided;
    P["undecided"] = R.Undecided;
    J["prune"] = P;
    json Ds = json::array();
    for (const DecisionInfo &D : R.Decisions) {
      json JD;
      JD["kind"] = D.Kind;
      JD["context"] = D.Context;
      JD["file"] = D.File;
      JD["line"] = D.Line;
      JD["column"] = D.Column;
      JD["condition"] = D.Condition;
      JD["value"] = D.Value;
      JD["taken"] = D.Taken;
      json Sk = json::array();
      for (const auto &[B, E] : D.Skipped)
        Sk.push_back({{"start", B}, {"end", E}});
      JD["skipped"] = Sk;
      JD["reason"] = D.Reason;
      Ds.push_back(JD);
    }
    J["decisions"] = Ds;
  }
  if (R.Costed) {
    json Ks = json::array();
    for (const KernelInfo &K : R.Kernels) {
      json JK;
      JK["line"] = K.Line;
      JK["end_line"] = K.EndLine;
      JK["code"] = K.Code;
      JK["kernel_type"] = K.KernelType;
      JK["operation"] = K.Operation;
      std::string Analysis;
      for (const std::string &A : K.Analysis)
        Analysis += (Analysis.empty() ? "" : "\n") + A;
      JK["analysis"] = Analysis;
      JK["flops"] = K.Flops;
      JK["matmul_flops"] = K.MatmulFlops;
      JK["memory_access"] = {{"read", K.Read}, {"write", K.Write}};
      if (R.Expanded) {
        JK["values"] = {{"flops", number(K.FlopsValue)},
                        {"read", number(K.ReadValue)},
                        {"write", number(K.WriteValue)}};
        JK["intensity"] = {{"formula", K.Intensity.empty() ? json(nullptr)
                                                           : json(K.Intensity)},
                           {"value", decimal(K.IntensityValue)}};
      }
      if (R.Roofline)
        JK["roofline"] =
            K.Roofline ? rooflinePoint(*K.Roofline) : json(nullptr);
      json Refs = json::array();
      for (const ReferenceInfo &Ref : K.References) {
        json JR;
        JR["callee"] = Ref.Callee;
        json Params = json::object();
        for (const auto &[N, V] : Ref.Params)
          Params[N] = V;
        JR["parameters"] = Params;
        JR["justification"] = Ref.Justification;
        JR["flops"] = Ref.Flops;
        JR["matmul_flops"] = Ref.MatmulFlops;
        JR["memory_access"] = {{"read", Ref.Read}, {"write", Ref.Write}};
        JR["unknown_ops"] = Ref.UnknownOps;
        if (!Ref.Times.empty())
          JR["calls_per_line"] = Ref.Times;
        if (!Ref.Report.empty())
          JR["report"] = Ref.Report;
        Refs.push_back(JR);
      }
      JK["references"] = Refs;
      JK["unknown_ops"] = K.UnknownOps;
      Ks.push_back(JK);
    }
    J["kernels"] = Ks;
    J["totals"] = {
        {"flops", total(R.TotalFlops, R.TotalFlopsValue)},
        {"matmul_flops", total(R.TotalMatmulFlops, R.TotalMatmulFlopsValue)},
        {"read_bytes", total(R.TotalRead, R.TotalReadValue)},
        {"write_bytes", total(R.TotalWrite, R.TotalWriteValue)}};
    if (R.Expanded)
      J["totals"]["intensity"] = {{"formula", R.TotalIntensity.empty()
                                                  ? json(nullptr)
                                                  : json(R.TotalIntensity)},
                                  {"value", decimal(R.TotalIntensityValue)}};
    if (R.Expanded) {
      J["free_symbols"] = R.FreeSymbols;
      json BV = json::object();
      for (const auto &[N, V] : R.BoundValues)
        BV[N] = V;
      J["bindings"] = BV;
      J["breakdown"] = breakdownJSON(R.Breakdown);
      if (!R.CalleeReports.empty()) {
        json CR = json::array();
        for (const UnitReport &C : R.CalleeReports)
          CR.push_back({{"report", C.ReportName},
                        {"callee", C.Location ? C.Location->QualifiedName
                                              : std::string()},
                        {"called_as", C.CalledAs}});
        J["callee_reports"] = CR;
      }
    }
    if (R.Roofline) {
      const UnitReport::RooflineSummary &S = *R.Roofline;
      json RL;
      RL["hardware"] =
          S.HardwareID.empty() ? json(nullptr) : json(S.HardwareID);
      RL["hardware_name"] =
          S.HardwareName.empty() ? json(nullptr) : json(S.HardwareName);
      RL["source"] = S.Source.empty() ? json(nullptr) : json(S.Source);
      RL["precision"] = S.Precision;
      RL["peak_flops_per_second"] = S.PeakFlops;
      RL["bandwidth_bytes_per_second"] = S.Bandwidth;
      RL["ridge_point"] = S.RidgePoint;
      RL["kernel_seconds"] =
          S.KernelSeconds ? json(*S.KernelSeconds) : json(nullptr);
      RL["kernels_without_values"] = S.KernelsWithoutValues;
      RL["total"] = S.Total ? rooflinePoint(*S.Total) : json(nullptr);
      J["roofline"] = RL;
    }
    addModuleTreeJSON(R, J);
    json Vars = json::array();
    for (const VariableInfo &V : R.Variables)
      Vars.push_back(
          {{"name", V.Name}, {"meaning", V.Meaning}, {"origin", V.Origin}});
    J["variables"] = Vars;
    J["assumptions"] = R.Assumptions;
    if (!R.ModelsUsed.empty())
      J["models_used"] = R.ModelsUsed;
    J["unknown_ops"] = R.UnknownOps;
  }
  if (!R.Remarks.empty()) {
    json Rs = json::array();
    for (const RemarkInfo &Rm : R.Remarks) {
      json JR = {{"pass", Rm.Pass}, {"message", Rm.Message}};
      if (Rm.Line)
        JR["line"] = Rm.Line;
      Rs.push_back(JR);
    }
    J["remarks"] = Rs;
  }
  json Diags = json::array();
  // A callee's report shares the run's diagnostics with the root's.
  for (const RecordedDiagnostic &D : R.CalledAs.empty()
                                         ? U.getContext().Diags.getRecorded()
                                         : std::vector<RecordedDiagnostic>()) {
    json JD;
    JD["level"] = getDiagLevelName(D.Level).str();
    if (!D.File.empty()) {
      JD["file"] = D.File;
      JD["line"] = D.Line;
      JD["column"] = D.Column;
    }
    JD["message"] = D.Message;
    Diags.push_back(JD);
  }
  J["diagnostics"] = Diags;
  dumpJSON(J, OS);
  OS << "\n";
}

/// True when \p Path is a regular file whose bytes are exactly \p Content.
static bool fileHoldsExactly(StringRef Path, StringRef Content) {
  sys::fs::file_status Status;
  if (sys::fs::status(Path, Status) || !sys::fs::is_regular_file(Status) ||
      Status.getSize() != Content.size())
    return false;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Old =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  return Old && (*Old)->getBuffer() == Content;
}

Error writeFileAtomically(StringRef Path,
                          function_ref<void(raw_ostream &)> Write) {
  SmallString<0> Content;
  {
    raw_svector_ostream OS(Content);
    Write(OS);
  }
  // A file that already holds these bytes is left alone: a rerun on an
  // unchanged tree creates no file (creating and renaming the temporary
  // files was a fifth of a warm ResNet-50 run), and keeps the files' times.
  if (fileHoldsExactly(Path, Content))
    return Error::success();
  SmallString<256> Temp(Path);
  Temp += ".tmp-%%%%%%";
  int FD;
  SmallString<256> TempPath;
  if (std::error_code EC = sys::fs::createUniqueFile(Temp, FD, TempPath))
    return createStringError(EC, "cannot create a file next to '" + Path +
                                     "': " + EC.message());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      sys::fs::remove(TempPath);
      return createStringError(EC,
                               "cannot write '" + Path + "': " + EC.message());
    }
  }
  if (std::error_code EC = sys::fs::rename(TempPath, Path)) {
    sys::fs::remove(TempPath);
    return createStringError(EC,
                             "cannot write '" + Path + "': " + EC.message());
  }
  return Error::success();
}

} // namespace modcost
