//===- OpRules.cpp - Cost rules for ops the catalog does not know --------===//

#include "modcost/Semantics/OpRules.h"

using namespace llvm;

namespace modcost {

OpRule::~OpRule() = default;

std::vector<const TensorDesc *> OpCall::tensors() const {
  std::vector<const TensorDesc *> Out;
  for (const OpOperand &O : Operands)
    if (O.IsTensor)
      Out.push_back(&O.Tensor);
  return Out;
}

const OpOperand *OpCall::positional(size_t I) const {
  size_t N = 0;
  for (const OpOperand &O : Operands)
    if (O.Keyword.empty() && N++ == I)
      return &O;
  return nullptr;
}

const OpOperand *OpCall::keyword(StringRef Name) const {
  for (const OpOperand &O : Operands)
    if (O.Keyword == Name)
      return &O;
  return nullptr;
}

StringRef OpCall::shortName() const {
  return StringRef(Callee).rsplit('.').second.empty()
             ? StringRef(Callee)
             : StringRef(Callee).rsplit('.').second;
}

bool calleeMatches(StringRef Callee, StringRef Pattern) {
  if (Pattern.empty())
    return false;
  if (Callee == Pattern)
    return true;
  return Callee.size() > Pattern.size() && Callee.ends_with(Pattern) &&
         Callee[Callee.size() - Pattern.size() - 1] == '.';
}

namespace {

/// A rule given as two functions.
class FunctionOpRule : public OpRule {
public:
  FunctionOpRule(std::string Description, OpPredicate Pred, OpRuleFn Fn)
      : Description(std::move(Description)), Pred(std::move(Pred)),
        Fn(std::move(Fn)) {}
  bool matches(const OpCall &Call) const override { return Pred(Call); }
  Expected<OpRuleResult> apply(const OpCall &Call,
                               sym::ExprContext &Ctx) const override {
    return Fn(Call, Ctx);
  }
  std::string describe() const override { return Description; }

private:
  std::string Description;
  OpPredicate Pred;
  OpRuleFn Fn;
};

} // namespace

void OpRuleRegistry::add(std::unique_ptr<OpRule> Rule, StringRef Provider) {
  Entries.push_back({std::move(Rule), Provider.str()});
}

void OpRuleRegistry::addByName(StringRef Name, OpRuleFn Fn,
                               StringRef Provider) {
  std::string N = Name.str();
  add(std::make_unique<FunctionOpRule>(
          N, [N](const OpCall &C) { return calleeMatches(C.Callee, N); },
          std::move(Fn)),
      Provider);
}

void OpRuleRegistry::addByPredicate(StringRef Description, OpPredicate Pred,
                                    OpRuleFn Fn, StringRef Provider) {
  add(std::make_unique<FunctionOpRule>(Description.str(), std::move(Pred),
                                       std::move(Fn)),
      Provider);
}

const OpRuleRegistry::Entry *OpRuleRegistry::find(const OpCall &Call) const {
  for (auto It = Entries.rbegin(); It != Entries.rend(); ++It)
    if (It->Rule->matches(Call))
      return &*It;
  return nullptr;
}

} // namespace modcost
