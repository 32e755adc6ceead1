//===- NameResolver.cpp - Python name resolution across modules -----------===//
///
/// \file
/// Lookup order inside a module's global scope (first match wins):
///   1. classes and functions defined at module level (also inside
///      module-level `if`/`try` blocks), in source order;
///   2. simple aliases `Name = other.name`;
///   3. explicit imports binding the name;
///   4. `from m import *` (names not starting with `_`);
///   5. for a package, its submodule of that name.
/// This is not Python's exact "last binding wins" rule; it is the rule that
/// gives the right answer for real libraries, where a later binding of the
/// same name is typically a fallback (`except ImportError: Foo = None`).
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/NameResolver.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

static constexpr unsigned MaxResolutionDepth = 64;

std::string NameResolver::qualify(const PyModule &M, StringRef Name) {
  if (M.Name.empty())
    return Name.str();
  return M.Name + "." + Name.str();
}

std::string formatLocation(const PyModule &M, unsigned Line) {
  std::string File = M.File ? M.File->getRelativePath() : M.Name;
  return File + ":" + std::to_string(Line);
}

Expected<std::string>
NameResolver::absoluteModule(const PyModule &From,
                             const ImportBinding &B) const {
  if (B.Level == 0)
    return B.Module;
  // The package the importing module lives in.
  StringRef Pkg = From.IsPackage ? StringRef(From.Name)
                                 : StringRef(From.Name).rsplit('.').first;
  if (!From.IsPackage && !StringRef(From.Name).contains('.'))
    Pkg = "";
  for (unsigned I = 1; I < B.Level; ++I) {
    if (Pkg.empty())
      break;
    Pkg = Pkg.contains('.') ? Pkg.rsplit('.').first : StringRef("");
  }
  if (Pkg.empty() && B.Level > 0) {
    // Relative import beyond the top-level package.
    if (B.Module.empty())
      return createStringError("relative import beyond top-level package");
    return B.Module;
  }
  if (B.Module.empty())
    return Pkg.str();
  return (Pkg + "." + B.Module).str();
}

Expected<Symbol> NameResolver::resolveImport(const PyModule &M,
                                             const ImportBinding &B,
                                             StringRef Name,
                                             std::vector<std::string> *Trace) {
  Expected<std::string> Abs = absoluteModule(M, B);
  if (!Abs) {
    consumeError(Abs.takeError());
    return Symbol();
  }
  unsigned Line = B.Range.Line;
  if (!B.IsFrom) {
    // `import a.b.c as x` binds x to a.b.c; `import a.b.c` binds a to a.
    std::string Target =
        B.AsName.empty() ? StringRef(*Abs).split('.').first.str() : *Abs;
    if (Trace)
      Trace->push_back(formatv("`{0}` is `import {1}` at {2}", Name, B.Module,
                               formatLocation(M, Line)));
    // A module symbol is loaded (parsed) when a name is looked up in it,
    // not when it is imported: most of torch is imported, little is used.
    Symbol S;
    S.QualifiedName = Target;
    S.Kind = Loader.exists(Target) ? SymbolKind::Module : SymbolKind::External;
    return S;
  }
  // `from X import Y`: Y is a name in X, or the submodule X.Y.
  Expected<const PyModule *> Mod = Loader.load(*Abs);
  if (!Mod)
    return Mod.takeError();
  if (Trace)
    Trace->push_back(formatv("`{0}` is imported from `{1}` at {2}", Name, *Abs,
                             formatLocation(M, Line)));
  if (!*Mod) {
    Symbol S;
    S.Kind = SymbolKind::External;
    S.QualifiedName = *Abs + "." + B.Name;
    return S;
  }
  Expected<Symbol> S = lookupImpl(**Mod, B.Name, Trace);
  if (!S || *S)
    return S;
  Symbol R;
  if (Loader.exists(*Abs + "." + B.Name)) {
    R.Kind = SymbolKind::Module; // Loaded on first lookup.
    R.QualifiedName = *Abs + "." + B.Name;
  }
  return R;
}

Expected<Symbol> NameResolver::lookup(const PyModule &M, StringRef Name,
                                      std::vector<std::string> *Trace) {
  return lookupImpl(M, Name, Trace);
}

/// True if \p M itself defines \p Name (a class, a function or an
/// assignment), not through an import.
static bool definesDirectly(const PyModule &M, StringRef Name) {
  for (const ClassDef *C : M.Classes)
    if (C->Name == Name)
      return true;
  for (const FunctionDef *F : M.Functions)
    if (F->Name == Name)
      return true;
  for (const auto &A : M.Assignments)
    if (A.first == Name)
      return true;
  return false;
}

