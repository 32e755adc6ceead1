//===- OpRulesFile.cpp - Declarative op cost rules (--op-rules) ----------===//
///
/// \file
/// Loads, checks and applies the JSON rules of `--op-rules`. Every check
/// happens at load time, so a rule that loaded can only fail on a call
/// whose operands do not fit it (too few tensors, another rank, unknown
/// extents), and that failure is reported at the call.
///
//===----------------------------------------------------------------------===//

#include "modcost/Semantics/OpRulesFile.h"
#include "modcost/Support/Error.h"
#include "modcost/Symbolic/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

#include <set>

using namespace llvm;

namespace modcost {

namespace {

/// One formula of a rule: its text, checked at load and parsed into the
/// caller's context at each call (its symbols are the local dim names).
struct Formula {
  std::string Text;
};

/// A rule read from a JSON file.
class DeclarativeOpRule : public OpRule {
public:
  std::string Callee, Note;
  /// Dimension names of each tensor operand (`_` for unnamed).
  std::vector<std::vector<std::string>> Operands;
  std::vector<std::vector<Formula>> Results;
  Formula Flops, MatmulFlops, Read, Write;

  bool matches(const OpCall &Call) const override {
    return calleeMatches(Call.Callee, Callee);
  }

  std::string describe() const override { return Callee; }

  Expected<OpRuleResult> apply(const OpCall &Call,
                               sym::ExprContext &Ctx) const override {
    std::vector<const TensorDesc *> Tensors = Call.tensors();
    if (Tensors.size() < Operands.size())
      return createStringError("the rule expects " + Twine(Operands.size()) +
                               " tensor operand(s), the call has " +
                               Twine(Tensors.size()));
    // Bind every named dimension to the call's actual extent, rebuilt in
    // the caller's context (parse of the printed form round-trips).
    sym::SubstitutionMap Map;
    for (size_t I = 0; I < Operands.size(); ++I) {
      const TensorDesc &T = *Tensors[I];
      if (!T.Known || T.Dims.size() != Operands[I].size())
        return createStringError(
            "tensor operand " + Twine(I) + " should have rank " +
            Twine(Operands[I].size()) +
            (T.Known ? ", it has rank " + Twine(T.Dims.size())
                     : Twine(", its shape is unknown")));
      for (size_t D = 0; D < T.Dims.size(); ++D) {
        const std::string &Name = Operands[I][D];
        if (Name == "_" || Map.count(Name))
          continue;
        if (!T.Dims[D])
          return createStringError("extent `" + Name + "` of operand " +
                                   Twine(I) + " is unknown");
        Map[Name] = T.Dims[D];
      }
    }
    auto Instantiate = [&](const Formula &F) -> Expected<const sym::Expr *> {
      // Re-create the formula in the caller's context, then substitute.
      Expected<const sym::Expr *> E = sym::parse(F.Text, Ctx);
      if (!E)
        return E.takeError();
      return sym::substitute(*E, Map);
    };
    OpRuleResult R;
    for (auto [Out, F] :
         {std::pair{&R.Cost.Flops, &Flops},
          std::pair{&R.Cost.MatmulFlops, &MatmulFlops},
          std::pair{&R.Cost.Read, &Read}, std::pair{&R.Cost.Write, &Write}}) {
      Expected<const sym::Expr *> E = Instantiate(*F);
      if (!E)
        return E.takeError();
      *Out = *E;
    }
    for (const std::vector<Formula> &Dims : Results) {
      TensorDesc T;
      T.Known = true;
      for (const Formula &F : Dims) {
        Expected<const sym::Expr *> E = Instantiate(F);
        if (!E)
          return E.takeError();
        T.Dims.push_back(*E);
      }
      R.Results.push_back(std::move(T));
    }
    R.Cost.Detail = "rule `" + Callee + "`: flops " + Flops.Text + ", read " +
                    Read.Text + ", write " + Write.Text;
    if (!Note.empty())
      R.Cost.Detail += " (" + Note + ")";
    return R;
  }
};

/// Checks one file, reporting at the right line and column.
class RulesFileReader {
public:
  RulesFileReader(StringRef Text, unsigned BufferID, DiagnosticEngine &Diags)
      : Text(Text), BufferID(BufferID), Diags(Diags) {}

  std::vector<std::unique_ptr<DeclarativeOpRule>> read();
  unsigned errors() const { return Errors; }

private:
  StringRef Text;
  unsigned BufferID;
  DiagnosticEngine &Diags;
  unsigned Errors = 0;

