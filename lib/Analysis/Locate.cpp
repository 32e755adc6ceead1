//===- Locate.cpp - Find a unit's class, file and forward() ---------------===//
///
/// \file
/// Name forms, in the order they are tried:
///   1. a dotted name whose longest module prefix exists under a root
///      (`torch.nn.modules.linear.Linear`, `torch.nn.Linear`);
///   2. a bare name: every `.py` file under the roots that textually
///      contains `class Name` or `def Name` is parsed and checked; one
///      match wins, several are an "ambiguous" error listing them.
/// Then `forward` is looked up along the MRO; a class-body assignment
/// `forward = helper` counts, and a forward whose body only raises
/// NotImplementedError is treated as absent (it is abstract).
///
//===----------------------------------------------------------------------===//

#include "modcost/Analysis/Locate.h"
#include "modcost/Frontend/NameResolver.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

using namespace llvm;

namespace modcost {

AnalysisKey LocateAnalysis::Key;

namespace {

/// A candidate found by the bare-name search.
struct Candidate {
  std::string Module; ///< Dotted module name.
  std::string Path;
};

/// True if \p Text contains `class Name` or `def Name` at a word boundary.
bool mentionsDefinition(StringRef Text, StringRef Name) {
  for (StringRef Kw : {"class ", "def "}) {
    std::string Needle = (Kw + Name).str();
    size_t Pos = 0;
    while ((Pos = Text.find(Needle, Pos)) != StringRef::npos) {
      size_t After = Pos + Needle.size();
      bool StartOk = Pos == 0 || !isAlnum(Text[Pos - 1]);
      bool EndOk =
          After >= Text.size() || (!isAlnum(Text[After]) && Text[After] != '_');
      if (StartOk && EndOk)
        return true;
      Pos = After;
    }
  }
  return false;
}

/// Walks \p Dir (a package directory) collecting candidate files.
void scanDirectory(StringRef Root, StringRef Dir, StringRef Name,
                   std::set<std::string> &Visited, std::vector<Candidate> &Out,
                   std::vector<std::string> &Unreadable, unsigned Depth) {
  if (Depth > 32)
    return;
  SmallString<256> Real;
  if (sys::fs::real_path(Dir, Real))
    return;
  if (!Visited.insert(std::string(Real)).second)
    return; // A symlink loop or a directory seen through another link.
  std::error_code EC;
  std::vector<std::string> Entries;
  for (sys::fs::directory_iterator It(Dir, EC), End; !EC && It != End;
       It.increment(EC))
    Entries.push_back(It->path());
  llvm::sort(Entries);
  for (const std::string &P : Entries) {
    StringRef Base = sys::path::filename(P);
    if (Base.starts_with(".") || Base == "__pycache__")
      continue;
    if (sys::fs::is_directory(P)) {
      if (SourceRoots::isValidDottedName(Base))
        scanDirectory(Root, P, Name, Visited, Out, Unreadable, Depth + 1);
      continue;
    }
    if (!Base.ends_with(".py"))
      continue;
    StringRef Stem = Base.drop_back(3);
    if (!SourceRoots::isValidDottedName(Stem))
      continue;
    // Only regular files (following symlinks): a FIFO would block and a
    // link to /dev/zero would never end.
    sys::fs::file_status St;
    if (sys::fs::status(P, St) || !sys::fs::is_regular_file(St))
      continue;
    auto Buf = MemoryBuffer::getFile(P);
    if (!Buf) {
      Unreadable.push_back(P + ": " + Buf.getError().message());
      continue;
    }
    if (!mentionsDefinition((*Buf)->getBuffer(), Name))
      continue;
    StringRef Rel = StringRef(P).drop_front(Root.size()).ltrim('/');
    std::string Mod = Rel.drop_back(3).str();
    std::replace(Mod.begin(), Mod.end(), '/', '.');
    if (StringRef(Mod).ends_with(".__init__"))
      Mod = Mod.substr(0, Mod.size() - strlen(".__init__"));
    if (!SourceRoots::isValidDottedName(Mod))
      continue;
    Out.push_back({Mod, P});
  }
}

/// True if the body is only a docstring and/or `raise NotImplementedError`.
bool isAbstractBody(const FunctionDef &F) {
  bool Raises = false;
  for (const auto &S : F.body()) {
    if (S->Kind == StmtKind::Expr && (S->Exprs[0]->Kind == ExprKind::String ||
                                      S->Exprs[0]->Kind == ExprKind::Ellipsis))
      continue;
    if (S->Kind == StmtKind::Raise && !S->Exprs.empty() &&
        S->Exprs[0]->Text.contains("NotImplementedError")) {
      Raises = true;
      continue;
    }
    return false;
  }
  return Raises;
}

class Locator {
public:
  Locator(AnalysisUnit &U) : U(U), Resolver(U.getLoader()) {}

