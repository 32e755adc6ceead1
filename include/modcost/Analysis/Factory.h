//===- Factory.h - Model builder functions as units -------------*- C++ -*-===//
///
/// \file
/// A module-level function that builds and returns a module is a model
/// builder (`torchvision.models.resnet50`, `torchaudio.models.
/// wav2vec2_base`). Named as a unit, it stands for the model it returns:
/// prune runs the builder's body with its defaults (Evaluator::runBuilder),
/// then that model's forward() with the inputs of the profile or
/// `--input-shape`. The report says which class was built, by which
/// builder, and where it was constructed.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_ANALYSIS_FACTORY_H
#define MODCOST_ANALYSIS_FACTORY_H

#include "modcost/Interp/Evaluator.h"
#include "modcost/Pass/AnalysisUnit.h"

#include <optional>

namespace modcost {

/// The model a builder returned.
struct BuiltModel {
  std::shared_ptr<ObjectState> Self;
  /// Where the model's class and its forward() are, with the builder in
  /// the resolution trace and LocationInfo::Builder* set.
  LocationInfo Location;
};

/// True if \p Fn can be called with no arguments under \p Profile: every
/// parameter has a default or a `--set` value, or is `*args`/`**kwargs`.
bool isBuilderCandidate(const FunctionDef &Fn, const InferenceProfile &Profile);

/// Runs the function unit \p L in \p Eval as a model builder; the model
/// and its location if it returned a module (an `nn.Module` with a
/// forward()), nullopt if it returned anything else.
llvm::Expected<std::optional<BuiltModel>>
buildModel(AnalysisUnit &U, Evaluator &Eval, const LocationInfo &L);

} // namespace modcost

#endif // MODCOST_ANALYSIS_FACTORY_H
