//===- JSONDump.cpp - Pretty-print a JSON tree to a stream ----------------===//
///
/// \file
/// The layout of nlohmann's pretty printer (indent 2): `{}` and `[]` when
/// empty, otherwise one member or element per line, `"key": value`, the
/// closing bracket on a line of its own at the parent's indentation.
/// Strings of ASCII are escaped here (`\"`, `\\`, the short escapes of
/// \b \f \n \r \t, `\u00xx` for other control characters, DEL kept);
/// a string with any byte of 0x80 or above, and every floating-point
/// number, is handed to nlohmann itself, so UTF-8 validation, replacement
/// and number formatting are its own.
///
//===----------------------------------------------------------------------===//

#include "modcost/Emit/JSONDump.h"

#include "llvm/ADT/StringRef.h"

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

namespace {

void writeString(const std::string &S, raw_ostream &OS) {
  // Fast path: printable ASCII without a quote or a backslash.
  size_t I = 0, N = S.size();
  bool Ascii = true;
  for (; I < N; ++I) {
    unsigned char C = S[I];
    if (C >= 0x80) {
      Ascii = false;
      break;
    }
    if (C < 0x20 || C == '"' || C == '\\')
      break;
  }
  if (I == N) {
    OS << '"' << S << '"';
    return;
  }
  if (Ascii)
    for (size_t K = I + 1; K < N; ++K)
      if (static_cast<unsigned char>(S[K]) >= 0x80) {
        Ascii = false;
        break;
      }
  if (!Ascii) {
    OS << json(S).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  OS << '"' << StringRef(S.data(), I);
  for (; I < N; ++I) {
    unsigned char C = S[I];
    switch (C) {
    case '"':
      OS << "\\\"";
      break;
    case '\\':
      OS << "\\\\";
      break;
    case '\b':
      OS << "\\b";
      break;
    case '\f':
      OS << "\\f";
      break;
    case '\n':
      OS << "\\n";
      break;
    case '\r':
      OS << "\\r";
      break;
    case '\t':
      OS << "\\t";
      break;
    default:
      if (C < 0x20) {
        static const char Hex[] = "0123456789abcdef";
        OS << "\\u00" << Hex[C >> 4] << Hex[C & 0xF];
      } else {
        OS << static_cast<char>(C);
      }
    }
  }
  OS << '"';
}

void writeValue(const json &J, unsigned Level, raw_ostream &OS) {
  switch (J.type()) {
  case json::value_t::object: {
    if (J.empty()) {
      OS << "{}";
      return;
    }
    OS << "{\n";
    bool First = true;
    for (auto It = J.begin(); It != J.end(); ++It) {
      if (!First)
        OS << ",\n";
      First = false;
      OS.indent(Level + 2);
      writeString(It.key(), OS);
      OS << ": ";
      writeValue(It.value(), Level + 2, OS);
    }
    OS << '\n';
    OS.indent(Level);
    OS << '}';
    return;
  }
  case json::value_t::array: {
    if (J.empty()) {
      OS << "[]";
      return;
    }
    OS << "[\n";
    bool First = true;
    for (const json &E : J) {
      if (!First)
        OS << ",\n";
      First = false;
      OS.indent(Level + 2);
      writeValue(E, Level + 2, OS);
    }
    OS << '\n';
    OS.indent(Level);
    OS << ']';
    return;
  }
  case json::value_t::string:
    writeString(J.get_ref<const std::string &>(), OS);
    return;
  case json::value_t::boolean:
    OS << (J.get<bool>() ? "true" : "false");
    return;
  case json::value_t::null:
    OS << "null";
    return;
  case json::value_t::number_integer:
    OS << J.get<int64_t>();
    return;
  case json::value_t::number_unsigned:
    OS << J.get<uint64_t>();
    return;
  default:
    // Floating point, binary, discarded: nlohmann's own text.
    OS << J.dump(2, ' ', false, json::error_handler_t::replace);
    return;
  }
}

} // namespace

void dumpJSON(const json &J, raw_ostream &OS) { writeValue(J, 0, OS); }

} // namespace modcost