  Expected<LocationInfo> run();

private:
  AnalysisUnit &U;
  NameResolver Resolver;

  Error notFound(const Twine &Reason) {
    U.getReport().NotFoundReason = Reason.str();
    U.getDiags().report(DiagLevel::Error, Reason);
    return makeDiagnosedError(FailureKind::NotFound);
  }

  Expected<Symbol> resolveBareName(StringRef Name,
                                   std::vector<std::string> &Trace);

public:
  Expected<LocationInfo> locateClass(const Symbol &S,
                                     std::vector<std::string> Trace);

private:
  static void fillForward(LocationInfo &L, const PyModule &M,
                          const FunctionDef &F);
};

void Locator::fillForward(LocationInfo &L, const PyModule &M,
                          const FunctionDef &F) {
  L.ForwardLineStart = F.Range.Line;
  L.ForwardLineEnd = F.Range.EndLine;
  L.ForwardModule = &M;
  L.Forward = &F;
  L.ForwardFile = M.File ? M.File->getRelativePath() : "";
}

Expected<Symbol> Locator::resolveBareName(StringRef Name,
                                          std::vector<std::string> &Trace) {
  std::vector<Candidate> Cands;
  std::set<std::string> Visited;
  const auto &Roots = U.getLoader().getRoots().getRoots();
  std::vector<std::string> Unreadable;
  for (const std::string &Root : Roots)
    scanDirectory(Root, Root, Name, Visited, Cands, Unreadable, 0);
  // Not silently skipped: the definition could be in an unreadable file.
  for (const std::string &Why : Unreadable) {
    U.getDiags().report(DiagLevel::Warning, "cannot read " + Why);
    U.getReport().Searched.push_back("could not read " + Why);
  }
  U.getReport().Searched.push_back(
      formatv("every .py file under the source roots for `class {0}` or "
              "`def {0}` ({1} file(s) mention it)",
              Name, Cands.size()));
  std::vector<Symbol> Found;
  std::set<std::string> Seen;
  for (const Candidate &C : Cands) {
    Expected<const PyModule *> M = U.getLoader().load(C.Module);
    if (!M) {
      // A file that does not parse cannot hold the definition we report;
      // the diagnostic was printed, keep searching the others.
      consumeError(M.takeError());
      continue;
    }
    if (!*M)
      continue;
    for (const ClassDef *CD : (*M)->Classes)
      if (CD->Name == Name) {
        Symbol S;
        S.Kind = SymbolKind::Class;
        S.Mod = *M;
        S.Class = CD;
        S.QualifiedName = NameResolver::qualify(**M, Name);
        if (Seen.insert(S.QualifiedName).second)
          Found.push_back(S);
        break;
      }
    for (const FunctionDef *FD : (*M)->Functions)
      if (FD->Name == Name) {
        Symbol S;
        S.Kind = SymbolKind::Function;
        S.Mod = *M;
        S.Func = FD;
        S.QualifiedName = NameResolver::qualify(**M, Name);
        if (Seen.insert(S.QualifiedName).second)
          Found.push_back(S);
        break;
      }
  }
  if (Found.size() > 1) {
    std::string List;
    for (const Symbol &S : Found)
      List += "\n  " + S.QualifiedName + " (" + S.Mod->File->getRelativePath() +
              ")";
    U.getReport().NotFoundReason =
        "the name `" + Name.str() + "` is ambiguous; candidates:" + List;
    U.getDiags().report(DiagLevel::Error,
                        "'" + Name +
                            "' is ambiguous; use one of the fully "
                            "qualified names:" +
                            List);
    return makeDiagnosedError(FailureKind::NotFound);
  }
  if (Found.size() == 1)
    Trace.push_back(formatv("bare name `{0}` matched only `{1}`", Name,
                            Found[0].QualifiedName));
  return Found.empty() ? Symbol() : Found[0];
}

Expected<LocationInfo> Locator::locateClass(const Symbol &S,
                                            std::vector<std::string> Trace) {
  LocationInfo L;
  L.Trace = std::move(Trace);
  L.QualifiedName = S.QualifiedName;
  L.Module = S.Mod;
  L.File = S.Mod->File ? S.Mod->File->getRelativePath() : "";
  L.Root = S.Mod->File ? S.Mod->File->getRoot() : "";
  if (S.Kind == SymbolKind::Function) {
    L.UnitKind = "function";
    fillForward(L, *S.Mod, *S.Func);
    L.ForwardDefinedIn = S.QualifiedName;
    return L;
  }
  L.UnitKind = "class";
  L.Class = S.Class;
  L.ClassLineStart = S.Class->Range.Line;
  L.ClassLineEnd = S.Class->Range.EndLine;
  Expected<std::vector<MROEntry>> MRO = Resolver.computeMRO(*S.Mod, *S.Class);
  if (!MRO)
    return MRO.takeError();
  for (const MROEntry &E : *MRO)
    L.MRO.push_back(E.Class ? E.QualifiedName
                            : E.QualifiedName + " (external)");
  for (const MROEntry &E : *MRO) {
    if (!E.Class)
      continue;
    const FunctionDef *F = E.Class->findMethod("forward");
    const PyModule *FM = E.Mod;
    if (!F) {
      auto It = E.Class->Attributes.find("forward");
      if (It == E.Class->Attributes.end())
        continue;
      // `forward = some_function` in the class body.
      const Expr *V = It->second;
      if (V->Kind == ExprKind::Name)
        F = E.Class->findMethod(V->Name);
      if (!F) {
        Expected<Symbol> Target = Resolver.resolveExpr(*E.Mod, *V);
        if (!Target)
          return Target.takeError();
        if (Target->Kind == SymbolKind::Function) {
          F = Target->Func;
          FM = Target->Mod;
        }
      }
      if (!F)
        continue;
      L.Trace.push_back(formatv("`forward` is bound to `{0}` in class `{1}`",
                                V->Text, E.QualifiedName));
    }
    if (isAbstractBody(*F))
      return notFound(formatv("`{0}` has no implemented forward(): the "
                              "first one on its MRO, in `{1}`, only raises "
                              "NotImplementedError",
                              S.QualifiedName, E.QualifiedName));
    fillForward(L, *FM, *F);
    L.ForwardDefinedIn = E.QualifiedName;
    if (E.QualifiedName != S.QualifiedName)
      L.Trace.push_back(
          formatv("`forward` is inherited from `{0}`", E.QualifiedName));
    return L;
  }
  return notFound(formatv("class `{0}` has no forward() on its MRO ({1})",
                          S.QualifiedName, join(L.MRO, ", ")));
}

Expected<LocationInfo> Locator::run() {
  StringRef Name = U.getName();
  UnitReport &R = U.getReport();
  for (const std::string &Root : U.getLoader().getRoots().getRoots())
    R.Searched.push_back("source root `" + Root + "`");
  if (U.getLoader().getRoots().getRoots().empty())
    return notFound("no source roots: give --source-root=DIR (the default "
                    "roots, the system Python's dist-packages, do not exist "
                    "here)");

  std::vector<std::string> Trace;
  Symbol S;
  if (Name.contains('.')) {
    Expected<Symbol> Res = Resolver.resolveDotted(Name, &Trace);
    if (!Res)
      return Res.takeError();
    S = *Res;
    if (!S) {
      StringRef Top = Name.split('.').first;
      if (!U.getLoader().exists(Top))
        return notFound(formatv("module `{0}` not found: no `{1}` package or "
                                "module under the source roots",
                                Name, Top));
      std::string Steps =
          Trace.empty() ? "" : "; resolved " + join(Trace, ", ");
      return notFound(formatv("`{0}` not found{1}", Name, Steps));
    }
  } else {
    Expected<Symbol> Res = resolveBareName(Name, Trace);
    if (!Res)
      return Res.takeError();
    S = *Res;
    if (!S)
      return notFound(formatv(
          "no class or function named `{0}` under the source roots", Name));
  }
  if (S.Kind == SymbolKind::Module && Name.contains('.')) {
    // `torchvision.models.alexnet`: the package's `from .alexnet import *`
    // rebinds the submodule's name to the function it defines, as Python
    // does when it runs the package's __init__.
    auto [Parent, Last] = Name.rsplit('.');
    Expected<Symbol> P = Resolver.resolveDotted(Parent, nullptr);
    if (!P)
      return P.takeError();
    const PyModule *PM = nullptr;
    if (P->Kind == SymbolKind::Module) {
      Expected<const PyModule *> Loaded =
          P->Mod ? P->Mod : U.getLoader().load(P->QualifiedName);
      if (!Loaded)
        return Loaded.takeError();
      PM = *Loaded;
    }
    if (PM) {
      Expected<Symbol> B = Resolver.lookup(*PM, Last);
      if (!B)
        return B.takeError();
      if (B->Kind == SymbolKind::Class || B->Kind == SymbolKind::Function) {
        Trace.push_back(formatv("`{0}` is bound to `{1}` in the namespace of "
                                "package `{2}` (not its submodule)",
                                Last, B->QualifiedName, Parent));
        S = *B;
      }
    }
  }
  if (S.Kind == SymbolKind::Module)
    return notFound(formatv("`{0}` is a module, not a class or function; "
                            "name a class in it",
                            Name));
  if (S.Kind == SymbolKind::External)
    return notFound(formatv("`{0}` resolves to `{1}`, which is not under the "
                            "source roots",
                            Name, S.QualifiedName));
  return locateClass(S, std::move(Trace));
}

} // namespace

Expected<LocationInfo> locateDefinition(AnalysisUnit &U, const Symbol &S,
                                        std::vector<std::string> Trace) {
  return Locator(U).locateClass(S, std::move(Trace));
}

Expected<LocationInfo> LocateAnalysis::run(AnalysisUnit &U,
                                           AnalysisManager &AM) {
  return Locator(U).run();
}

Expected<PreservedAnalyses> LocatePass::run(AnalysisUnit &U,
                                            AnalysisManager &AM) {
  Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U);
  if (!L)
    return L.takeError();
  U.getReport().Location = *L;
  return PreservedAnalyses::all();
}

