//===- PassManager.h - Passes, analyses and their manager -------*- C++ -*-===//
///
/// \file
/// A small pass manager on the ideas of LLVM's new pass manager, written for
/// modcost's AnalysisUnit (LLVM 19's own template needs libLLVMCore pieces;
/// see docs/Architecture.md).
///
///  - A pass is any class with `StringRef name()` (static) and
///    `llvm::Expected<PreservedAnalyses> run(AnalysisUnit &,
///    AnalysisManager &)`. It is type-erased into the PassManager.
///  - An analysis is a class with a static `AnalysisKey Key`, a static
///    `name()`, a `Result` type and `llvm::Expected<Result> run(AnalysisUnit
///    &, AnalysisManager &)`. The AnalysisManager computes it on first
///    request, caches it per unit, and drops it when a pass does not
///    preserve it.
///  - Failure is an llvm::Error; the pipeline stops at the first one.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_PASS_PASSMANAGER_H
#define MODCOST_PASS_PASSMANAGER_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace modcost {

/// A unique address identifying an analysis (its static `Key` member).
struct AnalysisKey {};

/// The set of analyses a pass left valid.
class PreservedAnalyses {
public:
  /// Everything stays valid (the pass only read or printed).
  static PreservedAnalyses all() {
    PreservedAnalyses PA;
    PA.All = true;
    return PA;
  }
  /// Nothing stays valid.
  static PreservedAnalyses none() { return PreservedAnalyses(); }

  /// Marks analysis \p A as preserved.
  template <typename A> void preserve() { Keys.insert(&A::Key); }
  /// Marks the analysis with key \p K as preserved.
  void preserve(const AnalysisKey *K) { Keys.insert(K); }
  /// Marks analysis \p A as not preserved even if all() was given.
  template <typename A> void abandon() { abandon(&A::Key); }
  void abandon(const AnalysisKey *K) {
    Abandoned.insert(K);
    Keys.erase(K);
  }

  /// True if the analysis with key \p K is still valid.
  bool isPreserved(const AnalysisKey *K) const {
    if (Abandoned.count(K))
      return false;
    return All || Keys.count(K);
  }
  /// True if every analysis is preserved.
  bool areAllPreserved() const { return All && Abandoned.empty(); }

private:
  bool All = false;
  llvm::SmallPtrSet<const AnalysisKey *, 4> Keys, Abandoned;
};

/// Computes analyses on demand and caches their results for one unit.
class AnalysisManager {
  struct ResultConcept {
    virtual ~ResultConcept() = default;
  };
  template <typename T> struct ResultModel : ResultConcept {
    explicit ResultModel(T R) : Result(std::move(R)) {}
    T Result;
  };

public:
  /// \p DebugOS, when set, receives "Running analysis" lines.
  explicit AnalysisManager(llvm::raw_ostream *DebugOS = nullptr)
      : DebugOS(DebugOS) {}

  /// Returns the cached result of \p A for \p U, computing it if needed.
  template <typename A>
  llvm::Expected<typename A::Result &> getResult(AnalysisUnit &U) {
    auto It = Results.find(&A::Key);
    if (It != Results.end())
      return static_cast<ResultModel<typename A::Result> &>(*It->second).Result;
    if (DebugOS)
      *DebugOS << "Running analysis: " << A::name() << " on " << U.getName()
               << "\n";
    A Analysis;
    llvm::Expected<typename A::Result> R = Analysis.run(U, *this);
    if (!R)
      return R.takeError();
    auto Model =
        std::make_unique<ResultModel<typename A::Result>>(std::move(*R));
    typename A::Result &Ref = Model->Result;
    Results[&A::Key] = std::move(Model);
    Names[&A::Key] = A::name().str();
    return Ref;
  }

  /// Returns the cached result of \p A, or nullptr if not computed.
  template <typename A> typename A::Result *getCachedResult() {
    auto It = Results.find(&A::Key);
    if (It == Results.end())
      return nullptr;
    return &static_cast<ResultModel<typename A::Result> &>(*It->second).Result;
  }

  /// True if a result for the analysis with key \p K is cached.
  bool isCached(const AnalysisKey *K) const { return Results.count(K); }

  /// Drops every cached result that \p PA does not preserve.
  void invalidate(AnalysisUnit &U, const PreservedAnalyses &PA);

  /// Drops every cached result.
  void clear() {
    Results.clear();
    Names.clear();
  }

private:
  llvm::raw_ostream *DebugOS;
  llvm::DenseMap<const AnalysisKey *, std::unique_ptr<ResultConcept>> Results;
  llvm::DenseMap<const AnalysisKey *, std::string> Names;
};

/// The type-erased interface the PassManager holds.
class PassConcept {
public:
  virtual ~PassConcept() = default;
  /// The pass's pipeline name (`locate`, `print<locate>`, ...).
  virtual llvm::StringRef name() const = 0;
  /// Runs the pass.
  virtual llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U,
                                                AnalysisManager &AM) = 0;
};

/// Wraps any pass class \p P.
template <typename P> class PassModel final : public PassConcept {
public:
  PassModel(std::string Name, P Pass)
      : Name(std::move(Name)), Pass(std::move(Pass)) {}
  llvm::StringRef name() const override { return Name; }
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U,
                                        AnalysisManager &AM) override {
    return Pass.run(U, AM);
  }

private:
  std::string Name;
  P Pass;
};

/// Runs a sequence of passes over a unit.
class PassManager {
public:
  /// Appends \p Pass under the pipeline name \p Name.
  template <typename P> void addPass(llvm::StringRef Name, P Pass) {
    Passes.push_back(
        std::make_unique<PassModel<P>>(Name.str(), std::move(Pass)));
  }
  /// Appends an already type-erased pass (used by plugins).
  void addPass(std::unique_ptr<PassConcept> Pass) {
    Passes.push_back(std::move(Pass));
  }

  /// Runs every pass in order; stops at the first error. With
  /// \p DebugOS set, prints what ran (`-debug-pass-manager`).
  llvm::Error run(AnalysisUnit &U, AnalysisManager &AM,
                  llvm::raw_ostream *DebugOS = nullptr);

  /// Prints the pipeline as `-passes=` text.
  void printPipeline(llvm::raw_ostream &OS) const;

  bool empty() const { return Passes.empty(); }
  size_t size() const { return Passes.size(); }

private:
  std::vector<std::unique_ptr<PassConcept>> Passes;
};

} // namespace modcost

#endif // MODCOST_PASS_PASSMANAGER_H
