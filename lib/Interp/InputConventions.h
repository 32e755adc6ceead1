//===- InputConventions.h - A module's input convention by its MRO -*- C++
//-*-===//
///
/// \file
/// `[input_shape]` conventions are given per class (`Conv2d.input`): a
/// subclass that keeps its base's forward input (`WeightStandardizedConv2d`
/// of `nn.Conv2d`, `BitGroupNormActivation` of `nn.GroupNorm`) takes the
/// convention of the first class on its MRO that has one.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_INPUTCONVENTIONS_H
#define MODCOST_LIB_INTERP_INPUTCONVENTIONS_H

#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Interp/Value.h"

namespace modcost {

/// The short name of a qualified class name (`torch.nn.Conv2d` ->
/// `Conv2d`).
inline llvm::StringRef shortClassName(llvm::StringRef Qualified) {
  llvm::StringRef Short = Qualified.rsplit('.').second;
  return Short.empty() ? Qualified : Short;
}

/// The class on \p O's MRO (itself first) whose short name has an
/// `[input_shape]` convention for its parameter \p Param; \p O's own class
/// when none has.
inline std::string conventionClass(const InferenceProfile &Profile,
                                   const ObjectState &O,
                                   llvm::StringRef Param) {
  for (const std::string &C : O.MRO)
    if (Profile.get("input_shape", shortClassName(C).str() + "." + Param.str()))
      return C;
  return O.ClassName;
}

/// The `[input_shape]` convention a module \p O gives its forward()
/// parameter \p Param: `Class.param` for the first class on its MRO that
/// has one; for the first parameter (\p First), else the one convention of
/// the first class on the MRO that has a single one (a subclass that
/// renames `input` to `hidden_state`). Null when none applies.
inline const ProfileEntry *classConvention(const InferenceProfile &Profile,
                                           const ObjectState &O,
                                           llvm::StringRef Param, bool First) {
  for (const std::string &C : O.MRO)
    if (const ProfileEntry *E = Profile.get(
            "input_shape", shortClassName(C).str() + "." + Param.str()))
      return E;
  auto Sec = Profile.entries().find("input_shape");
  if (!First || Sec == Profile.entries().end())
    return nullptr;
  for (const std::string &C : O.MRO) {
    std::string Prefix = shortClassName(C).str() + ".";
    const ProfileEntry *Only = nullptr;
    unsigned Count = 0;
    for (const auto &[Key, E] : Sec->second)
      if (llvm::StringRef(Key).starts_with(Prefix) &&
          !llvm::StringRef(Key).contains('@')) {
        Only = &E;
        ++Count;
      }
    if (Count == 1)
      return Only;
  }
  return nullptr;
}

} // namespace modcost

#endif // MODCOST_LIB_INTERP_INPUTCONVENTIONS_H
