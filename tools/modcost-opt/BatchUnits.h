//===- BatchUnits.h - What a batch analyzes, and how it fared ---*- C++ -*-===//
///
/// \file
/// The pieces of batch mode that do not run threads: the files under the
/// requested packages, the units a parsed file defines, and the status of a
/// finished unit (the definitions of utils/coverage.py).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TOOLS_BATCHUNITS_H
#define MODCOST_TOOLS_BATCHUNITS_H

#include "Batch.h"

#include "modcost/IR/PyIR.h"
#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace modcost {

/// The `.py` files of \p Packages (each a package, recursively, or a plain
/// module), each as the module its dotted name resolves to (a file that
/// another shadows is left out), packages in order, files sorted by path.
struct PackageFile {
  std::string Module;
  ModuleFile File;
};
llvm::Expected<std::vector<PackageFile>>
findPackageFiles(const SourceRoots &Roots,
                 llvm::ArrayRef<std::string> Packages);

/// Which definitions besides classes with a forward() are units.
struct UnitKinds {
  /// Every module-level function.
  bool Functions = false;
  /// Module-level functions that return an instance of one of the
  /// module's classes with a forward() (`return ResNet(...)`, or `model =
  /// ResNet(...)` ... `return model`), or the result of another such
  /// function of the module (`return _resnet(...)`).
  bool Factories = false;
};

/// Appends the units module \p M defines: its module-level classes (also
/// under `if`/`try`) whose own body defines forward(), then the functions
/// \p Kinds asks for, in source order, each name once.
void collectUnits(const PyModule &M, const UnitKinds &Kinds,
                  std::vector<BatchUnit> &Out);

/// Classifies a unit whose pipeline succeeded: `undecided` if a branch
/// condition is undecided, else `unknown-ops` if an op has no cost rule or
/// a total is unknown, else `complete`; the reason is the first error or
/// warning of \p Diags (else its first diagnostic, else one taken from the
/// report). Fills the totals.
void classifyReport(BatchResult &R, const UnitReport &Rep,
                    llvm::ArrayRef<RecordedDiagnostic> Diags);

/// Classifies a unit whose pipeline failed with exit code \p ExitCode:
/// `failed`, `exit N: ` and the first error or warning.
void classifyFailure(BatchResult &R, int ExitCode,
                     llvm::ArrayRef<RecordedDiagnostic> Diags);

} // namespace modcost

#endif // MODCOST_TOOLS_BATCHUNITS_H