Expected<PreservedAnalyses> PrintLocatePass::run(AnalysisUnit &U,
                                                 AnalysisManager &AM) {
  Expected<LocationInfo &> LR = AM.getResult<LocateAnalysis>(U);
  if (!LR)
    return LR.takeError();
  const LocationInfo &L = *LR;
  raw_ostream &OS = U.getContext().PrintOS;
  OS << "locate: " << U.getName() << "\n";
  OS << "  kind: " << L.UnitKind << "\n";
  OS << "  qualified: " << L.QualifiedName << "\n";
  OS << "  file: " << L.File << "\n";
  if (L.UnitKind == "class")
    OS << "  class: lines " << L.ClassLineStart << "-" << L.ClassLineEnd
       << "\n";
  OS << "  forward: lines " << L.ForwardLineStart << "-" << L.ForwardLineEnd
     << " in " << L.ForwardDefinedIn << " (" << L.ForwardFile << ")\n";
  if (!L.MRO.empty())
    OS << "  mro: " << join(L.MRO, ", ") << "\n";
  for (const std::string &T : L.Trace)
    OS << "  via: " << T << "\n";
  return PreservedAnalyses::all();
}

Expected<PreservedAnalyses> PrintIRPass::run(AnalysisUnit &U,
                                             AnalysisManager &AM) {
  Expected<LocationInfo &> LR = AM.getResult<LocateAnalysis>(U);
  if (!LR)
    return LR.takeError();
  raw_ostream &OS = U.getContext().PrintOS;
  OS << "ir: " << LR->ForwardDefinedIn << "\n";
  dumpFunction(*LR->Forward, OS);
  return PreservedAnalyses::all();
}

} // namespace modcost
