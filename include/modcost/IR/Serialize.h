//===- Serialize.h - The Python IR as bytes, and back -----------*- C++ -*-===//
///
/// \file
/// A compact binary form of a PyModule's statements, for the parse cache
/// (Frontend/ParseCache.h). Source ranges and node texts are stored as
/// byte offsets into the module's file, so the reader rebuilds nodes whose
/// texts are slices of the same buffer, exactly as the parser made them;
/// the lookup tables (IR/Indexing.h) are rebuilt, not stored. The reader
/// checks every length and offset against its input and the file's size:
/// damaged bytes give an error, never a crash or a node pointing outside
/// the file (the cache checksums its entries as well).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_IR_SERIALIZE_H
#define MODCOST_IR_SERIALIZE_H

#include "modcost/IR/PyIR.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>

namespace modcost {

/// The statements of \p M (parsed from \p M.File) as bytes. Fails if a node
/// refers to text outside its file (such a module is not cacheable).
llvm::Expected<std::string> serializeModule(const PyModule &M);

/// Rebuilds the statements serialized in \p Data over \p File, which must
/// hold the same text they were parsed from; the result's Name and
/// IsPackage are \p Name and \p IsPackage, and its tables are indexed.
llvm::Expected<std::unique_ptr<PyModule>>
deserializeModule(llvm::StringRef Data, const SourceFile &File,
                  llvm::StringRef Name, bool IsPackage);

/// The same, but function bodies stay serialized until first used
/// (FunctionDef::body()): \p Data lies in \p Storage, which the module
/// keeps. Everything outside function bodies is read and checked here; a
/// body is checked when it is decoded, and one that does not decode is
/// empty with FunctionDef::bodyError() set.
llvm::Expected<std::unique_ptr<PyModule>>
deserializeModule(std::unique_ptr<llvm::MemoryBuffer> Storage,
                  llvm::StringRef Data, const SourceFile &File,
                  llvm::StringRef Name, bool IsPackage);

} // namespace modcost

#endif // MODCOST_IR_SERIALIZE_H
