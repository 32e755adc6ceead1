//===- Parser.cpp - Reading symbolic expressions from text ----------------===//
///
/// \file
/// A recursive-descent parser that first builds a small syntax tree and then
/// folds it through ExprContext. The tree matters for division: a divisor
/// written as a product or power, such as `x / ((a + b) * (c + d))` or
/// `x / (a + b)^2`, is divided out factor by factor, which is how the printer
/// writes sums under negative exponents and how they must read back.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <vector>

using namespace llvm;

namespace modcost::sym {

char ParseError::ID = 0;

void ParseError::log(raw_ostream &OS) const {
  OS << "column " << getColumn() << ": " << Message;
}

std::error_code ParseError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

/// Largest exponent magnitude accepted, and the largest power of a sum that
/// is expanded.
static constexpr int64_t MaxExponent = 4096;
static constexpr int64_t MaxSumExponent = 64;

namespace {

enum class Tok {
  Number,
  Ident,
  Plus,
  Minus,
  Star,
  StarStar,
  Slash,
  SlashSlash,
  Percent,
  Caret,
  LParen,
  RParen,
  Comma,
  End
};

struct Token {
  Tok Kind;
  StringRef Text;
  size_t Offset;
};

/// A syntax tree node. Offset is its operator (or its only token), Start the
/// first character of the whole construct.
struct Node {
  enum KindTy {
    Number,
    Symbol,
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    Call
  };
  KindTy Kind;
  size_t Offset;
  size_t Start;
  Rational Value;
  std::string Name;
  std::vector<std::unique_ptr<Node>> Kids;
};
using NodePtr = std::unique_ptr<Node>;

class Parser {
public:
  Parser(StringRef Text, ExprContext &Ctx) : Text(Text), Ctx(Ctx) {}

  Expected<const Expr *> run() {
    const Expr *Result = nullptr;
    if (lex()) {
      NodePtr Tree = parseExpr();
      if (Tree && peek().Kind != Tok::End)
        fail(peek().Offset, "unexpected '" + peek().Text + "'");
      if (!Failed)
        Result = build(*Tree);
    }
    if (Failed)
      return make_error<ParseError>(ErrOffset, ErrMessage);
    return Result;
  }

private:
  std::nullptr_t fail(size_t Offset, const Twine &Message) {
    if (!Failed) {
      Failed = true;
      ErrOffset = Offset;
      ErrMessage = Message.str();
    }
    return nullptr;
  }

  bool lex();
  const Token &peek() const { return Tokens[Pos]; }
  const Token &next() { return Tokens[Pos++]; }
  NodePtr make(Node::KindTy Kind, size_t Offset, NodePtr L = nullptr,
               NodePtr R = nullptr) {
    auto N = std::make_unique<Node>();
    N->Kind = Kind;
    N->Offset = Offset;
    N->Start = L && Kind != Node::Neg ? L->Start : Offset;
    if (L)
      N->Kids.push_back(std::move(L));
    if (R)
      N->Kids.push_back(std::move(R));
    return N;
  }

  NodePtr parseExpr();
  NodePtr parseTerm();
  NodePtr parseUnary();
  NodePtr parsePower();
  NodePtr parsePrimary();

  const Expr *build(const Node &N);
  const Expr *buildCall(const Node &N);
  std::optional<int64_t> buildExponent(const Node &N, const Expr *Base);
  const Expr *divide(const Expr *V, const Node &D, size_t OpOffset);
  const Expr *nonZero(const Expr *E, size_t Offset) {
    if (E && E->isZero())
      return fail(Offset, "division by zero");
    return E;
  }