Expected<Symbol> NameResolver::lookupImpl(const PyModule &M, StringRef Name,
                                          std::vector<std::string> *Trace) {
  std::string Key = (M.IsModel ? "model:" : "") + M.Name + "\x1f" + Name.str();
  if (InProgress.contains(Key) || Depth > MaxResolutionDepth)
    return Symbol(); // An import cycle: this path defines nothing new.
  InProgress.insert(Key);
  ++Depth;
  auto Done = make_scope_exit([&] {
    InProgress.erase(Key);
    --Depth;
  });

  // A library model that defines the name stands in for the real
  // definition (docs/Models.md).
  if (!M.IsModel)
    if (const PyModule *Model = Loader.loadModel(M.Name))
      if (definesDirectly(*Model, Name)) {
        if (Trace)
          Trace->push_back(
              formatv("`{0}` is modeled by {1}", Name, Model->File->getPath()));
        return lookupImpl(*Model, Name, Trace);
      }

  for (const ClassDef *C : M.Classes)
    if (C->Name == Name) {
      if (Trace)
        Trace->push_back(formatv("class `{0}` is defined at {1}", Name,
                                 formatLocation(M, C->Range.Line)));
      Symbol S;
      S.Kind = SymbolKind::Class;
      S.Mod = &M;
      S.Class = C;
      S.QualifiedName = qualify(M, Name);
      return S;
    }
  for (const FunctionDef *F : M.Functions)
    if (F->Name == Name) {
      if (Trace)
        Trace->push_back(formatv("function `{0}` is defined at {1}", Name,
                                 formatLocation(M, F->Range.Line)));
      Symbol S;
      S.Kind = SymbolKind::Function;
      S.Mod = &M;
      S.Func = F;
      S.QualifiedName = qualify(M, Name);
      return S;
    }
  for (const auto &[Target, Value] : M.Assignments) {
    if (Target != Name)
      continue;
    if (Value->Kind != ExprKind::Name && Value->Kind != ExprKind::Attribute)
      continue;
    if (Trace)
      Trace->push_back(formatv("`{0}` is an alias of `{1}` at {2}", Name,
                               Value->Text,
                               formatLocation(M, Value->Range.Line)));
    Expected<Symbol> S = resolveExpr(M, *Value);
    if (!S || *S)
      return S;
  }
  // An import of a module that is not under the roots is remembered but a
  // later binding of the same name wins: that is the `try: from .fast
  // import X` / `except ImportError: from .slow import X` pattern.
  Symbol Unavailable;
  for (const ImportBinding *B : M.Imports)
    if (B->Name != "*" && B->boundName() == Name) {
      Expected<Symbol> S = resolveImport(M, *B, Name, Trace);
      if (!S)
        return S;
      if (S->Kind == SymbolKind::External) {
        if (!Unavailable)
          Unavailable = *S;
        continue;
      }
      if (*S)
        return S;
    }
  if (Unavailable)
    return Unavailable;
  if (!Name.starts_with("_"))
    for (const ImportBinding *B : M.Imports) {
      if (B->Name != "*")
        continue;
      Expected<std::string> Abs = absoluteModule(M, *B);
      if (!Abs) {
        consumeError(Abs.takeError());
        continue;
      }
      Expected<const PyModule *> Mod = Loader.load(*Abs);
      if (!Mod)
        return Mod.takeError();
      if (!*Mod)
        continue;
      std::vector<std::string> Sub;
      Expected<Symbol> S = lookupImpl(**Mod, Name, Trace ? &Sub : nullptr);
      if (!S)
        return S.takeError();
      if (*S) {
        if (Trace) {
          Trace->push_back(
              formatv("`{0}` comes from `from {1} import *` at {2}", Name, *Abs,
                      formatLocation(M, B->Range.Line)));
          llvm::append_range(*Trace, Sub);
        }
        return S;
      }
    }
  if (M.IsPackage) {
    std::string SubName = M.Name + "." + Name.str();
    if (Loader.exists(SubName)) {
      if (Trace)
        Trace->push_back(
            formatv("`{0}` is the submodule `{1}`", Name, SubName));
      Symbol S;
      S.Kind = SymbolKind::Module; // Loaded on first lookup.
      S.QualifiedName = SubName;
      return S;
    }
  }
  // A model defines only what it replaces; every other name of the module
  // is the real module's.
  if (M.IsModel) {
    Expected<const PyModule *> Real = Loader.load(M.Name);
    if (!Real)
      return Real.takeError();
    if (*Real)
      return lookupImpl(**Real, Name, Trace);
  }
  return Symbol();
}

