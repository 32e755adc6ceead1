//===- Expr.h - Uniqued symbolic expressions --------------------*- C++ -*-===//
///
/// \file
/// Symbolic cost formulas such as `2 * batch_size * seq_len * hidden_size *
/// intermediate_size`, in the spirit of LLVM's ScalarEvolution: an
/// ExprContext owns every expression and hash-conses them, so two formulas
/// that are equal in canonical form are the same `const Expr *`.
///
/// Canonical form. Every expression is a Laurent polynomial with exact
/// rational coefficients over *atoms*: named symbols (which denote integers,
/// such as tensor dimensions), `floor(n / d)`, `ceil(n / d)`, `max(...)`,
/// `min(...)`, and, only under a negative exponent, a sum that could not be
/// divided out (`x / (a + b)`). Constructors fold on construction: products
/// are distributed over sums, like monomials are merged, exponents of equal
/// atoms add up (so `hidden_size / num_heads * num_heads` is `hidden_size`),
/// and constants fold exactly with unbounded precision.
///
/// Node shapes (see ExprKind): a sum is an Add of two or more terms; a term
/// is a Constant, an atom, a Pow of an atom, or a Mul whose optional first
/// operand is a Constant coefficient other than 1 followed by atoms and Pows.
///
/// Variable order. Symbols sort by StandardSymbols.def (batch_size, seq_len,
/// ...), then other symbols alphabetically; every other atom sorts after all
/// symbols, by its printed text. Factors of a term print in this order.
///
/// Term order. Terms of a sum are sorted by total degree (the sum of the
/// exponents, every atom counting as degree one), highest first; ties go to
/// the term with the larger exponent at the first atom, in variable order,
/// where the two terms differ. A constant is a degree-0 term, so `x + 1`,
/// `x / y + 1` but `x + 1 + 1 / y`.
///
/// Printing (parse() reads all of it back to the same pointer):
///   - `2 * batch_size * seq_len`: coefficient first, a coefficient 1 omitted;
///   - `x - 2 * y`, `-x + y`: negative terms with ` - `;
///   - `x^2`; negative exponents as division: `hidden_size / num_heads`,
///     `3 * x / (2 * y^2)` (parentheses when the divisor has several factors);
///   - rational coefficients as division `x / 2`, `3 * x / 2`; a rational
///     constant on its own as `3/2`;
///   - `floor((H - k + 2 * p) / s)`, `ceil(seq_len / 64)`, `max(a, b, 1)`.
///
/// Sums as divisors. Division by a sum first tries exact polynomial division;
/// otherwise the sum, normalized to coprime integer coefficients with a
/// positive leading term, becomes an atom with a negative exponent. A later
/// product with a polynomial it divides cancels it (`x / (a + b) * (a + b)`
/// is `x`), but sums are not brought over a common denominator and no
/// polynomial factorization is attempted, so such quotients are canonical
/// only up to those rewritings (`x / (a + b)^2` is not `x / (a^2 + 2 * a * b
/// + b^2)`). Formulas whose divisors are monomials, the usual case for cost
/// models, are fully canonical. Atoms are independent variables: identities
/// between them (`max(x, y) >= x`) are used only at construction.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SYMBOLIC_EXPR_H
#define MODCOST_SYMBOLIC_EXPR_H

#include "modcost/Symbolic/Rational.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace modcost::sym {

class ExprContext;

/// The node kinds. Symbol, FloorDiv, CeilDiv, Max and Min are atoms.
enum class ExprKind : uint8_t {
  Constant, ///< An exact rational number.
  Symbol,   ///< A named integer such as `batch_size`.
  Add,      ///< A sum of two or more terms, in term order.
  Mul,      ///< [coefficient,] factor, factor...: a term with several parts.
  Pow,      ///< A power (not 0 or 1) of an atom, or negative of a sum.
  FloorDiv, ///< floor(numerator / denominator); operands {N, D}.
  CeilDiv,  ///< ceil(numerator / denominator); operands {N, D}.
  Max,      ///< The maximum of two or more operands, in canonical order.
  Min,      ///< The minimum of two or more operands, in canonical order.
};

/// A uniqued, immutable symbolic expression. Compare with `==` on pointers.
class Expr : public llvm::FoldingSetNode {
public:
  /// Not copyable: identity is the uniqued pointer.
  Expr(const Expr &) = delete;
  /// Not assignable.
  Expr &operator=(const Expr &) = delete;
  /// Destroyed only by the owning ExprContext.
  ~Expr();