  StringRef Text;
  ExprContext &Ctx;
  std::vector<Token> Tokens;
  size_t Pos = 0;
  bool Failed = false;
  size_t ErrOffset = 0;
  std::string ErrMessage;
};

} // namespace

bool Parser::lex() {
  size_t I = 0, N = Text.size();
  auto IsIdentChar = [](char C) { return isAlnum(C) || C == '_' || C == '.'; };
  while (I < N) {
    char C = Text[I];
    size_t Start = I;
    if (isSpace(C)) {
      ++I;
      continue;
    }
    Tok Kind;
    if (isDigit(C)) {
      while (I < N && (isDigit(Text[I]) || Text[I] == '_'))
        ++I;
      if (I + 1 < N && Text[I] == '.' && isDigit(Text[I + 1]))
        for (++I; I < N && (isDigit(Text[I]) || Text[I] == '_');)
          ++I;
      Kind = Tok::Number;
    } else if (isAlpha(C) || C == '_') {
      while (I < N && IsIdentChar(Text[I]))
        ++I;
      Kind = Tok::Ident;
    } else {
      ++I;
      switch (C) {
      case '+':
        Kind = Tok::Plus;
        break;
      case '-':
        Kind = Tok::Minus;
        break;
      case '*':
        Kind = Tok::Star;
        if (I < N && Text[I] == '*')
          Kind = Tok::StarStar, ++I;
        break;
      case '/':
        Kind = Tok::Slash;
        if (I < N && Text[I] == '/')
          Kind = Tok::SlashSlash, ++I;
        break;
      case '%':
        Kind = Tok::Percent;
        break;
      case '^':
        Kind = Tok::Caret;
        break;
      case '(':
        Kind = Tok::LParen;
        break;
      case ')':
        Kind = Tok::RParen;
        break;
      case ',':
        Kind = Tok::Comma;
        break;
      default:
        fail(Start, "unexpected character '" + Text.substr(Start, 1) + "'");
        return false;
      }
    }
    Tokens.push_back({Kind, Text.slice(Start, I), Start});
  }
  Tokens.push_back({Tok::End, "end of input", N});
  return true;
}

NodePtr Parser::parseExpr() {
  NodePtr L = parseTerm();
  while (L && (peek().Kind == Tok::Plus || peek().Kind == Tok::Minus)) {
    const Token &Op = next();
    NodePtr R = parseTerm();
    if (!R)
      return nullptr;
    L = make(Op.Kind == Tok::Plus ? Node::Add : Node::Sub, Op.Offset,
             std::move(L), std::move(R));
  }
  return L;
}

NodePtr Parser::parseTerm() {
  NodePtr L = parseUnary();
  while (L) {
    Node::KindTy Kind;
    switch (peek().Kind) {
    case Tok::Star:
      Kind = Node::Mul;
      break;
    case Tok::Slash:
      Kind = Node::Div;
      break;
    case Tok::SlashSlash:
      Kind = Node::FloorDiv;
      break;
    case Tok::Percent:
      Kind = Node::Mod;
      break;
    default:
      return L;
    }
    size_t Offset = next().Offset;
    NodePtr R = parseUnary();
    if (!R)
      return nullptr;
    L = make(Kind, Offset, std::move(L), std::move(R));
  }
  return L;
}

NodePtr Parser::parseUnary() {
  if (peek().Kind == Tok::Minus || peek().Kind == Tok::Plus) {
    const Token &Op = next();
    NodePtr X = parseUnary();
    if (!X || Op.Kind == Tok::Plus)
      return X;
    return make(Node::Neg, Op.Offset, std::move(X));
  }
  return parsePower();
}

NodePtr Parser::parsePower() {
  NodePtr Base = parsePrimary();
  if (!Base || (peek().Kind != Tok::Caret && peek().Kind != Tok::StarStar))
    return Base;
  size_t Offset = next().Offset;
  NodePtr Exponent = parseUnary();
  if (!Exponent)
    return nullptr;
  return make(Node::Pow, Offset, std::move(Base), std::move(Exponent));
}

/// The exact value of a decimal literal such as `4096` or `0.125`.
static Rational numberValue(StringRef Literal) {
  std::string Digits;
  size_t FractionDigits = 0;
  bool InFraction = false;
  for (char C : Literal) {
    if (C == '.')
      InFraction = true;
    else if (C != '_') {
      Digits += C;
      FractionDigits += InFraction;
    }
  }
  return Rational(*BigInt::fromString(Digits), BigInt::pow(10, FractionDigits));
}

NodePtr Parser::parsePrimary() {
  const Token &T = peek();
  switch (T.Kind) {
  case Tok::Number: {
    next();
    NodePtr N = make(Node::Number, T.Offset);
    N->Value = numberValue(T.Text);
    return N;
  }
  case Tok::Ident: {
    next();
    if (peek().Kind != Tok::LParen) {
      NodePtr N = make(Node::Symbol, T.Offset);
      N->Name = T.Text.str();
      return N;
    }
    next();
    NodePtr Call = make(Node::Call, T.Offset);
    Call->Name = T.Text.str();
    while (true) {
      NodePtr Arg = parseExpr();
      if (!Arg)
        return nullptr;
      Call->Kids.push_back(std::move(Arg));
      if (peek().Kind != Tok::Comma)
        break;
      next();
    }
    if (peek().Kind != Tok::RParen)
      return fail(peek().Offset, "expected ',' or ')' in call to '" +
                                     Call->Name + "', found '" + peek().Text +
                                     "'");
    next();
    return Call;
  }
  case Tok::LParen: {
    next();
    NodePtr X = parseExpr();
    if (!X)
      return nullptr;
    if (peek().Kind != Tok::RParen)
      return fail(peek().Offset, "expected ')', found '" + peek().Text + "'");
    next();
    X->Start = T.Offset;
    return X;
  }
  default:
    return fail(T.Offset, "expected an expression, found '" + T.Text + "'");
  }
}

std::optional<int64_t> Parser::buildExponent(const Node &N, const Expr *Base) {
  const Expr *E = build(N);
  if (!E)
    return std::nullopt;
  std::optional<int64_t> K;
  if (E->isConstant() && E->getConstantValue().isInteger())
    K = E->getConstantValue().getNumerator().tryGetInt64();
  if (!K) {
    fail(N.Start,
         "exponent must be an integer constant, not '" + E->str() + "'");
    return std::nullopt;
  }
  if (*K > MaxExponent || *K < -MaxExponent ||
      (Base->getKind() == ExprKind::Add && *K > MaxSumExponent)) {
    fail(N.Start, "exponent " + Twine(*K) + " is too large");
    return std::nullopt;
  }
  if (Base->isZero() && *K < 0) {
    fail(N.Start, "division by zero");
    return std::nullopt;
  }
  return K;
}

const Expr *Parser::divide(const Expr *V, const Node &D, size_t OpOffset) {
  switch (D.Kind) {
  case Node::Mul: {
    const Expr *Partial = divide(V, *D.Kids[0], OpOffset);
    return Partial ? divide(Partial, *D.Kids[1], OpOffset) : nullptr;
  }
  case Node::Div: {
    // V / (a / b) = (V / a) * b.
    const Expr *Partial = divide(V, *D.Kids[0], OpOffset);
    const Expr *B = Partial ? nonZero(build(*D.Kids[1]), D.Offset) : nullptr;
    return B ? Ctx.mul(Partial, B) : nullptr;
  }
  case Node::Neg: {
    const Expr *Partial = divide(V, *D.Kids[0], OpOffset);
    return Partial ? Ctx.neg(Partial) : nullptr;
  }
  case Node::Pow: {
    const Expr *Base = build(*D.Kids[0]);
    std::optional<int64_t> K;
    if (!Base || !(K = buildExponent(*D.Kids[1], Base)))
      return nullptr;
    const Expr *Divisor = nonZero(Ctx.pow(Base, *K), OpOffset);
    if (!Divisor)
      return nullptr;
    if (const Expr *Q = Ctx.divideExactly(V, Divisor))
      return Q;
    return Ctx.mul(V, Ctx.pow(Base, -*K));
  }
  default: {
    const Expr *Divisor = nonZero(build(D), OpOffset);
    return Divisor ? Ctx.div(V, Divisor) : nullptr;
  }
  }
}

const Expr *Parser::buildCall(const Node &N) {
  StringRef Name = N.Name;
  size_t NumArgs = N.Kids.size();
  SmallVector<const Expr *, 4> Args;
  for (const NodePtr &Kid : N.Kids) {
    const Expr *A = build(*Kid);
    if (!A)
      return nullptr;
    Args.push_back(A);
  }
  if (Name == "floor" || Name == "ceil") {
    if (NumArgs != 1)
      return fail(N.Offset, Name + "() takes 1 argument");
    return Name == "floor" ? Ctx.floorDiv(Args[0], Ctx.getOne())
                           : Ctx.ceilDiv(Args[0], Ctx.getOne());
  }
  if (Name == "max" || Name == "min") {
    if (NumArgs < 2)
      return fail(N.Offset, Name + "() takes at least 2 arguments");
    return Name == "max" ? Ctx.max(Args) : Ctx.min(Args);
  }
  if (Name == "cdiv") {
    if (NumArgs != 2)
      return fail(N.Offset, "cdiv() takes 2 arguments");
    if (!nonZero(Args[1], N.Kids[1]->Start))
      return nullptr;
    return Ctx.ceilDiv(Args[0], Args[1]);
  }
  return fail(N.Offset, "unknown function '" + Name + "'");
}

const Expr *Parser::build(const Node &N) {
  if (N.Kind == Node::Number)
    return Ctx.constant(N.Value);
  if (N.Kind == Node::Symbol)
    return Ctx.symbol(N.Name);
  if (N.Kind == Node::Call)
    return buildCall(N);
  if (N.Kind == Node::Pow) {
    const Expr *Base = build(*N.Kids[0]);
    std::optional<int64_t> K;
    if (!Base || !(K = buildExponent(*N.Kids[1], Base)))
      return nullptr;
    return Ctx.pow(Base, *K);
  }
  const Expr *L = build(*N.Kids[0]);
  if (!L)
    return nullptr;
  if (N.Kind == Node::Neg)
    return Ctx.neg(L);
  if (N.Kind == Node::Div)
    return divide(L, *N.Kids[1], N.Offset);
  const Expr *R = build(*N.Kids[1]);
  if (!R)
    return nullptr;
  switch (N.Kind) {
  case Node::Add:
    return Ctx.add(L, R);
  case Node::Sub:
    return Ctx.sub(L, R);
  case Node::Mul:
    return Ctx.mul(L, R);
  case Node::FloorDiv:
    return nonZero(R, N.Offset) ? Ctx.floorDiv(L, R) : nullptr;
  case Node::Mod:
    if (!nonZero(R, N.Offset))
      return nullptr;
    return Ctx.sub(L, Ctx.mul(R, Ctx.floorDiv(L, R)));
  default:
    llvm_unreachable("handled above");
  }
}

Expected<const Expr *> parse(StringRef Text, ExprContext &Ctx) {
  if (const Expr *Known = Ctx.lookupParsed(Text))
    return Known;
  Expected<const Expr *> E = Parser(Text, Ctx).run();
  if (E && *E)
    Ctx.rememberParsed(Text, *E);
  return E;
}

const Expr *parseFormula(StringRef Text, ExprContext &Ctx) {
  if (Text.empty() || Text == "unknown")
    return nullptr;
  Expected<const Expr *> E = parse(Text, Ctx);
  if (!E) {
    consumeError(E.takeError());
    return nullptr;
  }
  return *E;
}

} // namespace modcost::sym
