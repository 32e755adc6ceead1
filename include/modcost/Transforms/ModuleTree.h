//===- ModuleTree.h - Parameters, memory and the module tree ----*- C++ -*-===//
///
/// \file
/// The answers people ask of a whole model at a glance (fvcore's
/// `flop_count_table`, calflops, LLM-Viewer): how many parameters it has,
/// per module and in total; how much memory its weights and its key/value
/// cache take; and a module tree whose rows are attribute paths
/// (`model.layers.0-31.self_attn`) with each module's parameters, FLOPs and
/// bytes. Everything comes from what the evaluation built and ran: the
/// objects `__init__` constructed (nn.Parameter, register_parameter and
/// register_buffer tensors, nested modules, repeated layers), the module
/// each composite call ran on, and every `cache.update` the forward made.
/// `cost` builds the formulas; `expand` evaluates them (docs/ModuleTree.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_MODULETREE_H
#define MODCOST_TRANSFORMS_MODULETREE_H

#include "modcost/Pass/AnalysisUnit.h"

#include <map>

namespace modcost {

struct PruneResult;
struct Bindings;
class InferenceProfile;
namespace sym {
class ExprContext;
} // namespace sym

/// Fills \p R.ModuleTree and \p R.Memory from the evaluation \p P of a class
/// unit (nothing for a function unit). \p Profile gives the config values
/// that decide weight tying (may be null); rows deeper than \p MaxDepth are
/// left out (0: no limit), though they still count in their parents.
void buildModuleTree(UnitReport &R, const PruneResult &P,
                     const InferenceProfile *Profile, unsigned MaxDepth);

/// Evaluates the tree's and the memory's formulas under \p B, folds the
/// paths of repeated layers, and links each row to its composite report
/// (\p ReportOfCall: call text -> report stem).
void expandModuleTree(UnitReport &R, const Bindings &B,
                      const std::map<std::string, std::string> &ReportOfCall,
                      sym::ExprContext &Ctx);

} // namespace modcost

#endif // MODCOST_TRANSFORMS_MODULETREE_H
