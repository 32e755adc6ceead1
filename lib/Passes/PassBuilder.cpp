//===- PassBuilder.cpp - Pipeline text to a PassManager -------------------===//
///
/// \file
/// The pipeline parser and the registry listing, both driven by Passes.def.
///
//===----------------------------------------------------------------------===//

#include "modcost/Passes/PassBuilder.h"
#include "modcost/Analysis/Locate.h"
#include "modcost/Analysis/Prune.h"
#include "modcost/Analysis/Shape.h"
#include "modcost/Support/Error.h"
#include "modcost/Transforms/CostPass.h"
#include "modcost/Transforms/Expand.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

namespace {

/// `require<A>`: computes analysis A (so later passes find it cached).
template <typename A> class RequireAnalysisPass {
public:
  Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM) {
    auto R = AM.getResult<A>(U);
    if (!R)
      return R.takeError();
    return PreservedAnalyses::all();
  }
};

/// `invalidate<A>`: drops the cached result of analysis A.
template <typename A> class InvalidateAnalysisPass {
public:
  Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM) {
    PreservedAnalyses PA = PreservedAnalyses::all();
    PA.abandon<A>();
    return PA;
  }
};

} // namespace

PassBuilder::PassBuilder(DiagnosticEngine &Diags) : Diags(Diags) {}

Error PassBuilder::registerPass(StringRef Name, StringRef Description,
                                PassFactory Factory) {
  for (const Entry &E : getRegistry())
    if (E.Name == Name && !E.IsAnalysis)
      return createStringError("a pass named '" + Name +
                               "' is already registered");
  Extra.push_back({Name.str(), Description.str(), std::move(Factory)});
  return Error::success();
}

std::vector<PassBuilder::Entry> PassBuilder::getRegistry() const {
  std::vector<Entry> Out;
#define UNIT_PASS(NAME, CREATE_PASS, DESCRIPTION)                              \
  Out.push_back({NAME, DESCRIPTION, false});
#define UNIT_ANALYSIS(NAME, CLASS, DESCRIPTION)                                \
  Out.push_back({NAME, DESCRIPTION, true});
#include "Passes.def"
  for (const Registered &R : Extra)
    Out.push_back({R.Name, R.Description, false});
  return Out;
}

void PassBuilder::printPassNames(raw_ostream &OS) const {
  OS << "Passes:\n";
  for (const Entry &E : getRegistry())
    if (!E.IsAnalysis)
      OS << "  " << E.Name << "\n      " << E.Description << "\n";
  OS << "Analyses (use as require<NAME> or invalidate<NAME>):\n";
  for (const Entry &E : getRegistry())
    if (E.IsAnalysis)
      OS << "  " << E.Name << "\n      " << E.Description << "\n";
}

Error PassBuilder::parsePassPipeline(PassManager &PM, StringRef Text) {
  auto Fail = [&](size_t Column, const Twine &Msg) {
    Diags.reportInText("<pipeline>", Text, Column, DiagLevel::Error, Msg);
    return makeDiagnosedError(FailureKind::UsageError);
  };
  if (Text.trim().empty())
    return Fail(0, "empty pass pipeline; try -passes=locate");

  size_t Pos = 0;
  while (Pos <= Text.size()) {
    size_t Comma = Text.find(',', Pos);
    // Commas inside <...> do not separate entries.
    size_t Angle = Text.find('<', Pos);
    if (Angle != StringRef::npos && Angle < Comma) {
      size_t Close = Text.find('>', Angle);
      if (Close == StringRef::npos)
        return Fail(Angle, "unterminated '<' in pass pipeline");
      Comma = Text.find(',', Close);
    }
    if (Comma == StringRef::npos)
      Comma = Text.size();
    StringRef Raw = Text.slice(Pos, Comma);
    size_t Lead = Raw.size() - Raw.ltrim().size();
    StringRef Tok = Raw.trim();
    size_t Col = Pos + Lead;
    if (Tok.empty())
      return Fail(Col, "empty pass name in pipeline");

    StringRef Name = Tok, Param;
    bool HasParam = false;
    if (size_t Lt = Tok.find('<'); Lt != StringRef::npos) {
      if (!Tok.ends_with(">"))
        return Fail(Col + Lt, "expected '>' at the end of '" + Tok + "'");
      Name = Tok.take_front(Lt);
      Param = Tok.slice(Lt + 1, Tok.size() - 1).trim();
      HasParam = true;
    }

    bool Added = false;
    // Built-in passes, matched on the whole token (`print<locate>`).
#define UNIT_PASS(NAME, CREATE_PASS, DESCRIPTION)                              \
  if (!Added && Tok == NAME) {                                                 \
    PM.addPass(NAME, CREATE_PASS);                                             \
    Added = true;                                                              \
  }
#include "Passes.def"
    for (const Registered &R : Extra)
      if (!Added && Tok == R.Name) {
        PM.addPass(R.Factory());
        Added = true;
      }
    if (!Added && HasParam && (Name == "require" || Name == "invalidate")) {
      bool Known = false;
#define UNIT_ANALYSIS(NAME, CLASS, DESCRIPTION)                                \
  if (!Known && Param == NAME) {                                               \
    Known = true;                                                              \
    if (Name == "require")                                                     \
      PM.addPass(Tok, RequireAnalysisPass<CLASS>());                           \
    else                                                                       \
      PM.addPass(Tok, InvalidateAnalysisPass<CLASS>());                        \
  }
#include "Passes.def"
      if (!Known)
        return Fail(Col + Name.size() + 1,
                    "unknown analysis '" + Param + "' in '" + Tok + "'");
      Added = true;
    }
    if (!Added) {
      // Tell apart an unknown name from a known name with a bad parameter.
      bool NameKnown = false;
      for (const Entry &E : getRegistry())
        if (!E.IsAnalysis &&
            (E.Name == Name || StringRef(E.Name).starts_with(Name.str() + "<")))
          NameKnown = true;
      if (HasParam && (NameKnown || Name == "require" || Name == "invalidate"))
        return Fail(Col + Name.size() + 1, "invalid parameter '" + Param +
                                               "' for pass '" + Name + "'");
      if (!HasParam &&
          (Name == "require" || Name == "invalidate" ||
           (NameKnown && !llvm::any_of(getRegistry(), [&](const Entry &E) {
              return E.Name == Name;
            }))))
        return Fail(Col, "pass '" + Name + "' needs a parameter, as in '" +
                             Name + "<locate>'");
      return Fail(Col, "unknown pass name '" + Tok +
                           "' (see modcost-opt -list-passes; a plugin's passes "
                           "need its -load-pass-plugin)");
    }
    Pos = Comma + 1;
    if (Comma == Text.size())
      break;
    if (Pos == Text.size())
      return Fail(Comma, "trailing ',' in pass pipeline");
  }
  return Error::success();
}

} // namespace modcost
