//===- LegacyJSONWriter.cpp - The minimal per-module JSON format ----------===//
///
/// \file
/// The legacy per-module JSON (LegacyJSON.h). The basic terms of a
/// composite line are its expanded formula minus its calls' totals (times
/// the line's trip count), computed exactly by the symbolic library.
///
//===----------------------------------------------------------------------===//

#include "modcost/Emit/JSONDump.h"
#include "modcost/Emit/LegacyJSON.h"
#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/Parser.h"

#include <nlohmann/json.hpp>

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

/// `${callee}(p=v, ...)`, as the Operation spells a call.
static std::string callText(const ReferenceInfo &R) {
  std::string S = "${" + R.Callee + "}(";
  for (size_t I = 0; I < R.Params.size(); ++I)
    S += (I ? ", " : "") + R.Params[I].first + "=" + R.Params[I].second;
  return S + ")";
}

std::string legacyComposite(const KernelInfo &K, StringRef Line,
                            std::string ReferenceInfo::*Of) {
  sym::ExprContext Ctx;
  auto Parse = [&](StringRef Text) { return sym::parseFormula(Text, Ctx); };
  std::string Out;
  const sym::Expr *Rest = Parse(Line);
  for (const ReferenceInfo &R : K.References) {
    const sym::Expr *Times = R.Times.empty() ? Ctx.getOne() : Parse(R.Times);
    std::string Call = callText(R);
    if (!R.Times.empty()) {
      bool Sum = Times && sym::terms(Times).size() > 1;
      Call = (Sum ? "(" + R.Times + ")" : R.Times) + " * " + Call;
    }
    Out += (Out.empty() ? "" : " + ") + Call;
    const sym::Expr *Ref = Parse(R.*Of);
    Rest = Rest && Ref && Times ? Ctx.sub(Rest, Ctx.mul(Times, Ref)) : nullptr;
  }
  if (!Rest)
    return Out + " + unknown";
  if (Rest->isZero())
    return Out;
  // A negative leading term reads `- x`.
  std::string Text = Rest->str();
  if (StringRef(Text).starts_with("-"))
    return Out + " - " + Text.substr(1);
  return Out + " + " + Text;
}

void writeLegacyJSON(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  json J;
  J["class_name"] = R.Location ? R.Location->QualifiedName : U.getName();
  json Ks = json::array();
  for (const KernelInfo &K : R.Kernels) {
    json JK;
    JK["kernel_type"] = K.KernelType;
    JK["operation"] = K.Operation;
    std::string Analysis;
    for (const std::string &A : K.Analysis)
      Analysis += (Analysis.empty() ? "" : "\n") + A;
    JK["analysis"] = Analysis;
    bool Composite = !K.References.empty();
    JK["flops"] = Composite ? legacyComposite(K, K.Flops, &ReferenceInfo::Flops)
                            : K.Flops;
    JK["memory_access"] = {
        {"read",
         Composite ? legacyComposite(K, K.Read, &ReferenceInfo::Read) : K.Read},
        {"write", Composite ? legacyComposite(K, K.Write, &ReferenceInfo::Write)
                            : K.Write}};
    Ks.push_back(JK);
  }
  J["kernels"] = Ks;
  dumpJSON(J, OS);
  OS << "\n";
}

} // namespace modcost
