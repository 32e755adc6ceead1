//===- Parser.h - Reading symbolic expressions from text --------*- C++ -*-===//
///
/// \file
/// parse() reads the printer's output back into uniqued expressions, and also
/// ordinary infix input written by people or lifted from Python:
///
///   expr    := term (('+' | '-') term)*
///   term    := unary (('*' | '/' | '//' | '%') unary)*
///   unary   := ('-' | '+') unary | power
///   power   := primary (('^' | '**') unary)?
///   primary := INTEGER | DECIMAL | IDENT | IDENT '(' expr (',' expr)* ')'
///            | '(' expr ')'
///
/// `/` is exact division, `//` floor division, `%` the Python remainder
/// `a - b * floor(a / b)`. Functions: floor(x), ceil(x), max(a, b, ...),
/// min(a, b, ...), cdiv(a, b) (= ceil(a / b)). An identifier is
/// [A-Za-z_][A-Za-z0-9_.]*; names are functions only when followed by `(`.
/// Exponents must be integer constants. Decimals such as `0.5` are exact.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SYMBOLIC_PARSER_H
#define MODCOST_SYMBOLIC_PARSER_H

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace modcost::sym {

/// A syntax or evaluation error at a position of the parsed text. Its
/// message reads `column 7: expected ')'`.
class ParseError : public llvm::ErrorInfo<ParseError> {
public:
  /// LLVM RTTI anchor.
  static char ID;
  /// An error at 0-based byte \p Offset.
  ParseError(size_t Offset, std::string Message)
      : Offset(Offset), Message(std::move(Message)) {}
  /// The 0-based byte offset into the parsed text.
  size_t getOffset() const { return Offset; }
  /// The 1-based column, as printed in the message.
  size_t getColumn() const { return Offset + 1; }
  /// The message without the column prefix.
  const std::string &getMessage() const { return Message; }
  /// Prints `column N: message`.
  void log(llvm::raw_ostream &OS) const override;
  /// Always llvm::inconvertibleErrorCode().
  std::error_code convertToErrorCode() const override;

private:
  size_t Offset;
  std::string Message;
};

/// Parses \p Text into an expression of \p Ctx. Fails with a ParseError on
/// bad syntax, unknown functions, non-integer or too large exponents, and
/// division by a constant zero.
llvm::Expected<const Expr *> parse(llvm::StringRef Text, ExprContext &Ctx);

/// A report's formula text as an expression, or null when it is empty,
/// `unknown`, or does not parse.
const Expr *parseFormula(llvm::StringRef Text, ExprContext &Ctx);

} // namespace modcost::sym

#endif // MODCOST_SYMBOLIC_PARSER_H
