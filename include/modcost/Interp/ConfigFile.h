//===- ConfigFile.h - Reading a HuggingFace config.json ---------*- C++ -*-===//
///
/// \file
/// One reader for `--config` files, shared by the interpreter (which reads
/// the non-size values into the profile's `[config]` section) and `expand`
/// (which binds the sizes).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_CONFIGFILE_H
#define MODCOST_INTERP_CONFIGFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace modcost {

/// Reads and parses the config.json at \p Path; an error names the file if
/// it cannot be read or is not a JSON object.
llvm::Expected<nlohmann::json> readConfigJSON(llvm::StringRef Path);

/// The levels of a config that hold model sizes and values: the top level
/// first (it wins), then a nested `text_config` (multimodal models).
std::vector<const nlohmann::json *> configLevels(const nlohmann::json &J);

} // namespace modcost

#endif // MODCOST_INTERP_CONFIGFILE_H
