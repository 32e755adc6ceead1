//===- TreeSitter.cpp - RAII wrappers over the tree-sitter C API ----------===//
///
/// \file
/// Creation of the Python parser, with the ABI check that catches a grammar
/// generated for a newer tree-sitter than the one linked in.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/TreeSitter.h"

#include "llvm/Support/FormatVariadic.h"

extern "C" const TSLanguage *tree_sitter_python(void);

namespace modcost {
namespace ts {

llvm::Expected<Parser> Parser::createPython() {
  const TSLanguage *Lang = tree_sitter_python();
  uint32_t Version = ts_language_version(Lang);
  TSParser *P = ts_parser_new();
  if (!P)
    return llvm::createStringError("cannot allocate a tree-sitter parser");
  if (!ts_parser_set_language(P, Lang)) {
    ts_parser_delete(P);
    return llvm::createStringError(llvm::formatv(
        "the tree-sitter-python grammar has ABI {0}, but the linked "
        "libtree-sitter accepts ABI {1} to {2}; rebuild with the grammar "
        "version in cmake/tree-sitter-python.lock",
        Version, TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
        TREE_SITTER_LANGUAGE_VERSION));
  }
  return Parser(P);
}

Parser &Parser::operator=(Parser &&O) noexcept {
  if (this != &O) {
    if (P)
      ts_parser_delete(P);
    P = O.P;
    O.P = nullptr;
  }
  return *this;
}

Parser::~Parser() {
  if (P)
    ts_parser_delete(P);
}

Tree Parser::parse(llvm::StringRef Source) {
  ts_parser_reset(P);
  return Tree(ts_parser_parse_string(P, nullptr, Source.data(),
                                     static_cast<uint32_t>(Source.size())));
}

} // namespace ts
} // namespace modcost
