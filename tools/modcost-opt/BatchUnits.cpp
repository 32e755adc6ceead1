//===- BatchUnits.cpp - What a batch analyzes, and how it fared -----------===//
///
/// \file
/// Enumerating the units under a package (every file parsed once, through
/// the shared cache) and classifying a finished unit's report the way
/// utils/coverage.py classifies a JSON report.
///
//===----------------------------------------------------------------------===//

#include "BatchUnits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;

namespace modcost {

/// The dotted module name of root-relative \p Rel (`a/b/__init__.py` is
/// `a.b`), or empty if a part is not an identifier.
static std::string moduleNameOf(StringRef Rel) {
  SmallVector<StringRef, 8> Parts;
  Rel.drop_back(3).split(Parts, '/');
  if (!Parts.empty() && Parts.back() == "__init__")
    Parts.pop_back();
  std::string Name = join(Parts, ".");
  return SourceRoots::isValidDottedName(Name) ? Name : std::string();
}

Expected<std::vector<PackageFile>>
findPackageFiles(const SourceRoots &Roots, ArrayRef<std::string> Packages) {
  std::vector<PackageFile> Files;
  std::set<std::string> Seen;
  for (const std::string &Pkg : Packages) {
    std::optional<ModuleFile> Top = Roots.find(Pkg);
    if (!Top)
      return createStringError("--all: package '" + Pkg +
                               "' is under none of the source roots");
    if (!Top->IsPackage) { // A plain module: just that file.
      if (Seen.insert(Top->Path).second)
        Files.push_back({Pkg, *Top});
      continue;
    }
    SmallString<256> Dir(Top->Root);
    sys::path::append(Dir, StringRef(Pkg).split('.').first);
    for (StringRef Part : llvm::drop_begin(split(Pkg, '.')))
      sys::path::append(Dir, Part);
    std::error_code EC;
    std::vector<std::string> Paths;
    for (sys::fs::recursive_directory_iterator I(Dir, EC), E; I != E && !EC;
         I.increment(EC))
      if (StringRef(I->path()).ends_with(".py") &&
          I->type() == sys::fs::file_type::regular_file)
        Paths.push_back(I->path());
    if (EC)
      return createStringError("--all: cannot list '" + Dir +
                               "': " + EC.message());
    std::sort(Paths.begin(), Paths.end());
    for (const std::string &P : Paths) {
      StringRef Rel = StringRef(P).drop_front(Top->Root.size() + 1);
      std::string Dotted = moduleNameOf(Rel);
      if (Dotted.empty())
        continue;
      // Only the file the name resolves to (a package shadows a module).
      std::optional<ModuleFile> MF = Roots.find(Dotted);
      if (!MF || MF->Path != P || !Seen.insert(P).second)
        continue;
      Files.push_back({Dotted, *MF});
    }
  }
  return Files;
}

/// The last name of a call's callee (`ResNet` of `ResNet(...)` and of
/// `models.ResNet(...)`), a StringRef into the node's own name; empty if
/// \p E is not such a call.
static StringRef calleeName(const Expr *E) {
  if (!E || E->Kind != ExprKind::Call || E->Ops.empty() || !E->Ops[0])
    return StringRef();
  const Expr &Callee = *E->Ops[0];
  if (Callee.Kind == ExprKind::Name || Callee.Kind == ExprKind::Attribute)
    return Callee.Name;
  return StringRef();
}

/// Names that \p B assigns a call of one of \p Builders to (`model =
/// ResNet(...)`), also under `if`/`with`/`try`.
static void collectBuilt(const Block &B, const StringSet<> &Builders,
                         StringSet<> &Built) {
  for (const auto &S : B) {
    if (S->is(StmtKind::Assign) && S->Exprs.size() == 2 && S->Exprs[0] &&
        S->Exprs[0]->Kind == ExprKind::Name &&
        Builders.contains(calleeName(S->Exprs[1].get())))
      Built.insert(S->Exprs[0]->Name);
    if (!S->is(StmtKind::FunctionDef) && !S->is(StmtKind::ClassDef))
      for (const Block &Sub : S->Bodies)
        collectBuilt(Sub, Builders, Built);
  }
}

/// True if \p B returns a call of one of \p Builders (`return Net(...)`),
/// or a name assigned one (`model = Net(...)` ... `return model`), also
/// under `if`/`with`/`try`: a function that builds a module.
static bool returnsBuilt(const Block &B, const StringSet<> &Builders,
                         const StringSet<> &Built) {
  for (const auto &S : B) {
    if (S->is(StmtKind::Return) && !S->Exprs.empty() && S->Exprs[0]) {
      const Expr &V = *S->Exprs[0];
      if (Builders.contains(calleeName(&V)) ||
          (V.Kind == ExprKind::Name && Built.contains(V.Name)))
        return true;
    }
    if (!S->is(StmtKind::FunctionDef) && !S->is(StmtKind::ClassDef))
      for (const Block &Sub : S->Bodies)
        if (returnsBuilt(Sub, Builders, Built))
          return true;
  }
  return false;
}

/// The module-level functions of \p M that build one of \p Classes:
/// directly, or through another such function of the module (torchvision's
/// `resnet50` returns `_resnet(...)`, which returns `model = ResNet(...)`).
static StringSet<> findFactories(const PyModule &M,
                                 const StringSet<> &Classes) {
  StringSet<> Builders = Classes, Factories;
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const FunctionDef *F : M.Functions) {
      if (Factories.contains(F->Name))
        continue;
      StringSet<> Built;
      collectBuilt(F->body(), Builders, Built);
      if (returnsBuilt(F->body(), Builders, Built)) {
        Factories.insert(F->Name);
        Builders.insert(F->Name);
        Grew = true;
      }
    }
  }
  return Factories;
}

