//===- PassBuilder.h - Pipeline text to a PassManager -----------*- C++ -*-===//
///
/// \file
/// Parses `-passes=` text into a PassManager, from the Passes.def registry
/// plus passes registered at run time (by plugins). Grammar:
///
///   pipeline := entry (',' entry)*
///   entry    := NAME | NAME '<' PARAM '>'
///
/// where `print<X>`, `require<X>` and `invalidate<X>` are the parameterized
/// forms. Errors are diagnostics with a caret under the bad token.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_PASSES_PASSBUILDER_H
#define MODCOST_PASSES_PASSBUILDER_H

#include "modcost/Pass/PassManager.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace modcost {

/// Builds pass pipelines from text.
class PassBuilder {
public:
  /// Creates a pass for a registered name.
  using PassFactory = std::function<std::unique_ptr<PassConcept>()>;

  /// One registry entry, for listing.
  struct Entry {
    std::string Name;
    std::string Description;
    bool IsAnalysis = false;
  };

  /// Creates a builder that knows every pass in Passes.def.
  explicit PassBuilder(DiagnosticEngine &Diags);

  /// Registers an extra pass (from a plugin). Fails if the name is taken.
  llvm::Error registerPass(llvm::StringRef Name, llvm::StringRef Description,
                           PassFactory Factory);

  /// Parses \p Text and appends its passes to \p PM. Reports a diagnostic
  /// pointing into the text and returns a DiagnosedError(UsageError) on a
  /// bad pipeline.
  llvm::Error parsePassPipeline(PassManager &PM, llvm::StringRef Text);

  /// Every pass and analysis name with its description, in registry order.
  std::vector<Entry> getRegistry() const;

  /// Prints the registry (`-list-passes`).
  void printPassNames(llvm::raw_ostream &OS) const;

private:
  DiagnosticEngine &Diags;
  struct Registered {
    std::string Name, Description;
    PassFactory Factory;
  };
  std::vector<Registered> Extra;
};

} // namespace modcost

#endif // MODCOST_PASSES_PASSBUILDER_H
