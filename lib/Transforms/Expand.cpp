//===- Expand.cpp - Numeric totals from bound values ----------------------===//

#include "modcost/Transforms/Expand.h"
#include "modcost/Analysis/Prune.h"
#include "modcost/Interp/ConfigFile.h"
#include "modcost/Support/Error.h"
#include "modcost/Support/NumberFormat.h"
#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/Parser.h"
#include "modcost/Symbolic/StandardSymbols.h"
#include "modcost/Target/Roofline.h"
#include "modcost/Transforms/CalleeReports.h"
#include "modcost/Transforms/ModuleTree.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

#include <set>

using namespace llvm;

namespace modcost {

void Bindings::bind(StringRef Name, StringRef Value, StringRef Origin) {
  Values[Name.str()] = Value.str();
  Origins[Name.str()] = Origin.str();
}

Error Bindings::loadConfig(StringRef Path) {
  Expected<nlohmann::json> File = readConfigJSON(Path);
  if (!File)
    return File.takeError();
  const nlohmann::json &J = *File;
  // Nested text configs (multimodal models) keep their sizes under
  // text_config; read both levels, the top level winning.
  std::vector<const nlohmann::json *> Levels = configLevels(J);
  auto Get = [&](StringRef Attr) -> std::optional<int64_t> {
    for (const nlohmann::json *L : Levels) {
      auto It = L->find(Attr.str());
      if (It != L->end() && It->is_number_integer())
        return It->get<int64_t>();
    }
    return std::nullopt;
  };
  std::string Origin = ("--config " + Path).str();
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (!Values.count(#STD))                                                     \
    if (auto V = Get(#ATTR))                                                   \
      bind(#STD, std::to_string(*V), Origin + " (`" #ATTR "`)");
#include "modcost/Interp/ConfigAliases.def"
  // Every other integer binds the symbol of its own name: a size with no
  // standard name (`patch_size`), and an alias whose config also has the
  // standard name (Qwen2-VL vision's `embed_dim` beside `hidden_size`).
  for (const nlohmann::json *L : Levels)
    for (auto It = L->begin(); It != L->end(); ++It)
      if (It->is_number_integer() && !Values.count(It.key()))
        bind(It.key(), std::to_string(It->get<int64_t>()),
             Origin + " (`" + It.key() + "`)");
  if (!Values.count("num_kv_heads") && Values.count("num_heads"))
    bind("num_kv_heads", Values["num_heads"],
         Origin + " (no num_key_value_heads: as num_heads)");
  if (!Values.count("head_dim") && Values.count("hidden_size") &&
      Values.count("num_heads")) {
    int64_t H = std::stoll(Values["hidden_size"]),
            N = std::stoll(Values["num_heads"]);
    if (N > 0 && H % N == 0)
      bind("head_dim", std::to_string(H / N),
           Origin + " (hidden_size / num_heads)");
  }
  return Error::success();
}

/// Evaluates \p Formula (canonical text) under \p B; empty if unknown or a
/// symbol is unbound (then its free symbols are added to \p Free).
static std::string valueOf(StringRef Formula, const Bindings &B,
                           sym::ExprContext &Ctx, std::set<std::string> &Free) {
  if (Formula == "unknown")
    return "";
  Expected<const sym::Expr *> E = sym::parse(Formula, Ctx);
  if (!E) {
    consumeError(E.takeError());
    return "";
  }
  sym::ValueMap Env;
  bool Missing = false;
  for (StringRef S : sym::freeSymbols(*E)) {
    auto It = B.Values.find(S.str());
    if (It == B.Values.end()) {
      Free.insert(S.str());
      Missing = true;
      continue;
    }
    if (auto R = sym::Rational::fromString(It->second))
      Env[S.str()] = *R;
    else {
      Free.insert(S.str());
      Missing = true;
    }
  }
  if (Missing)
    return "";
  Expected<sym::Rational> V = sym::evaluate(*E, Env);
  if (!V) {
    consumeError(V.takeError());
    return "";
  }
  return V->toString();
}

std::string evaluateFormula(StringRef Formula, const Bindings &B,
                            sym::ExprContext &Ctx) {
  std::set<std::string> Free;
  return valueOf(Formula, B, Ctx, Free);
}

/// The arithmetic intensity FLOPs / (read + write) as a canonical formula:
/// `unknown` if a part is, empty if no byte moves.
static std::string intensityFormula(StringRef Flops, StringRef Read,
                                    StringRef Write, sym::ExprContext &Ctx) {
  if (Flops == "unknown" || Read == "unknown" || Write == "unknown")
    return "unknown";
  Expected<const sym::Expr *> F = sym::parse(Flops, Ctx),
                              R = sym::parse(Read, Ctx),
                              W = sym::parse(Write, Ctx);
  if (!F || !R || !W) {
    consumeError(F.takeError());
    consumeError(R.takeError());
    consumeError(W.takeError());
    return "unknown";
  }
  const sym::Expr *Bytes = Ctx.add(*R, *W);
  if (Bytes->isZero())
    return "";
  // The canonical quotient spreads a sum in the denominator over every
  // term of the numerator; when that is longer than the plain
  // `(FLOPs) / (bytes)` of two canonical forms, print the latter (still
  // deterministic: equal quantities print identically).
  std::string Canonical = Ctx.div(*F, Bytes)->str();
  std::string Num = (*F)->str(), Den = Bytes->str();
  bool NumSum = sym::terms(*F).size() > 1,
       DenSum = sym::terms(Bytes).size() > 1;
  std::string Plain = (NumSum ? "(" + Num + ")" : Num) + " / " +
                      (DenSum ? "(" + Den + ")" : Den);
  return Canonical.size() <= Plain.size() ? Canonical : Plain;
}

/// The value of the intensity from the exact values, 4 significant digits;
/// empty unless all three are numeric and some byte moves.
static std::string intensityValue(StringRef Flops, StringRef Read,
                                  StringRef Write) {
  auto F = sym::Rational::fromString(Flops),
       R = sym::Rational::fromString(Read),
       W = sym::Rational::fromString(Write);
  if (!F || !R || !W || (*R + *W).isZero())
    return "";
  return formatSignificant(*exactToDouble((*F / (*R + *W)).toString()));
}

/// Evaluates the formulas of one report (the unit's or a callee's).
static void expandReport(UnitReport &R, const Bindings &B,
                         const RooflineTarget *Machine, sym::ExprContext &Ctx) {
  std::set<std::string> Free;
  for (KernelInfo &K : R.Kernels) {
    K.FlopsValue = valueOf(K.Flops, B, Ctx, Free);
    K.ReadValue = valueOf(K.Read, B, Ctx, Free);
    K.WriteValue = valueOf(K.Write, B, Ctx, Free);
    K.Intensity = intensityFormula(K.Flops, K.Read, K.Write, Ctx);
    K.IntensityValue = intensityValue(K.FlopsValue, K.ReadValue, K.WriteValue);
  }
  R.TotalFlopsValue = valueOf(R.TotalFlops, B, Ctx, Free);
  R.TotalMatmulFlopsValue = valueOf(R.TotalMatmulFlops, B, Ctx, Free);
  R.TotalReadValue = valueOf(R.TotalRead, B, Ctx, Free);
  R.TotalWriteValue = valueOf(R.TotalWrite, B, Ctx, Free);
  R.TotalIntensity =
      intensityFormula(R.TotalFlops, R.TotalRead, R.TotalWrite, Ctx);
  R.TotalIntensityValue =
      intensityValue(R.TotalFlopsValue, R.TotalReadValue, R.TotalWriteValue);
  if (Machine)
    computeRoofline(R, *Machine);
  R.FreeSymbols.assign(Free.begin(), Free.end());
  llvm::sort(R.FreeSymbols, [](const std::string &A, const std::string &C) {
    return sym::symbolNameLess(A, C);
  });
  R.BoundValues.clear();
  for (const auto &[N, V] : B.Values)
    R.BoundValues.push_back({N, V + " (" + B.Origins.at(N) + ")"});
  R.Expanded = true;
}

/// `Share` of \p Value in \p Total, in percent with one decimal rounded
/// down (exact arithmetic, no float); empty if either is not numeric.
static std::string shareOf(StringRef Value,
                           const std::optional<sym::Rational> &Total) {
  auto V = sym::Rational::fromString(Value);
  if (!V || !Total || *Total == sym::Rational(0))
    return "";
  sym::Rational Pct = *V * sym::Rational(100) / *Total;
  std::string T = (Pct * sym::Rational(10)).floor().toString();
  int64_t N = std::stoll(T);
  return std::to_string(N / 10) + "." + std::to_string(N % 10);
}

namespace {
/// Builds the breakdown tree of a unit from its and its callees' reports.
class BreakdownBuilder {
public:
  /// A tree for \p Unit (shares of its total), finding callee reports in
  /// \p Root's list.
  BreakdownBuilder(const UnitReport &Root, const UnitReport &Unit,
                   const Bindings &B, sym::ExprContext &Ctx)
      : B(B), Ctx(Ctx), Total(sym::Rational::fromString(Unit.TotalFlopsValue)) {
    for (const UnitReport &C : Root.CalleeReports)
      ByName[C.ReportName] = &C;
  }

  /// The items of \p R's composite calls, each made \p Calls times per
  /// run of the root; children down to MaxDepth levels.
  std::vector<UnitReport::BreakdownItem>
  build(const UnitReport &R, const sym::Expr *Calls, unsigned Depth) {
    std::vector<UnitReport::BreakdownItem> Out;
    for (const KernelInfo &K : R.Kernels)
      for (const ReferenceInfo &Ref : K.References) {
        UnitReport::BreakdownItem I;
        I.Callee = Ref.Callee;
        I.Line = K.Line;
        I.Report = Ref.Report;
        I.FlopsPerCall = Ref.Flops;
        const sym::Expr *Here = Calls;
        if (!Ref.Times.empty() && Here) {
          Expected<const sym::Expr *> T = sym::parse(Ref.Times, Ctx);
          if (T)
            Here = Ctx.mul(Here, *T);
          else {
            consumeError(T.takeError());
            Here = nullptr;
          }
        }
        I.Calls = Here ? Here->str() : "unknown";
        std::set<std::string> Unbound;
        I.CallsValue = valueOf(I.Calls, B, Ctx, Unbound);
        Expected<const sym::Expr *> PerCall = sym::parse(Ref.Flops, Ctx);
        if (PerCall && Here)
          I.Flops = Ctx.mul(*PerCall, Here)->str();
        else {
          if (!PerCall)
            consumeError(PerCall.takeError());
          I.Flops = "unknown";
        }
        std::set<std::string> Ignored;
        I.FlopsValue = valueOf(I.Flops, B, Ctx, Ignored);
        I.Share = shareOf(I.FlopsValue, Total);
        auto It = ByName.find(Ref.Report);
        if (Depth + 1 < MaxDepth && It != ByName.end() && Here)
          I.Children = build(*It->second, Here, Depth + 1);
        Out.push_back(std::move(I));
      }
    // Largest first when numbers are known; otherwise the source order.
    // Each value is read once, not at every comparison.
    std::vector<std::pair<std::optional<sym::Rational>, size_t>> Keys;
    Keys.reserve(Out.size());
    for (size_t I = 0; I < Out.size(); ++I)
      Keys.emplace_back(sym::Rational::fromString(Out[I].FlopsValue), I);
    llvm::stable_sort(Keys, [](const auto &A, const auto &C) {
      const std::optional<sym::Rational> &X = A.first, &Y = C.first;
      if (X && Y)
        return *Y < *X;
      return X.has_value() && !Y.has_value();
    });
    std::vector<UnitReport::BreakdownItem> Sorted;
    Sorted.reserve(Out.size());
    for (const auto &K : Keys)
      Sorted.push_back(std::move(Out[K.second]));
    return Sorted;
  }

  /// Levels of the tree (the reports themselves go deeper).
  static constexpr unsigned MaxDepth = 6;

private:
  const Bindings &B;
  sym::ExprContext &Ctx;
  std::optional<sym::Rational> Total;
  std::map<std::string, const UnitReport *> ByName;
};
} // namespace

/// The totals table `expand` prints (stdout): formula = value per
/// quantity, then intensity, roofline and what is left unbound.
static void printTotals(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  OS << "totals: " << U.getName() << "\n";
  auto Row = [&](StringRef Label, StringRef Formula, StringRef Value) {
    OS << "  " << left_justify(Label, 14) << " " << Formula;
    if (!Value.empty())
      OS << " = " << Value;
    OS << "\n";
  };
  Row("FLOPs", R.TotalFlops, R.TotalFlopsValue);
  Row("matrix FLOPs", R.TotalMatmulFlops, R.TotalMatmulFlopsValue);
  Row("bytes read", R.TotalRead, R.TotalReadValue);
  Row("bytes written", R.TotalWrite, R.TotalWriteValue);
  if (!R.TotalIntensityValue.empty())
    OS << "  " << left_justify("intensity", 14) << " " << R.TotalIntensityValue
       << " FLOP/byte\n";
  if (R.Roofline && R.Roofline->Total)
    OS << "  " << left_justify("roofline", 14) << " "
       << formatSeconds(R.Roofline->Total->Seconds) << ", "
       << R.Roofline->Total->Bound << "-bound on "
       << (R.Roofline->HardwareName.empty() ? std::string("the given machine")
                                            : R.Roofline->HardwareName)
       << "\n";
  if (!R.FreeSymbols.empty())
    OS << "  unbound: " << join(R.FreeSymbols, ", ")
       << " (--config, --set NAME=VALUE, --batch-size, --seq-len)\n";
  if (!R.CalleeReports.empty())
    OS << "  composite reports: " << R.CalleeReports.size() << "\n";
}

Expected<PreservedAnalyses> ExpandPass::run(AnalysisUnit &U,
                                            AnalysisManager &AM) {
  UnitReport &R = U.getReport();
  if (!R.Costed) {
    U.getDiags().report(DiagLevel::Error,
                        "expand needs the cost pass to run first: use "
                        "-passes=locate,prune,cost,expand");
    return makeDiagnosedError(FailureKind::UsageError);
  }
  Bindings Empty;
  const Bindings &B = U.getContext().Bound ? *U.getContext().Bound : Empty;
  const RooflineTarget *Machine = U.getContext().Machine;
  sym::ExprContext Ctx;
  // Every composite call gets its own report, with its caller's values.
  Expected<PruneResult &> P = AM.getResult<PruneAnalysis>(U);
  if (!P)
    return P.takeError();
  std::set<std::string> Local{U.getName()};
  std::set<std::string> &Taken =
      U.getContext().ReportNames ? *U.getContext().ReportNames : Local;
  Taken.insert(U.getName());
  std::map<std::string, std::string> ReportOfCall;
  buildCalleeReports(R, *P, Taken, &ReportOfCall);
  expandReport(R, B, Machine, Ctx);
  expandModuleTree(R, B, ReportOfCall, Ctx);
  for (UnitReport &C : R.CalleeReports)
    expandReport(C, B, Machine, Ctx);
  // The breakdown tree, for the unit and for each callee on its own.
  for (UnitReport &C : R.CalleeReports)
    C.Breakdown = BreakdownBuilder(R, C, B, Ctx).build(C, Ctx.getOne(), 0);
  R.Breakdown = BreakdownBuilder(R, R, B, Ctx).build(R, Ctx.getOne(), 0);
  printTotals(U, U.getContext().PrintOS);
  if (!R.FreeSymbols.empty())
    U.getDiags().report(DiagLevel::Remark,
                        "`" + U.getName() + "`: totals stay symbolic; bind " +
                            join(R.FreeSymbols, ", ") +
                            " (--config, --set, --batch-size, --seq-len)");
  return PreservedAnalyses::all();
}

} // namespace modcost
