//===- ContainerUses.h - Modules of self an input reaches -------*- C++ -*-===//
///
/// \file
/// The submodules an input's first consumer can be (InputInference.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_CONTAINERUSES_H
#define MODCOST_LIB_INTERP_CONTAINERUSES_H

#include "modcost/IR/PyIR.h"
#include "modcost/Interp/Value.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace modcost {

/// `self.ATTR`.
bool isSelfAttr(const Expr &E);

/// `self.ATTR[K]` with K an integer literal: a module of a container.
bool isSelfItem(const Expr &E);

/// The module `self.ATTR[K]` names on \p Self (a ModuleList's, a
/// Sequential's or a list's item K), or null.
const ObjectState *selfItem(const Expr &E, const ObjectState &Self);

/// The first module of \p Items past those \p KeepsShape holds for (a
/// pre-activation block's leading ReLU or norm passes its input on
/// unchanged), else the first one; null when it is no module.
const ObjectState *
firstShapingModule(llvm::ArrayRef<Value> Items,
                   llvm::function_ref<bool(const ObjectState &)> KeepsShape);

/// The module of the container a `for M in self.ATTR` (or `for M in
/// self`, in a container's own forward; or `for i, M in enumerate(...)`)
/// statement \p S iterates that first shapes the input (see
/// firstShapingModule), or null; \p Var is set to M. ATTR may be a module
/// container or a plain list of modules (`self.layers = [nn.Linear(...),
/// act]`, kept as a Sequential would).
const ObjectState *
loopModule(const Stmt &S, const ObjectState *Self, llvm::StringRef &Var,
           llvm::function_ref<bool(const ObjectState &)> KeepsShape);

/// True if \p S is a `for` over a container of self that holds nothing
/// (`for layer in self.downsampling_layer` of a stage that does not
/// downsample): its body never runs.
bool loopsOverNothing(const Stmt &S, const ObjectState *Self);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_CONTAINERUSES_H
