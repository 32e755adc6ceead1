//===- ModuleTreeWriter.cpp - The module tree in Markdown, JSON, text -----===//
///
/// \file
/// Renders UnitReport::ModuleTree and UnitReport::Memory. Every figure is
/// shown as its exact value when `expand` bound its symbols, else as its
/// formula; fractional values (4-bit weights at `--w-bytes=0.5`) stay exact
/// fractions.
///
//===----------------------------------------------------------------------===//

#include "ModuleTreeJSON.h"
#include "modcost/Emit/ModuleTree.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

/// The value if bound, else the formula in backquotes (Markdown).
static std::string shown(StringRef Formula, StringRef Value) {
  if (!Value.empty())
    return Value.str();
  return "`" + Formula.str() + "`";
}

/// A value with thousands separators when it is a plain integer.
static std::string grouped(StringRef V) {
  if (V.empty() || !llvm::all_of(V, isDigit))
    return V.str();
  std::string Out;
  for (size_t I = 0; I < V.size(); ++I) {
    if (I && (V.size() - I) % 3 == 0)
      Out += ',';
    Out += V[I];
  }
  return Out;
}

/// The row's path as displayed: the unit itself is `(unit)`.
static std::string pathOf(const ModuleRow &Row) {
  return Row.Path.empty() ? std::string("(unit)") : Row.Path;
}

/// `xN` for a folded row (the value, else the formula); empty for one.
static std::string timesOf(const ModuleRow &Row) {
  if (Row.Count == "1")
    return "";
  return "x" + (Row.CountValue.empty() ? Row.Count : Row.CountValue);
}

void writeModuleTreeMarkdown(const UnitReport &R, raw_ostream &OS) {
  if (R.Memory) {
    const ModelMemory &M = *R.Memory;
    OS << "\n## Parameters and memory\n\nCounted from what `__init__` "
          "built (nn.Parameter and register_parameter tensors; buffers "
          "apart); weights at `w_bytes` each.\n\n| Quantity | Formula | "
          "Value |\n|---|---|---|\n";
    auto Row = [&](StringRef Label, StringRef F, StringRef V) {
      if (!F.empty())
        OS << "| " << Label << " | `" << F << "` | " << grouped(V) << " |\n";
    };
    Row("parameters", M.Params, M.ParamsValue);
    Row("buffer elements", M.Buffers, M.BuffersValue);
    Row("weight bytes", M.WeightBytes, M.WeightBytesValue);
    Row("KV cache bytes per token", M.KVPerToken, M.KVPerTokenValue);
    Row("KV cache bytes at cache_len", M.KVAtCacheLen, M.KVAtCacheLenValue);
    for (const std::string &T : M.Tied)
      OS << "\n- tied: " << T;
    for (const std::string &D : M.KVDerivation)
      OS << "\n- KV cache: " << D;
    for (const std::string &U : M.Unknown)
      OS << "\n- not counted: " << U;
    if (!M.Tied.empty() || !M.KVDerivation.empty() || !M.Unknown.empty())
      OS << "\n";
  }
  if (R.ModuleTree.empty())
    return;
  OS << "\n## Module tree\n\nEvery submodule `__init__` built, by attribute "
        "path; identical repeated layers are one row (`xN`). Parameters, "
        "FLOPs and bytes are over all of a row's modules and calls; the "
        "share is of the unit's FLOPs.\n\n"
        "| Module | Class | Count | Parameters | FLOPs | Bytes | Share | "
        "Report |\n|---|---|---|---|---|---|---|---|\n";
  for (const ModuleRow &Row : R.ModuleTree) {
    std::string Indent(2 * Row.Depth, ' ');
    OS << "| `" << pathOf(Row) << "` | `" << Row.ClassName << "` | "
       << timesOf(Row) << " | " << grouped(shown(Row.Params, Row.ParamsValue))
       << " | " << grouped(shown(Row.Flops, Row.FlopsValue)) << " | "
       << grouped(shown(Row.Bytes, Row.BytesValue)) << " | "
       << (Row.Share.empty() ? "" : Row.Share + "%") << " | "
       << (Row.Report.empty()
               ? std::string()
               : "[" + Row.Report + ".md](" + Row.Report + ".md)")
       << " |\n";
  }
}

/// An exact value as a JSON number when it is an integer that fits, else
/// its text (a fraction or a big integer); null when not evaluated.
static json number(const std::string &V) {
  if (V.empty())
    return nullptr;
  int64_t I;
  if (!StringRef(V).getAsInteger(10, I))
    return I;
  return V;
}

static json quantity(const std::string &Formula, const std::string &Value) {
  return {{"formula", Formula}, {"value", number(Value)}};
}

