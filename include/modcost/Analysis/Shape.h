//===- Shape.h - Symbolic shapes of the unit's tensor values ----*- C++ -*-===//
///
/// \file
/// `shape` is an analysis (computed when a later pass asks, or early when
/// `shape` is listed in -passes): the symbolic dimensions, element size and
/// layout of every tensor value that forward() assigns or returns on the
/// inference path. It is read off the same evaluation that decides the
/// branches (PruneAnalysis), because decisions need shapes (`x.dim() == 3`)
/// and shapes need decisions. PrintShapePass (`print<shape>`) dumps
/// `line: name : [dims] bytes layout` for tests.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_ANALYSIS_SHAPE_H
#define MODCOST_ANALYSIS_SHAPE_H

#include "modcost/Interp/Evaluator.h"
#include "modcost/Pass/PassManager.h"

namespace modcost {

/// The unit's tensor values along forward().
struct ShapeInfo {
  std::shared_ptr<sym::ExprContext> Sym;
  std::vector<ShapeEntry> Entries;
  /// Number of entries whose shape is not fully known.
  unsigned Unknown = 0;
};

/// Computes ShapeInfo; requires PruneAnalysis.
class ShapeAnalysis {
public:
  static AnalysisKey Key;
  static llvm::StringRef name() { return "ShapeAnalysis"; }
  using Result = ShapeInfo;
  llvm::Expected<Result> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// `shape`: computes the analysis early (and reports unknown shapes).
class ShapePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// `print<shape>`: `line: name : [dims] bytes layout`.
class PrintShapePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// Renders a tensor value as `[d0, d1] a_bytes contiguous`.
std::string formatTensor(const Value &V);

} // namespace modcost

#endif // MODCOST_ANALYSIS_SHAPE_H
