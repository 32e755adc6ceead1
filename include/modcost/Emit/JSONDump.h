//===- JSONDump.h - Pretty-print a JSON tree to a stream --------*- C++ -*-===//
///
/// \file
/// Writes an nlohmann::ordered_json tree straight to a raw_ostream, byte for
/// byte as `J.dump(2, ' ', false, error_handler_t::replace)` would return it,
/// without building the whole text as one string first and with a fast path
/// for the common string (printable ASCII, nothing to escape). Reports of a
/// whole model are megabytes of JSON; nlohmann's character-by-character
/// escaping was a fifth of a warm ResNet-50 run (docs/Performance.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_JSONDUMP_H
#define MODCOST_EMIT_JSONDUMP_H

#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

namespace modcost {

/// Writes \p J indented by two spaces per level, as
/// `J.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)` (no
/// trailing newline): the same bytes, invalid UTF-8 replaced by U+FFFD.
void dumpJSON(const nlohmann::ordered_json &J, llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_JSONDUMP_H
