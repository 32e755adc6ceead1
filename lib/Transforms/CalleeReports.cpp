//===- CalleeReports.cpp - One report per composite call -----------------===//

#include "modcost/Transforms/CalleeReports.h"
#include "modcost/Frontend/NameResolver.h"
#include "modcost/Interp/Evaluator.h"
#include "modcost/Transforms/CallKey.h"
#include "modcost/Transforms/CostPass.h"

#include "llvm/ADT/StringExtras.h"

#include <deque>
#include <map>

using namespace llvm;

namespace modcost {

/// The file stem of a report on \p Callee: a function defined inside
/// another is named as Python's `__qualname__` does
/// (`padding_mask_function.<locals>.inner_mask`), and its report drops the
/// angle brackets (`padding_mask_function.locals.inner_mask`) so that the
/// stem stays a dotted name, a plain file name in the output directory.
static std::string reportStem(StringRef Callee) {
  std::string Stem;
  for (StringRef Rest = Callee; !Rest.empty();) {
    auto [Part, Tail] = Rest.split('.');
    if (!Stem.empty())
      Stem += '.';
    Stem += Part == "<locals>" ? StringRef("locals") : Part;
    Rest = Tail;
  }
  return Stem;
}

/// Where the callee's code is, for the report's header.
static LocationInfo locationOf(const CompositeRef &C, const CalleeBody &B) {
  LocationInfo L;
  L.QualifiedName = C.Callee;
  L.Module = L.ForwardModule = B.Mod;
  L.Class = B.Class;
  L.Forward = B.Fn;
  if (B.Mod && B.Mod->File) {
    L.File = L.ForwardFile = B.Mod->File->getRelativePath();
    L.Root = B.Mod->File->getRoot();
  }
  if (B.Fn) {
    L.ForwardLineStart = B.Fn->Range.Line;
    L.ForwardLineEnd = B.Fn->Range.EndLine;
  }
  // A module's forward() (possibly inherited), a same-class method, or a
  // module-level function.
  bool Method = B.Class && B.Fn && B.Fn->Name != "forward";
  if (B.Class && !Method) {
    L.UnitKind = "class";
    L.ClassLineStart = B.Class->Range.Line;
    L.ClassLineEnd = B.Class->Range.EndLine;
    L.ForwardDefinedIn =
        B.Mod ? NameResolver::qualify(*B.Mod, B.Class->Name) : C.Callee;
  } else {
    L.UnitKind = "function";
    L.ForwardDefinedIn = C.Callee;
  }
  return L;
}

namespace {
/// A report whose composite calls are still to be visited.
struct Pending {
  /// Index into Root.CalleeReports, or -1 for the root itself.
  int Report;
  const std::vector<KernelEntry> *Kernels;
  std::string Owner;
};
} // namespace

void buildCalleeReports(UnitReport &Root, const PruneResult &P,
                        std::set<std::string> &Taken,
                        std::map<std::string, std::string> *ReportOfCall) {
  Root.CalleeReports.clear();
  std::map<std::string, std::string> NameOfCall; // call key -> file stem
  CallKeys Keys;
  size_t Skipped = 0;
  std::deque<Pending> Work;
  Work.push_back(
      {-1, &P.Kernels, Root.Location ? Root.Location->QualifiedName : ""});
  while (!Work.empty()) {
    Pending W = Work.front();
    Work.pop_front();
    auto Report = [&]() -> UnitReport & {
      return W.Report < 0 ? Root : Root.CalleeReports[W.Report];
    };
    // fillCostReport kept the lines with ops or references, in order, and
    // each line's references in order: walk both side by side.
    size_t KI = 0;
    for (const KernelEntry &E : *W.Kernels) {
      if (E.Ops.empty() && E.Refs.empty())
        continue;
      if (KI >= Report().Kernels.size())
        break;
      size_t Here = KI++;
      for (size_t RI = 0; RI < E.Refs.size(); ++RI) {
        const CompositeRef &C = E.Refs[RI];
        if (!C.Body || RI >= Report().Kernels[Here].References.size())
          continue;
        std::string Key = Keys.key(C);
        auto Known = NameOfCall.find(Key);
        if (Known != NameOfCall.end()) {
          Report().Kernels[Here].References[RI].Report = Known->second;
          continue;
        }
        if (Root.CalleeReports.size() >= MaxCalleeReports) {
          ++Skipped;
          continue;
        }
        std::string Stem = reportStem(C.Callee), Name = Stem;
        for (unsigned N = 1; Taken.count(Name);)
          Name = Stem + "-" + std::to_string(++N);
        Taken.insert(Name);
        NameOfCall[Key] = Name;
        Report().Kernels[Here].References[RI].Report = Name;

        UnitReport Sub;
        Sub.ReportName = Name;
        Sub.Location = locationOf(C, *C.Body);
        Sub.CalledAs = "`" + callText(C) + "`, called from `" + W.Owner +
                       "` line " + std::to_string(E.Line);
        Sub.PassesRun = Root.PassesRun;
        Sub.Location->Trace.push_back("reached as a composite call from `" +
                                      W.Owner + "` line " +
                                      std::to_string(E.Line) +
                                      "; its lines below ran with the "
                                      "caller's values");
        fillCostReport(Sub, P, C.Body->Kernels, /*WithDecisions=*/false);
        for (const auto &[Line, Dropped] : C.Body->LinesUnpriced)
          if (!Dropped)
            Sub.LinesRunUnpriced.push_back(Line);
        Sub.LinesDecidedAway.assign(C.Body->LinesDecidedAway.begin(),
                                    C.Body->LinesDecidedAway.end());
        Sub.Costed = true;
        std::vector<std::string> Bound;
        for (const std::string &J : C.Justification)
          Bound.push_back("bound by the caller: " + J);
        Sub.Assumptions.insert(Sub.Assumptions.begin(), Bound.begin(),
                               Bound.end());
        Root.CalleeReports.push_back(std::move(Sub));
        Work.push_back(
            {int(Root.CalleeReports.size() - 1), &C.Body->Kernels, C.Callee});
      }
    }
  }
  if (ReportOfCall)
    *ReportOfCall = NameOfCall;
  if (Skipped)
    Root.Assumptions.push_back(std::to_string(Skipped) +
                               " composite call(s) got no report of their "
                               "own: a unit gets at most " +
                               std::to_string(MaxCalleeReports));
}

} // namespace modcost
