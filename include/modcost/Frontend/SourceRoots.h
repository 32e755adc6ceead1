//===- SourceRoots.h - Python package roots and the module cache -*- C++
//-*-===//
///
/// \file
/// The source-root model: a list of directories that play the role of
/// Python's sys.path. A dotted module name maps to `<root>/a/b.py` or to the
/// package `<root>/a/b/__init__.py` (a directory without `__init__.py` is a
/// namespace package). The ModuleLoader parses each file at most once per
/// run and remembers failures, so a broken file is diagnosed once.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_SOURCEROOTS_H
#define MODCOST_FRONTEND_SOURCEROOTS_H

#include "modcost/Frontend/PythonParser.h"
#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modcost {

class ParseCache;
class SharedModuleCache;

/// Where a dotted module name lives on disk.
struct ModuleFile {
  std::string Path;    ///< File to parse; empty for a namespace package.
  std::string Root;    ///< The root it was found under.
  std::string RelPath; ///< Path relative to Root, `/`-separated.
  bool IsPackage = false;
};

/// An ordered list of source roots, searched first to last.
class SourceRoots {
public:
  /// Adds a root directory; fails if it is not a readable directory.
  llvm::Error addRoot(llvm::StringRef Dir);

  /// The roots used when none is given: the directories of
  /// $MODCOST_SOURCE_PATH (colon-separated) if set, else the system
  /// Python's package directories (Debian: /usr/lib/python3/dist-packages
  /// and /usr/local/lib/python3.*/dist-packages) that exist.
  static std::vector<std::string> defaultRoots();

  const std::vector<std::string> &getRoots() const { return Roots; }

  /// Finds module \p Dotted under the roots.
  std::optional<ModuleFile> find(llvm::StringRef Dotted) const;

  /// True if \p Dotted is a syntactically valid dotted Python name: parts
  /// are identifiers, non-ASCII ones included (`modèles.Département`), at
  /// most 1024 bytes in all.
  static bool isValidDottedName(llvm::StringRef Dotted);

private:
  std::vector<std::string> Roots;
};

/// Loads and caches parsed modules by dotted name.
class ModuleLoader {
public:
  ModuleLoader(const SourceRoots &Roots, DiagnosticEngine &Diags,
               PythonParser &Parser)
      : Roots(Roots), Diags(Diags), Parser(Parser) {}

  /// Returns the module, nullptr if no such module exists under the roots,
  /// or a DiagnosedError if it exists but could not be read or parsed.
  llvm::Expected<const PyModule *> load(llvm::StringRef Dotted);

  /// Parses a file given by path, outside the roots (for `print<ir>`-style
  /// tools and tests). Cached like the rest.
  llvm::Expected<const PyModule *> loadFile(llvm::StringRef Path,
                                            llvm::StringRef ModuleName);

  /// Parses \p Text, a Python snippet from the command line (a `--set`
  /// expression), as a module of its own named \p Name (its diagnostics
  /// point into the snippet). Cached by text, owned like the rest.
  llvm::Expected<const PyModule *> parseSnippet(llvm::StringRef Text,
                                                llvm::StringRef Name);

  /// Directories of library models (`share/modcost/models`, `--models-dir`):
  /// Python files laid out by package whose definitions stand in for the
  /// real module's of the same name (docs/Models.md).
  void setModelRoots(SourceRoots R) { ModelRoots = std::move(R); }

  /// The model of module \p Dotted (parsed once), or nullptr if none.
  /// A model module has IsModel set and the real module's name.
  const PyModule *loadModel(llvm::StringRef Dotted);

  /// True if \p Dotted names a module or package under the roots.
  bool exists(llvm::StringRef Dotted) const {
    return findFile(Dotted, /*IsModel=*/false).has_value();
  }

  /// Takes parsed files from \p C (shared with other loaders, possibly on
  /// other threads) instead of parsing them itself; this loader's
  /// DiagnosticEngine must share its buffers with \p C's.
  void setSharedCache(SharedModuleCache *C) { Shared = C; }

  /// Reads and writes the files this loader parses itself through \p C
  /// (null: none); a shared cache has its own (SharedModuleCache).
  void setParseCache(ParseCache *C) { Cache = C; }

  /// Number of files parsed so far.
  size_t getNumParsed() const { return NumParsed; }

  const SourceRoots &getRoots() const { return Roots; }
  DiagnosticEngine &getDiags() { return Diags; }

private:
  const SourceRoots &Roots;
  DiagnosticEngine &Diags;
  PythonParser &Parser;
  /// Modules and models by name: owned by OwnedModules, or by the shared
  /// cache.
  llvm::StringMap<const PyModule *> Modules, Models;
  llvm::StringMap<std::unique_ptr<PyModule>> Snippets;
  std::vector<std::unique_ptr<PyModule>> OwnedModules;
  SharedModuleCache *Shared = nullptr;
  ParseCache *Cache = nullptr;
  SourceRoots ModelRoots;
  llvm::StringSet<> ModelsMissing;
  llvm::StringSet<> Missing, Failed;
  std::vector<std::unique_ptr<SourceFile>> Files;
  size_t NumParsed = 0;
  /// findFile's answers without a shared cache, by name.
  mutable llvm::StringMap<std::optional<ModuleFile>> FoundModules, FoundModels;

  llvm::Expected<const PyModule *>
  parseFile(const ModuleFile &MF, llvm::StringRef Dotted, bool IsModel = false);
  /// Roots.find (ModelRoots.find if \p IsModel), remembered (by the shared
  /// cache when there is one).
  std::optional<ModuleFile> findFile(llvm::StringRef Dotted,
                                     bool IsModel) const;
};

} // namespace modcost

#endif // MODCOST_FRONTEND_SOURCEROOTS_H
