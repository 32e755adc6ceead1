//===- CacheState.cpp - The key/value cache's state in a phase ------------===//
///
/// \file
/// The `past_key_values` of the profile is a key/value cache whose state
/// follows the phase (docs/InferenceProfile.md): empty while prefilling,
/// holding `cache_len` tokens while decoding. An encoder-decoder cache
/// (transformers' `EncoderDecoderCache`) also records, per layer, whether
/// the cross-attention keys and values of the encoder output are already
/// stored (`is_updated`): while prefilling none is, so every
/// cross-attention layer projects the encoder output and stores it.
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

} // namespace modcost
