//===- CallKey.cpp - The key that memoizes a composite call's report ------===//

#include "modcost/Transforms/CallKey.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace modcost {

std::string callText(const CompositeRef &C) {
  std::string S = "${" + C.Callee + "}(";
  for (size_t I = 0; I < C.Params.size(); ++I)
    S += (I ? ", " : "") + C.Params[I].first + "=" + C.Params[I].second;
  return S + ")";
}

/// Appends \p Cost's formulas (what a report prints of it) to \p Out.
static void appendCost(const OpCost &Cost, std::string &Out) {
  for (const sym::Expr *E :
       {Cost.Flops, Cost.MatmulFlops, Cost.Read, Cost.Write})
    Out += (E ? E->str() : std::string("?")) + "\x1f";
  Out += Cost.Free ? "F" : "-";
  Out += Cost.MatmulUnknown ? "M" : "-";
}

uint64_t CallKeys::fingerprint(const CalleeBody &B) {
  auto It = Cache.find(&B);
  if (It != Cache.end())
    return It->second;
  std::string S;
  for (const KernelEntry &E : B.Kernels) {
    S += "\x1e" + std::to_string(E.Line) + ":" + std::to_string(E.EndLine) +
         "\x1f" + E.Code + "\x1f" + (E.Times ? E.Times->str() : "") + "\x1f";
    for (const KernelOp &Op : E.Ops) {
      S += "\x1dop\x1f" + Op.Name + "\x1f" + Op.Detail + "\x1f" + Op.Provider +
           (Op.Unknown ? "\x1fU" : "\x1fK");
      appendCost(Op.Cost, S);
    }
    for (const CompositeRef &C : E.Refs) {
      S += "\x1dref\x1f" + callText(C) + "\x1f" +
           (C.Times ? C.Times->str() : "") + "\x1f";
      appendCost(C.Cost, S);
      for (const std::string &U : C.UnknownOps)
        S += "\x1f" + U;
      if (C.Body)
        S += "\x1f" + utohexstr(fingerprint(*C.Body));
    }
  }
  uint64_t H = xxh3_64bits(S);
  Cache[&B] = H;
  return H;
}

std::string CallKeys::key(const CompositeRef &C) {
  std::string K = callText(C);
  if (C.Body)
    K += "#" + utohexstr(fingerprint(*C.Body));
  return K;
}

} // namespace modcost