void collectUnits(const PyModule &M, const UnitKinds &Kinds,
                  std::vector<BatchUnit> &Out) {
  std::string File = M.File ? M.File->getRelativePath() : std::string();
  StringSet<> Names, Modules;
  for (const ClassDef *C : M.Classes) {
    if (!C->findMethod("forward"))
      continue;
    Modules.insert(C->Name);
    if (Names.insert(C->Name).second)
      Out.push_back({M.Name + "." + C->Name, "class", File, C->Range.Line});
  }
  if (!Kinds.Functions && !Kinds.Factories)
    return;
  StringSet<> Factories =
      Kinds.Factories ? findFactories(M, Modules) : StringSet<>();
  for (const FunctionDef *F : M.Functions) {
    bool Factory = Factories.contains(F->Name);
    if ((!Kinds.Functions && !Factory) || !Names.insert(F->Name).second)
      continue;
    Out.push_back({M.Name + "." + F->Name, Factory ? "factory" : "function",
                   File, F->Range.Line});
  }
}

//===----------------------------------------------------------------------===//
// Classification (utils/coverage.py's classify_report and first_reason)
//===----------------------------------------------------------------------===//

static void setReason(BatchResult &R, const RecordedDiagnostic &D) {
  R.Reason = (getDiagLevelName(D.Level) + ": " + D.Message).str();
  R.ReasonAt =
      D.File.empty()
          ? std::string()
          : (D.File + ":" + Twine(D.Line) + ":" + Twine(D.Column)).str();
}

/// The first error or warning, else the first diagnostic; false if none.
static bool firstDiagnostic(BatchResult &R,
                            ArrayRef<RecordedDiagnostic> Diags) {
  for (const RecordedDiagnostic &D : Diags)
    if (D.Level == DiagLevel::Error || D.Level == DiagLevel::Warning) {
      setReason(R, D);
      return true;
    }
  if (Diags.empty())
    return false;
  setReason(R, Diags.front());
  return true;
}

void classifyFailure(BatchResult &R, int ExitCode,
                     ArrayRef<RecordedDiagnostic> Diags) {
  R.Status = "failed";
  firstDiagnostic(R, Diags);
  R.Reason = ("exit " + Twine(ExitCode) + ": " + R.Reason).str();
}

void classifyReport(BatchResult &R, const UnitReport &Rep,
                    ArrayRef<RecordedDiagnostic> Diags) {
  unsigned Undecided = Rep.Pruned ? Rep.Undecided : 0;
  unsigned InDecisions =
      llvm::count_if(Rep.Decisions, [](const DecisionInfo &D) {
        return D.Value == "undecided";
      });
  R.Undecided = std::max(Undecided, InDecisions);
  R.UnknownOps = Rep.UnknownOps;
  if (!Rep.Costed)
    for (const KernelInfo &K : Rep.Kernels)
      llvm::append_range(R.UnknownOps, K.UnknownOps);
  R.Flops = Rep.TotalFlops;
  R.MatmulFlops = Rep.TotalMatmulFlops;
  R.Read = Rep.TotalRead;
  R.Write = Rep.TotalWrite;
  R.FlopsValue = Rep.TotalFlopsValue;
  R.MatmulFlopsValue = Rep.TotalMatmulFlopsValue;
  R.ZeroComposites = findZeroComposites(Rep, Diags);
  bool UnknownInTotals = false;
  for (const std::string *T : {&R.Flops, &R.MatmulFlops, &R.Read, &R.Write})
    UnknownInTotals |= StringRef(*T).contains("unknown");
  if (R.Undecided)
    R.Status = "undecided";
  else if (!R.UnknownOps.empty() || UnknownInTotals)
    R.Status = "unknown-ops";
  else {
    R.Status = "complete";
    return;
  }
  if (firstDiagnostic(R, Diags))
    return;
  if (R.Status == "undecided") {
    for (const DecisionInfo &D : Rep.Decisions)
      if (D.Value == "undecided") {
        R.Reason = "(no diagnostic) undecided condition: " +
                   (D.Reason.empty() ? D.Condition : D.Reason);
        return;
      }
  }
  R.Reason = R.UnknownOps.empty()
                 ? "(no diagnostic) unknown in totals"
                 : "(no diagnostic) unknown op: " + R.UnknownOps.front();
}

} // namespace modcost
