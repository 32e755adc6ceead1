//===- ModuleTreeJSON.h - The module tree as JSON ---------------*- C++ -*-===//
///
/// \file
/// Private to Emit: the `memory` and `module_tree` members of the JSON
/// report (docs/OutputFormat.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_EMIT_MODULETREEJSON_H
#define MODCOST_LIB_EMIT_MODULETREEJSON_H

#include "modcost/Pass/AnalysisUnit.h"

#include <nlohmann/json.hpp>

namespace modcost {

/// Adds `memory` and `module_tree` to \p J when \p R has them.
void addModuleTreeJSON(const UnitReport &R, nlohmann::ordered_json &J);

} // namespace modcost

#endif // MODCOST_LIB_EMIT_MODULETREEJSON_H
