//===- NameResolver.h - Python name resolution across modules ---*- C++ -*-===//
///
/// \file
/// Resolves names the way Python's import system would, without running
/// anything: module-level definitions, aliases (`Foo = Bar`), `import a.b as
/// c`, `from .x import (y as z)`, relative imports, `from m import *`
/// re-exports, and submodules of packages. It also linearizes class
/// hierarchies (C3, as Python's MRO) across files. Unresolvable names (a
/// package that is not under any root, such as `typing`) come back as
/// External symbols carrying their best dotted spelling.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_NAMERESOLVER_H
#define MODCOST_FRONTEND_NAMERESOLVER_H

#include "modcost/Frontend/SourceRoots.h"
#include "modcost/IR/PyIR.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace modcost {

/// The kinds of thing a Python name can denote here.
enum class SymbolKind { None, Module, Class, Function, External };

/// What a name denotes.
struct Symbol {
  SymbolKind Kind = SymbolKind::None;
  /// The module defining the class/function, or the module itself (null
  /// for a module symbol that was not looked into yet: loaded on demand).
  const PyModule *Mod = nullptr;
  const ClassDef *Class = nullptr;
  const FunctionDef *Func = nullptr;
  /// Fully qualified name (`torch.nn.modules.linear.Linear`), or for an
  /// External symbol its dotted spelling after import resolution.
  std::string QualifiedName;

  explicit operator bool() const { return Kind != SymbolKind::None; }
};

/// One entry of a class's method resolution order.
struct MROEntry {
  std::string QualifiedName;
  const PyModule *Mod = nullptr;   ///< Null for external classes.
  const ClassDef *Class = nullptr; ///< Null for external classes.
};

/// Resolves names through the ModuleLoader.
class NameResolver {
public:
  explicit NameResolver(ModuleLoader &Loader) : Loader(Loader) {}

  /// Resolves a dotted name such as `torch.nn.Linear` or
  /// `pkg.mod.func`. Appends human-readable steps to \p Trace if given.
  llvm::Expected<Symbol> resolveDotted(llvm::StringRef Dotted,
                                       std::vector<std::string> *Trace);

  /// Looks up \p Name in the global scope of \p M.
  llvm::Expected<Symbol> lookup(const PyModule &M, llvm::StringRef Name,
                                std::vector<std::string> *Trace = nullptr);

  /// Resolves a Name/Attribute expression (a base class, a decorator)
  /// evaluated in the global scope of \p M.
  llvm::Expected<Symbol> resolveExpr(const PyModule &M, const Expr &E);

  /// The absolute module name an import binding in \p From refers to, or
  /// an error for a relative import that goes above the top package.
  llvm::Expected<std::string> absoluteModule(const PyModule &From,
                                             const ImportBinding &B) const;

  /// Computes the C3 linearization of class \p C defined in \p M.
  /// Reports inheritance cycles as diagnostics at the class.
  llvm::Expected<std::vector<MROEntry>> computeMRO(const PyModule &M,
                                                   const ClassDef &C);

  /// The loader the names are resolved through.
  ModuleLoader &getLoader() { return Loader; }

  /// Fully qualified name of a definition in module \p M.
  static std::string qualify(const PyModule &M, llvm::StringRef Name);

private:
  ModuleLoader &Loader;
  /// (module, name) pairs being looked up, to break import cycles.
  llvm::StringSet<> InProgress;
  unsigned Depth = 0;

  llvm::Expected<Symbol> lookupImpl(const PyModule &M, llvm::StringRef Name,
                                    std::vector<std::string> *Trace);
  /// The symbol package `Parts[0..N-2]` binds to `Parts[N-1]` by a
  /// `from ... import` that is not the submodule of that name, or null.
  llvm::Expected<Symbol> reboundInPackage(llvm::ArrayRef<llvm::StringRef> Parts,
                                          size_t N,
                                          std::vector<std::string> *Trace);
  llvm::Expected<Symbol> resolveImport(const PyModule &M,
                                       const ImportBinding &B,
                                       llvm::StringRef Name,
                                       std::vector<std::string> *Trace);
  llvm::Expected<Symbol> member(const Symbol &Base, llvm::StringRef Name,
                                std::vector<std::string> *Trace);
  llvm::Expected<std::vector<MROEntry>>
  linearize(const MROEntry &E, std::vector<std::string> &Stack);
};

/// Line of a source range as text `file:line`.
std::string formatLocation(const PyModule &M, unsigned Line);

} // namespace modcost

#endif // MODCOST_FRONTEND_NAMERESOLVER_H
