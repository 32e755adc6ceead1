//===- FreeRankPins.h - Vectors along the last dimension -------*- C++ -*-===//
///
/// \file
/// The one-dimensional tensor attributes of a module that an input whose
/// rank nothing fixes may be combined with element-wise: broadcasting runs
/// them along its last dimension (FreeRankPins.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_FREERANKPINS_H
#define MODCOST_LIB_INTERP_FREERANKPINS_H

#include "modcost/IR/PyIR.h"
#include "modcost/Interp/Value.h"
#include "modcost/Symbolic/Expr.h"

namespace modcost {

/// The extent of the one-dimensional tensor attribute of \p Self that \p E
/// is, up to casts and arithmetic with numbers (`1.0 + self.weight.float()`);
/// null for anything else.
const sym::Expr *vectorExtent(const Expr &E, const ObjectState &Self);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_FREERANKPINS_H