  /// The node kind.
  ExprKind getKind() const { return Kind; }
  /// The context that owns this expression.
  ExprContext &getContext() const { return *Ctx; }

  /// True for a Constant.
  bool isConstant() const { return Kind == ExprKind::Constant; }
  /// True for a Symbol.
  bool isSymbol() const { return Kind == ExprKind::Symbol; }
  /// True for the constant 0.
  bool isZero() const { return isConstant() && Value.isZero(); }
  /// True for the constant 1.
  bool isOne() const { return isConstant() && Value.isOne(); }
  /// True for Symbol, FloorDiv, CeilDiv, Max and Min: the variables of the
  /// polynomial form.
  bool isAtom() const;
  /// True if the value is known to be an integer (symbols are integers).
  bool isIntegral() const { return Integral; }

  /// The value of a Constant.
  const Rational &getConstantValue() const;
  /// The name of a Symbol.
  llvm::StringRef getName() const;
  /// The base atom of a Pow.
  const Expr *getBase() const;
  /// The exponent of a Pow.
  int64_t getExponent() const;
  /// The numerator of a FloorDiv or CeilDiv.
  const Expr *getNumerator() const;
  /// The denominator of a FloorDiv or CeilDiv (1 if it has none).
  const Expr *getDenominator() const;

  /// The children, with the meaning described at ExprKind.
  llvm::ArrayRef<const Expr *> operands() const { return Ops; }
  /// The number of children.
  unsigned getNumOperands() const { return Ops.size(); }
  /// The child at \p I.
  const Expr *getOperand(unsigned I) const { return Ops[I]; }

  /// Prints the canonical text (see the file comment).
  void print(llvm::raw_ostream &OS) const;
  /// The canonical text.
  std::string str() const { return text(); }
  /// Prints to llvm::dbgs() with a newline.
  LLVM_DUMP_METHOD void dump() const;
  /// FoldingSet support.
  void Profile(llvm::FoldingSetNodeID &ID) const;

private:
  friend class ExprContext;
  friend bool canonicalLess(const Expr *A, const Expr *B);
  Expr(ExprContext &Ctx, ExprKind Kind, llvm::ArrayRef<const Expr *> Ops,
       Rational Value, llvm::StringRef Name, int64_t Exponent);
  const std::string &text() const;

  ExprContext *Ctx;
  ExprKind Kind;
  bool Integral = false;
  int StdRank = -1;
  int64_t Exponent = 0;
  Rational Value;
  std::string Name;
  llvm::SmallVector<const Expr *, 2> Ops;
  mutable std::string Text;
  mutable bool HasText = false;
};

/// Prints \p E.
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Expr &E);

/// The canonical total order: standard symbols by rank, other symbols by
/// name, other non-constant expressions by printed text, constants last by
/// value. Used for factors, Max/Min operands and freeSymbols().
bool canonicalLess(const Expr *A, const Expr *B);

/// Symbol name to replacement expression, for substitute().
using SubstitutionMap = std::map<std::string, const Expr *>;
/// Symbol name to value, for evaluate().
using ValueMap = std::map<std::string, Rational>;

/// Owns and uniques expressions. Every constructor returns the canonical
/// (folded) expression; operands must come from the same context.
class ExprContext {
public:
  /// An empty context (holding only the constants 0 and 1).
  ExprContext();
  /// Frees every expression of the context.
  ~ExprContext();
  /// Not copyable: expressions point to their context.
  ExprContext(const ExprContext &) = delete;
  /// Not assignable.
  ExprContext &operator=(const ExprContext &) = delete;

  /// The integer constant \p V.
  const Expr *constant(int64_t V);
  /// The rational constant \p Num / \p Den (\p Den != 0).
  const Expr *constant(int64_t Num, int64_t Den);
  /// The constant \p V.
  const Expr *constant(const Rational &V);
  /// The symbol \p Name; it should be an identifier ([A-Za-z_][A-Za-z0-9_.]*)
  /// for printing to round-trip.
  const Expr *symbol(llvm::StringRef Name);
  /// The constant 0.
  const Expr *getZero() const { return Zero; }
  /// The constant 1.
  const Expr *getOne() const { return One; }

