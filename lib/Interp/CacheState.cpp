//===- CacheState.cpp - The key/value cache's state in a phase ------------===//
///
/// \file
/// The `past_key_values` of the profile is a key/value cache whose state
/// follows the phase (docs/InferenceProfile.md): empty while prefilling,
/// holding `cache_len` tokens while decoding. An encoder-decoder cache
/// (transformers' `EncoderDecoderCache`) also records, per layer, whether
/// the cross-attention keys and values of the encoder output are already
/// stored (`is_updated`): while prefilling none is, so every
/// cross-attention layer projects the encoder output and stores it. A
/// linear-attention layer's conv and recurrent states are stored per call
/// (`update_conv_state`, `update_recurrent_state`).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

std::optional<Value> Evaluator::cacheAttribute(const Value &Cache,
                                               StringRef Name) {
  const ProfileEntry *Phase = fact("phase");
  bool Prefill =
      Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "prefill";
  if (Name == "self_attention_cache" || Name == "cross_attention_cache") {
    // One cache object stands for both: it is updated the same way.
    Value C = Cache;
    C.Why = joinWhy(Cache.Why, "`" + Name.str() + "` of the cache");
    return C;
  }
  if (Name == "is_updated" && Prefill) {
    Value D;
    D.Kind = ValueKind::Dict;
    D.Why = "no cross-attention layer is stored in the cache yet while "
            "prefilling (profile facts.phase = 'prefill', " +
            Phase->Origin + ")";
    return D;
  }
  return std::nullopt;
}

Value Evaluator::cacheStateUpdate(StringRef Method, const CallArgs &Args) {
  const ProfileEntry *Phase = fact("phase");
  bool Known = Phase && Phase->Val.is(ValueKind::Str) &&
               (Phase->Val.Name == "prefill" || Phase->Val.Name == "decode");
  const Value *New = Args.Positional.empty() ? nullptr : &Args.Positional[0];
  if (!Known || !New || !New->is(ValueKind::Tensor) || !New->DimsKnown ||
      New->Dims.empty()) {
    noteUnknown("cache." + Method.str());
    return Value::tensor(-1, "the cache's `" + Method.str() +
                                 "` of an unknown state or phase");
  }
  std::string Spelling = "cache." + Method.str();
  if (Method == "update_recurrent_state") {
    noteOp("copy_", {*New}, *New, CostExtras(), Spelling);
    return *New;
  }
  // The conv state keeps the last conv_kernel_size columns.
  std::optional<Value> Kernel = Args.keyword("conv_kernel_size");
  const sym::Expr *K = Kernel ? dimExpr(*Kernel) : nullptr;
  if (!K) {
    noteUnknown(Spelling + " (its conv_kernel_size is not known)");
    return Value::tensor(-1, "the cache's conv state: its "
                             "conv_kernel_size is not known");
  }
  Value Stored = Value::shaped(New->Dims, New->Bytes);
  Stored.Dims.back() = K;
  if (Phase->Val.Name == "prefill") {
    noteOp("copy_", {Stored}, Stored, CostExtras(), Spelling);
    return *New;
  }
  Value Full = *New;
  Full.Dims.back() = New->Dims.back() ? Sym.add(K, New->Dims.back()) : nullptr;
  noteOp("cat", {Stored, *New}, Full, CostExtras(), Spelling);
  return Full;
}

} // namespace modcost