Expected<Symbol> NameResolver::member(const Symbol &Base, StringRef Name,
                                      std::vector<std::string> *Trace) {
  switch (Base.Kind) {
  case SymbolKind::Module: {
    const PyModule *Mod = Base.Mod;
    if (!Mod) {
      Expected<const PyModule *> Loaded = Loader.load(Base.QualifiedName);
      if (!Loaded)
        return Loaded.takeError();
      if (!*Loaded)
        return Symbol();
      Mod = *Loaded;
    }
    return lookupImpl(*Mod, Name, Trace);
  }
  case SymbolKind::Class: {
    // A nested class, or a class attribute aliasing another name.
    for (const auto &S : Base.Class->Body)
      if (S->Kind == StmtKind::ClassDef && S->Class->Name == Name) {
        Symbol R;
        R.Kind = SymbolKind::Class;
        R.Mod = Base.Mod;
        R.Class = S->Class.get();
        R.QualifiedName = Base.QualifiedName + "." + Name.str();
        return R;
      }
    // A method defined in the class body (`Cls.helper`, or a bound method
    // called later through a variable).
    if (const FunctionDef *F = Base.Class->findMethod(Name)) {
      Symbol R;
      R.Kind = SymbolKind::Function;
      R.Mod = Base.Mod;
      R.Func = F;
      R.QualifiedName = Base.QualifiedName + "." + Name.str();
      return R;
    }
    return Symbol();
  }
  case SymbolKind::External: {
    Symbol R;
    R.Kind = SymbolKind::External;
    R.QualifiedName = Base.QualifiedName + "." + Name.str();
    return R;
  }
  default:
    return Symbol();
  }
}

Expected<Symbol> NameResolver::resolveExpr(const PyModule &M, const Expr &E) {
  switch (E.Kind) {
  case ExprKind::Name: {
    Expected<Symbol> S = lookupImpl(M, E.Name, nullptr);
    if (!S || *S)
      return S;
    // Builtins such as `object` and unresolvable globals.
    Symbol R;
    R.Kind = SymbolKind::External;
    R.QualifiedName = E.Name;
    return R;
  }
  case ExprKind::Attribute: {
    Expected<Symbol> Base = resolveExpr(M, *E.op(0));
    if (!Base || !*Base)
      return Base;
    return member(*Base, E.Name, nullptr);
  }
  case ExprKind::Subscript: // Generic[T], Module[...]
  case ExprKind::Call:      // with_metaclass(...) and friends
    return resolveExpr(M, *E.op(0));
  default:
    return Symbol();
  }
}

Expected<Symbol>
NameResolver::reboundInPackage(ArrayRef<StringRef> Parts, size_t N,
                               std::vector<std::string> *Trace) {
  std::string Parent = join(Parts.take_front(N - 1), ".");
  StringRef Name = Parts[N - 1];
  if (!Loader.exists(Parent))
    return Symbol();
  Expected<const PyModule *> Pkg = Loader.load(Parent);
  if (!Pkg)
    return Pkg.takeError();
  if (!*Pkg || !(*Pkg)->IsPackage)
    return Symbol();
  for (const ImportBinding *B : (*Pkg)->Imports) {
    if (!B->IsFrom || B->Name == "*" || B->boundName() != Name)
      continue;
    Expected<Symbol> S = resolveImport(**Pkg, *B, Name, Trace);
    if (!S)
      return S.takeError();
    if (*S && S->Kind != SymbolKind::Module && S->Kind != SymbolKind::External)
      return S;
  }
  return Symbol();
}

Expected<Symbol> NameResolver::resolveDotted(StringRef Dotted,
                                             std::vector<std::string> *Trace) {
  SmallVector<StringRef, 8> Parts;
  Dotted.split(Parts, '.');
  // The longest prefix that is a module, then attribute lookups.
  for (size_t N = Parts.size(); N > 0; --N) {
    std::string Prefix = join(ArrayRef<StringRef>(Parts).take_front(N), ".");
    // A module no root holds may have a library model that stands for it
    // (ModuleLoader::load).
    if (!Loader.exists(Prefix) && !Loader.loadModel(Prefix))
      continue;
    Expected<const PyModule *> Mod = Loader.load(Prefix);
    if (!Mod)
      return Mod.takeError();
    if (Trace) {
      const PyModule &PM = **Mod;
      Trace->push_back(formatv("module `{0}` is {1}", Prefix,
                               PM.File ? "`" + PM.File->getRelativePath() + "`"
                                       : std::string("a namespace package")));
    }
    Symbol S;
    S.Kind = SymbolKind::Module;
    S.Mod = *Mod;
    S.QualifiedName = Prefix;
    // `torch.nn.utils.weight_norm` is a submodule, but the package's
    // `from .weight_norm import weight_norm` rebinds the name: as in
    // Python, the package's attribute is that function. A longer name
    // (`torchvision.ops.stochastic_depth.StochasticDepth`) is a qualified
    // name inside the submodule.
    if (N >= 2 && N == Parts.size()) {
      Expected<Symbol> Rebound = reboundInPackage(Parts, N, Trace);
      if (!Rebound)
        return Rebound.takeError();
      if (*Rebound)
        S = *Rebound;
    }
    for (size_t I = N; I < Parts.size(); ++I) {
      Expected<Symbol> Next = member(S, Parts[I], Trace);
      if (!Next)
        return Next.takeError();
      if (!*Next)
        return Symbol();
      S = *Next;
    }
    return S;
  }
  return Symbol();
}