  /// A + B.
  const Expr *add(const Expr *A, const Expr *B);
  /// The sum of \p Ops (0 if empty).
  const Expr *add(llvm::ArrayRef<const Expr *> Ops);
  /// A - B.
  const Expr *sub(const Expr *A, const Expr *B);
  /// -A.
  const Expr *neg(const Expr *A);
  /// A * B, distributed over sums.
  const Expr *mul(const Expr *A, const Expr *B);
  /// The product of \p Ops (1 if empty).
  const Expr *mul(llvm::ArrayRef<const Expr *> Ops);
  /// Exact division A / B. A monomial or constant divisor divides every term
  /// (`x / 2` is `1/2 * x`, `(h * d) / d` is `h`, `h / n` is `h * n^-1`); a
  /// sum is divided out polynomially when it divides \p A, else it becomes
  /// an atom with exponent -1. \p B must not be the constant 0.
  const Expr *div(const Expr *A, const Expr *B);
  /// A / B if \p B is a monomial, or a sum that divides \p A as a polynomial;
  /// nullptr otherwise (and for B = 0).
  const Expr *divideExactly(const Expr *A, const Expr *B);
  /// \p A raised to \p N; sums are expanded for N > 0. \p A must not be 0
  /// if N < 0.
  const Expr *pow(const Expr *A, int64_t N);
  /// floor(A / B): folds constants and integral quotients (`floor(2 * x / 2)`
  /// is `x`), else an atom. \p B must not be 0.
  const Expr *floorDiv(const Expr *A, const Expr *B);
  /// ceil(A / B), folded like floorDiv(). \p B must not be 0.
  const Expr *ceilDiv(const Expr *A, const Expr *B);
  /// max(A, B).
  const Expr *max(const Expr *A, const Expr *B);
  /// The maximum of \p Ops (nonempty). Nested maxima are flattened, equal
  /// operands dropped, constants folded, and an operand dropped if it
  /// differs from another by a constant in the losing direction.
  const Expr *max(llvm::ArrayRef<const Expr *> Ops);
  /// min(A, B).
  const Expr *min(const Expr *A, const Expr *B);
  /// The minimum of \p Ops (nonempty), folded like max().
  const Expr *min(llvm::ArrayRef<const Expr *> Ops);

  /// Replaces the symbols named in \p Map and refolds. Fails only if a
  /// divisor or a base with a negative exponent becomes 0.
  llvm::Expected<const Expr *> substitute(const Expr *E,
                                          const SubstitutionMap &Map);

  /// The number of distinct expressions created so far.
  size_t getNumExprs() const;

  /// What \p Text parsed to before in this context (sym::parse), or null.
  const Expr *lookupParsed(llvm::StringRef Text) const;

  /// Remembers that \p Text parses to \p E: expressions are uniqued, so a
  /// formula read again (reports re-read their children's formulas) is the
  /// same node.
  void rememberParsed(llvm::StringRef Text, const Expr *E);

private:
  struct Impl;
  const Expr *uniqueNode(ExprKind Kind, llvm::ArrayRef<const Expr *> Ops,
                         const Rational &Value = Rational(),
                         llvm::StringRef Name = {}, int64_t Exponent = 0);
  std::unique_ptr<Impl> P;
  const Expr *Zero = nullptr;
  const Expr *One = nullptr;
};

/// One factor of a term: \c Base (an atom, or a sum under a negative
/// exponent) raised to \c Exponent (never 0).
struct Factor {
  const Expr *Base; ///< The atom (or sum).
  int64_t Exponent; ///< The integer exponent.
};

/// One term of the polynomial form: Coefficient times the product of the
/// factors (in variable order; empty for the constant term).
struct Term {
  Rational Coefficient;                 ///< Never 0.
  llvm::SmallVector<Factor, 4> Factors; ///< Distinct bases, variable order.
};

/// The terms of \p E in term order (none for 0).
llvm::SmallVector<Term, 4> terms(const Expr *E);

/// Replaces symbols in \p E (see ExprContext::substitute()).
llvm::Expected<const Expr *> substitute(const Expr *E,
                                        const SubstitutionMap &Map);

/// The integer \p E is, if it is an integer constant that fits in 64 bits.
std::optional<int64_t> integerValue(const Expr *E);

/// The names of the symbols occurring in \p E, each once, in the standard
/// variable order. The names live as long as the context.
std::vector<llvm::StringRef> freeSymbols(const Expr *E);

/// Evaluates \p E exactly with the symbol values in \p Env. Fails naming the
/// unbound symbols if any free symbol has no value, or on division by zero.
llvm::Expected<Rational> evaluate(const Expr *E, const ValueMap &Env);

} // namespace modcost::sym

#endif // MODCOST_SYMBOLIC_EXPR_H