  void error(size_t Offset, const Twine &Msg) {
    Diags.report(BufferID, std::min(Offset, Text.size()), DiagLevel::Error,
                 Msg);
    ++Errors;
  }
  /// The offset of `"Key"` at or after \p From (\p From if absent).
  size_t findKey(StringRef Key, size_t From) const {
    size_t P = Text.find(("\"" + Key + "\"").str(), From);
    return P == StringRef::npos ? From : P;
  }
  /// The offset of the string value \p S at or after \p From.
  size_t findString(StringRef S, size_t From) const {
    std::string Quoted = nlohmann::json(S.str()).dump();
    size_t P = Text.find(Quoted, From);
    return P == StringRef::npos ? From : P;
  }
  bool parseFormula(const nlohmann::json &V, StringRef Where, StringRef Field,
                    size_t Anchor, const std::set<std::string> &Names,
                    sym::ExprContext &Ctx, Formula &Out);
  std::unique_ptr<DeclarativeOpRule> readRule(const nlohmann::json &R,
                                              size_t Index, size_t &Anchor);
};

bool RulesFileReader::parseFormula(const nlohmann::json &V, StringRef Where,
                                   StringRef Field, size_t Anchor,
                                   const std::set<std::string> &Names,
                                   sym::ExprContext &Ctx, Formula &Out) {
  size_t At = findKey(Field, Anchor);
  if (V.is_number_integer())
    Out.Text = std::to_string(V.get<int64_t>());
  else if (V.is_string())
    Out.Text = V.get<std::string>();
  else {
    error(At,
          Where + ": '" + Field + "' must be a formula string (or an integer)");
    return false;
  }
  size_t ValueAt = V.is_string() ? findString(Out.Text, At) + 1 : At;
  Expected<const sym::Expr *> E = sym::parse(Out.Text, Ctx);
  if (!E) {
    std::string Msg = (Where + ": in '" + Field + "': ").str();
    size_t Col = 0;
    handleAllErrors(
        E.takeError(),
        [&](const sym::ParseError &P) {
          Msg += P.getMessage();
          Col = P.getOffset();
        },
        [&](const ErrorInfoBase &I) { Msg += I.message(); });
    error(ValueAt + Col, Msg);
    return false;
  }
  for (StringRef S : sym::freeSymbols(*E))
    if (!Names.count(S.str()) && S != "a_bytes" && S != "w_bytes") {
      size_t Pos = StringRef(Out.Text).find(S);
      error(ValueAt + (Pos == StringRef::npos ? 0 : Pos),
            Where + ": in '" + Field + "': '" + S +
                "' is not a dimension named in 'operands' (nor a_bytes or "
                "w_bytes)");
      return false;
    }
  return true;
}

static bool isIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

std::unique_ptr<DeclarativeOpRule>
RulesFileReader::readRule(const nlohmann::json &R, size_t Index,
                          size_t &Anchor) {
  std::string Where = "rule " + std::to_string(Index);
  if (!R.is_object()) {
    error(Anchor, Where + " is not an object");
    return nullptr;
  }
  auto Rule = std::make_unique<DeclarativeOpRule>();
  // Anchor on this rule's callee, so keys are found inside the rule.
  if (auto C = R.find("callee"); C != R.end() && C->is_string()) {
    Anchor = findString(C->get<std::string>(), findKey("callee", Anchor));
    Rule->Callee = C->get<std::string>();
    SmallVector<StringRef, 6> Parts;
    StringRef(Rule->Callee).split(Parts, '.');
    if (!llvm::all_of(Parts, isIdentifier)) {
      error(Anchor, Where + ": 'callee' must be a dotted Python name, not '" +
                        Rule->Callee + "'");
      return nullptr;
    }
    Where = "rule for '" + Rule->Callee + "'";
  } else {
    error(Anchor, Where + ": 'callee' (a string) is required");
    return nullptr;
  }
  static const std::set<std::string> Known = {
      "callee",     "operands",    "results",      "flops",
      "read_bytes", "write_bytes", "matmul_flops", "note"};
  bool Ok = true;
  for (auto It = R.begin(); It != R.end(); ++It)
    if (!Known.count(It.key())) {
      error(findKey(It.key(), Anchor),
            Where + ": unknown key '" + It.key() +
                "' (expected callee, operands, results, flops, read_bytes, "
                "write_bytes, matmul_flops, note)");
      Ok = false;
    }
  std::set<std::string> Names;
  auto Ops = R.find("operands");
  if (Ops == R.end() || !Ops->is_array()) {
    error(Anchor, Where + ": 'operands' (a list of dimension-name lists) is "
                          "required");
    return nullptr;
  }
  for (const nlohmann::json &Op : *Ops) {
    std::vector<std::string> Dims;
    if (!Op.is_array()) {
      error(findKey("operands", Anchor),
            Where + ": each operand is a list of dimension names");
      return nullptr;
    }
    for (const nlohmann::json &D : Op) {
      if (!D.is_string() || !isIdentifier(D.get<std::string>())) {
        error(D.is_string() ? findString(D.get<std::string>(), Anchor)
                            : findKey("operands", Anchor),
              Where + ": dimension names are identifiers (or `_`), not " +
                  D.dump());
        return nullptr;
      }
      Dims.push_back(D.get<std::string>());
      if (Dims.back() != "_")
        Names.insert(Dims.back());
    }
    Rule->Operands.push_back(std::move(Dims));
  }
  for (StringRef Reserved : {"a_bytes", "w_bytes"})
    if (Names.count(Reserved.str())) {
      error(findString(Reserved, Anchor),
            Where + ": '" + Reserved + "' is reserved for the element size");
      return nullptr;
    }
  // Formulas are parsed here only to check them.
  sym::ExprContext Ctx;
  for (auto [Field, Out, Required] :
       {std::tuple{"flops", &Rule->Flops, true},
        std::tuple{"read_bytes", &Rule->Read, true},
        std::tuple{"write_bytes", &Rule->Write, true},
        std::tuple{"matmul_flops", &Rule->MatmulFlops, false}}) {
    auto It = R.find(Field);
    if (It == R.end()) {
      if (Required) {
        error(Anchor, Where + ": '" + Field + "' is required");
        Ok = false;
      } else {
        Out->Text = "0";
      }
      continue;
    }
    Ok &= parseFormula(*It, Where, Field, Anchor, Names, Ctx, *Out);
  }
  auto Res = R.find("results");
  if (Res == R.end() || !Res->is_array()) {
    error(Anchor, Where + ": 'results' (a list of result shapes, each a "
                          "list of dimension formulas) is required");
    return nullptr;
  }
  for (const nlohmann::json &Shape : *Res) {
    if (!Shape.is_array()) {
      error(findKey("results", Anchor),
            Where + ": each result is a list of dimension formulas");
      return nullptr;
    }
    std::vector<Formula> Dims;
    for (const nlohmann::json &D : Shape) {
      Formula F;
      Ok &= parseFormula(D, Where, "results", Anchor, Names, Ctx, F);
      Dims.push_back(F);
    }
    Rule->Results.push_back(std::move(Dims));
  }
  if (auto N = R.find("note"); N != R.end()) {
    if (!N->is_string()) {
      error(findKey("note", Anchor), Where + ": 'note' must be a string");
      Ok = false;
    } else {
      Rule->Note = N->get<std::string>();
    }
  }
  return Ok ? std::move(Rule) : nullptr;
}

std::vector<std::unique_ptr<DeclarativeOpRule>> RulesFileReader::read() {
  std::vector<std::unique_ptr<DeclarativeOpRule>> Out;
  nlohmann::json J;
  try {
    J = nlohmann::json::parse(Text.begin(), Text.end());
  } catch (const nlohmann::json::parse_error &E) {
    // E.byte is 1-based; past-the-end for a truncated file.
    error(E.byte ? E.byte - 1 : 0,
          "not valid JSON: " + StringRef(E.what()).rsplit(": ").second);
    return Out;
  }
  if (!J.is_object()) {
    error(0, "expected a JSON object with \"version\": 1 and \"rules\"");
    return Out;
  }
  for (auto It = J.begin(); It != J.end(); ++It)
    if (It.key() != "version" && It.key() != "rules")
      error(findKey(It.key(), 0), "unknown top-level key '" + It.key() +
                                      "' (expected version, rules)");
  auto V = J.find("version");
  if (V == J.end() || !V->is_number_integer() || V->get<int64_t>() != 1)
    error(findKey("version", 0),
          "'version' must be 1 (the only rules format so far)");
  auto Rules = J.find("rules");
  if (Rules == J.end() || !Rules->is_array()) {
    error(findKey("rules", 0), "'rules' (a list of rules) is required");
    return Out;
  }
  size_t Anchor = findKey("rules", 0);
  std::set<std::string> Seen;
  for (size_t I = 0; I < Rules->size(); ++I) {
    std::unique_ptr<DeclarativeOpRule> R = readRule((*Rules)[I], I, Anchor);
    if (!R)
      continue;
    if (!Seen.insert(R->Callee).second) {
      error(Anchor, "a second rule for '" + R->Callee + "'");
      continue;
    }
    Out.push_back(std::move(R));
  }
  return Out;
}

} // namespace

Error loadOpRulesFile(StringRef Path, OpRuleRegistry &Registry,
                      DiagnosticEngine &Diags) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Diags.report(DiagLevel::Error, "cannot read op rules '" + Path +
                                       "': " + Buf.getError().message());
    return makeDiagnosedError(FailureKind::InputError);
  }
  StringRef Text = (*Buf)->getBuffer();
  unsigned ID = Diags.addBuffer(MemoryBuffer::getMemBufferCopy(Text, Path));
  RulesFileReader Reader(Diags.getBufferText(ID), ID, Diags);
  std::vector<std::unique_ptr<DeclarativeOpRule>> Rules = Reader.read();
  if (Reader.errors())
    return makeDiagnosedError(FailureKind::InputError);
  for (std::unique_ptr<DeclarativeOpRule> &R : Rules)
    Registry.add(std::move(R), ("--op-rules " + Path).str());
  return Error::success();
}

} // namespace modcost