//===----------------------------------------------------------------------===//
// Method resolution order
//===----------------------------------------------------------------------===//

/// C3 merge of the linearizations of the bases plus the base list.
static bool c3Merge(std::vector<std::vector<MROEntry>> Seqs,
                    std::vector<MROEntry> &Out) {
  while (true) {
    llvm::erase_if(Seqs, [](const auto &S) { return S.empty(); });
    if (Seqs.empty())
      return true;
    const MROEntry *Candidate = nullptr;
    for (const auto &S : Seqs) {
      const MROEntry &Head = S.front();
      bool InTail = llvm::any_of(Seqs, [&](const auto &T) {
        return std::any_of(T.begin() + 1, T.end(), [&](const MROEntry &X) {
          return X.QualifiedName == Head.QualifiedName;
        });
      });
      if (!InTail) {
        Candidate = &Head;
        break;
      }
    }
    if (!Candidate)
      return false;
    MROEntry Chosen = *Candidate;
    Out.push_back(Chosen);
    for (auto &S : Seqs)
      if (!S.empty() && S.front().QualifiedName == Chosen.QualifiedName)
        S.erase(S.begin());
  }
}

Expected<std::vector<MROEntry>>
NameResolver::linearize(const MROEntry &E, std::vector<std::string> &Stack) {
  if (!E.Class) // External classes are opaque leaves.
    return std::vector<MROEntry>{E};
  if (llvm::is_contained(Stack, E.QualifiedName)) {
    std::string Cycle = join(Stack, " -> ") + " -> " + E.QualifiedName;
    DiagnosticEngine &Diags = Loader.getDiags();
    if (E.Mod && E.Mod->File)
      Diags.report(E.Mod->File->getBufferID(), E.Class->Range.Begin,
                   DiagLevel::Error,
                   "class '" + E.Class->Name +
                       "' inherits from itself (cycle: " + Cycle + ")");
    else
      Diags.report(DiagLevel::Error, "inheritance cycle: " + Cycle);
    return makeDiagnosedError(FailureKind::InputError);
  }
  if (Stack.size() > MaxResolutionDepth) {
    Loader.getDiags().report(DiagLevel::Error,
                             "class hierarchy of '" + E.QualifiedName +
                                 "' is deeper than supported");
    return makeDiagnosedError(FailureKind::InputError);
  }
  Stack.push_back(E.QualifiedName);
  auto Pop = make_scope_exit([&] { Stack.pop_back(); });

  std::vector<MROEntry> Bases;
  for (const auto &B : E.Class->Bases) {
    Expected<Symbol> S = resolveExpr(*E.Mod, *B);
    if (!S)
      return S.takeError();
    MROEntry BE;
    if (S->Kind == SymbolKind::Class) {
      BE.QualifiedName = S->QualifiedName;
      BE.Mod = S->Mod;
      BE.Class = S->Class;
    } else {
      BE.QualifiedName =
          S->QualifiedName.empty() ? B->Text.str() : S->QualifiedName;
    }
    Bases.push_back(BE);
  }
  std::vector<std::vector<MROEntry>> Seqs;
  for (const MROEntry &B : Bases) {
    auto L = linearize(B, Stack);
    if (!L)
      return L.takeError();
    Seqs.push_back(std::move(*L));
  }
  Seqs.push_back(Bases);
  std::vector<MROEntry> Out{E};
  if (!c3Merge(Seqs, Out)) {
    // Inconsistent hierarchy: Python would refuse to create the class.
    DiagnosticEngine &Diags = Loader.getDiags();
    Diags.report(E.Mod->File->getBufferID(), E.Class->Range.Begin,
                 DiagLevel::Error,
                 "cannot create a consistent method resolution order for '" +
                     E.Class->Name + "'");
    return makeDiagnosedError(FailureKind::InputError);
  }
  return Out;
}

Expected<std::vector<MROEntry>> NameResolver::computeMRO(const PyModule &M,
                                                         const ClassDef &C) {
  std::vector<std::string> Stack;
  MROEntry E{qualify(M, C.Name), &M, &C};
  return linearize(E, Stack);
}

} // namespace modcost