void addModuleTreeJSON(const UnitReport &R, json &J) {
  if (R.Memory) {
    const ModelMemory &M = *R.Memory;
    json P;
    P["parameters"] = quantity(M.Params, M.ParamsValue);
    P["buffers"] = quantity(M.Buffers, M.BuffersValue);
    P["weight_bytes"] = quantity(M.WeightBytes, M.WeightBytesValue);
    P["kv_cache_bytes_per_token"] =
        M.KVPerToken.empty() ? json(nullptr)
                             : quantity(M.KVPerToken, M.KVPerTokenValue);
    P["kv_cache_bytes"] = M.KVAtCacheLen.empty()
                              ? json(nullptr)
                              : quantity(M.KVAtCacheLen, M.KVAtCacheLenValue);
    P["kv_cache_derivation"] = M.KVDerivation;
    P["tied"] = M.Tied;
    P["not_counted"] = M.Unknown;
    J["memory"] = P;
  }
  if (R.ModuleTree.empty())
    return;
  json Rows = json::array();
  for (const ModuleRow &Row : R.ModuleTree)
    Rows.push_back(
        {{"path", Row.Path},
         {"depth", Row.Depth},
         {"class", Row.ClassName},
         {"count", quantity(Row.Count, Row.CountValue)},
         {"parameters", quantity(Row.Params, Row.ParamsValue)},
         {"buffers", quantity(Row.Buffers, Row.BuffersValue)},
         {"flops", quantity(Row.Flops, Row.FlopsValue)},
         {"bytes", quantity(Row.Bytes, Row.BytesValue)},
         {"share_percent",
          Row.Share.empty() ? json(nullptr) : json(std::stod(Row.Share))},
         {"report", Row.Report.empty() ? json(nullptr) : json(Row.Report)}});
  J["module_tree"] = Rows;
}

/// The plain-text cell of a quantity: the value grouped, else a short
/// formula, else `symbolic` (the report has the formula).
static std::string plain(StringRef Formula, StringRef Value) {
  if (!Value.empty())
    return grouped(Value);
  return Formula.size() <= 24 ? Formula.str() : "symbolic";
}

void printModuleTree(const UnitReport &R, StringRef Name, raw_ostream &OS) {
  if (R.ModuleTree.empty()) {
    OS << "module tree: " << Name
       << ": none (a function, or a class whose __init__ was not run: "
          "the tree needs the cost pass)\n";
    return;
  }
  std::vector<std::vector<std::string>> Table;
  Table.push_back(
      {"module", "class", "count", "parameters", "FLOPs", "bytes", "share"});
  for (const ModuleRow &Row : R.ModuleTree) {
    std::string Path = std::string(2 * Row.Depth, ' ') + pathOf(Row);
    StringRef Class = StringRef(Row.ClassName).rsplit('.').second;
    Table.push_back({Path, Class.empty() ? Row.ClassName : Class.str(),
                     timesOf(Row), plain(Row.Params, Row.ParamsValue),
                     plain(Row.Flops, Row.FlopsValue),
                     plain(Row.Bytes, Row.BytesValue),
                     Row.Share.empty() ? "" : Row.Share + "%"});
  }
  std::vector<size_t> Width(Table.front().size(), 0);
  for (const auto &Cells : Table)
    for (size_t I = 0; I < Cells.size(); ++I)
      Width[I] = std::max(Width[I], Cells[I].size());
  OS << "module tree: " << Name << "\n";
  for (const auto &Cells : Table) {
    std::string Line;
    for (size_t I = 0; I < Cells.size(); ++I) {
      // Text columns left-aligned, numbers right-aligned.
      std::string Cell =
          I < 2 ? Cells[I] + std::string(Width[I] - Cells[I].size(), ' ')
                : std::string(Width[I] - Cells[I].size(), ' ') + Cells[I];
      Line += (I ? "  " : "") + Cell;
    }
    OS << "  " << StringRef(Line).rtrim() << "\n";
  }
  if (llvm::any_of(Table, [](const auto &Cells) {
        return llvm::is_contained(Cells, "symbolic");
      }))
    OS << "  (symbolic: a formula with unbound symbols, written in the "
          "report)\n";
  if (R.Memory) {
    const ModelMemory &M = *R.Memory;
    OS << "  parameters     " << plain(M.Params, M.ParamsValue) << "\n"
       << "  weight bytes   " << plain(M.WeightBytes, M.WeightBytesValue)
       << "\n";
    if (!M.KVPerToken.empty())
      OS << "  KV cache/token " << plain(M.KVPerToken, M.KVPerTokenValue)
         << "\n  KV cache       " << plain(M.KVAtCacheLen, M.KVAtCacheLenValue)
         << " (at cache_len)\n";
  }
}

} // namespace modcost
