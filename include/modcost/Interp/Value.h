//===- Value.h - Abstract values of the partial evaluator -------*- C++ -*-===//
///
/// \file
/// What the partial evaluator knows about a Python value: a constant, a
/// tensor (with its rank when known), an object built by a constructor
/// whose attributes were evaluated, a reference to a function or class, a
/// named symbolic integer, or nothing (Unknown). Every value carries `Why`,
/// a short provenance string, so a decision can say which facts made it.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_VALUE_H
#define MODCOST_INTERP_VALUE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modcost {

class PyModule;
class ClassDef;
namespace sym {
class Expr;
} // namespace sym

/// Three-valued truth.
enum class Truth { False, True, Unknown };

/// The kinds of abstract value.
enum class ValueKind {
  Unknown,  ///< Nothing is known.
  None,     ///< Python None.
  Bool,     ///< A known bool.
  Int,      ///< A known integer.
  Float,    ///< A known float.
  Str,      ///< A string; exact unless StrExact is false (then only known
            ///< to be non-empty).
  Tuple,    ///< A tuple or list of known length; Elems.
  Dict,     ///< A dict with string keys; Keys/Elems.
  Tensor,   ///< A tensor; Rank if known (-1 otherwise).
  Object,   ///< An instance whose constructor was evaluated; Obj.
  Callable, ///< A function or class; Name is its qualified name.
  Module,   ///< A Python module; Name is its dotted name.
  Symbol,   ///< An opaque integer quantity; Name identifies it.
  DType,    ///< A tensor dtype; Name (`a_dtype` for activations, ...).
};

struct ObjectState;

/// What a tensor held by a module is: model weights (`nn.Parameter`,
/// `register_parameter`), registered state (`register_buffer`), or neither.
/// The parameter count (docs/ModuleTree.md) reads it.
enum class TensorRole : uint8_t { Other, Parameter, Buffer };

/// An abstract Python value.
struct Value {
  ValueKind Kind = ValueKind::Unknown;
  bool B = false;
  int64_t I = 0;
  double F = 0;
  /// Str content, Callable/Module/Symbol/DType name.
  std::string Name;
  bool StrExact = true;
  /// For Callable: true if it names a class.
  bool IsClass = false;
  int Rank = -1;
  /// For Symbol: a known lower bound (`cache_len >= 1` while decoding).
  std::optional<int64_t> MinValue;
  /// For Symbol: the integer quantity as a symbolic expression (null if the
  /// quantity is opaque).
  const sym::Expr *Sym = nullptr;
  /// For Symbol: a float quantity, made by a true division or a float
  /// factor (`in_dim * 0.25`): int() rounds it, torch.tensor of it is
  /// float32.
  bool Fractional = false;
  /// For Tensor: the dimensions when the shape is known (each may be null
  /// for an unknown extent); empty with Rank -1 when unknown.
  std::vector<const sym::Expr *> Dims;
  bool DimsKnown = false;
  /// A forward() input with no shape convention and no consumer that
  /// implies one: it takes the shape of the first tensor it is combined
  /// with element-wise (`hidden_states + input_tensor`).
  bool ShapeFromPartner = false;
  /// For Tensor: bytes per element, a symbol name (`a_bytes`, `w_bytes`)
  /// or a literal size (`4` after `.float()`).
  std::string Bytes = "a_bytes";
  /// For Tensor: false after a view that breaks contiguity (transpose,
  /// permute, expand, some slices). As torch, the strides of size-1
  /// dimensions do not count (TensorLayout.h).
  bool Contiguous = true;
  /// For a strided Tensor that is a permutation of a dense buffer (a
  /// permute or transpose of a contiguous tensor): the memory rank of each
  /// dimension, 0 the outermost. Empty when the strides are not known that
  /// precisely (expand, slices, chunks) or the tensor is contiguous.
  std::vector<uint8_t> Order;
  /// For Tensor: a parameter, a buffer, or neither.
  TensorRole Role = TensorRole::Other;
  /// For Tensor: the value of every element, when stated (an input given
  /// by `input_value`, e.g. sequence lengths that fill the time axis); kept
  /// by views and by max/min over all elements, read by `.item()`.
  const sym::Expr *Fill = nullptr;
  /// For Tensor: every element is an index in [0, IndexBound), the result
  /// of `nonzero()`, `argmax`, `topk`, `torch.where(mask)` or
  /// `arange(n)` over an extent of that size (null if not known); kept by
  /// views, indexing, iteration and integer casts. For Symbol: the index
  /// of a loop over `range(n)` (or `range(lo, n)`, lo >= 0), in [0, n).
  /// A comparison with a number or size at or past the bound is decided
  /// (IndexBounds.cpp).
  const sym::Expr *IndexBound = nullptr;
  /// For a bool Tensor: the number of its true elements, when known (`~m`
  /// of a mask whose count is known or taken by convention). Indexing by a
  /// mask selects that many elements (TensorIndexing.cpp).
  const sym::Expr *TrueCount = nullptr;
  /// For Unknown: known not to be callable (a function, a class or an
  /// object with `__call__`), though its value is not known: the result of
  /// a comparison that was not decided (a bool, or a tensor when an operand
  /// may be one), or a join of values that are not callable. `callable(x)`
  /// of it is False (BuiltinsIsinstance.cpp).
  bool NotCallable = false;
  /// The value was stored on a config object by the code
  /// (`decoder_config.is_decoder = True`): copied from there onto a module
  /// (`self.is_decoder = config.is_decoder`), it still outranks the
  /// profile's fact of that name.
  bool SetOnConfig = false;
  /// For Bool: decided by a convention of the profile's phase (a prefill
  /// sequence has at least two tokens), not by the code: a branch it would
  /// take that raises yields to the rule that a run takes no such branch.
  bool ByConvention = false;
  /// Drawn at random (`torch.rand`), its value the expectation: kept by
  /// `.item()`; a comparison with it is never decided.
  bool RandomDraw = false;
  /// For Unknown: a `torch.Size` of unknown length (a forward() input
  /// annotated so): unpacked into N names (`batch_size, _, height, width =
  /// shape`), it is N size symbols named by them (Statements.cpp).
  bool SizeOfUnknownLength = false;
  /// Tuple, Dict: the elements. For Unknown: the module objects a join of
  /// different modules could be (`DropPath(p) if p > 0 else Identity()`
  /// under an undecided condition); ModuleAlternatives.cpp calls them.
  std::vector<Value> Elems;
  std::vector<std::string> Keys;
  std::shared_ptr<ObjectState> Obj;
  /// Where the value came from (a profile fact, a default, an __init__ line).
  std::string Why;

  static Value unknown(llvm::StringRef Why = "") {
    Value V;
    V.Why = Why.str();
    return V;
  }
  static Value none(llvm::StringRef Why = "");
  static Value boolean(bool B, llvm::StringRef Why = "");
  static Value integer(int64_t I, llvm::StringRef Why = "");
  static Value floating(double F, llvm::StringRef Why = "");
  static Value string(llvm::StringRef S, llvm::StringRef Why = "");
  static Value tensor(int Rank, llvm::StringRef Why = "");
  static Value callable(llvm::StringRef Name, bool IsClass,
                        llvm::StringRef Why = "");
  static Value module(llvm::StringRef Name, llvm::StringRef Why = "");
  static Value symbol(llvm::StringRef Name, llvm::StringRef Why = "");
  static Value dtype(llvm::StringRef Name, llvm::StringRef Why = "");
  static Value tuple(std::vector<Value> Elems, llvm::StringRef Why = "");
  /// For Tuple: with RepeatCount set, Elems holds one representative of a
  /// list of that symbolic length (`[Layer(c, i) for i in range(n)]`).
  const sym::Expr *RepeatCount = nullptr;
  /// For Tuple with RepeatCount: when not empty, a list whose elements
  /// differ by index, in runs of alike ones (LayerSegments.cpp): Elems[I]
  /// stands for Segments[I] consecutive elements; the sum is RepeatCount.
  std::vector<const sym::Expr *> Segments;
  /// For Tuple with Segments: when not 0, the elements differ by their
  /// index modulo this stride instead (a pattern repeating every stride
  /// layers, LayerSegments.cpp): Elems[I] stands for the Segments[I]
  /// elements whose index is I modulo the stride, one per segment.
  int64_t SegmentStride = 0;
  /// For a Tuple with SegmentStride, how its elements repeat after the
  /// pattern's (`[i % 4] for i < num_layers`); empty otherwise.
  std::string strideSuffix() const;
  /// For Tuple: the identity of a Python list made by a list display
  /// (`masks = [rc_mask, query_mask]`, `rc_mask = []`; 0 for a tuple or a
  /// copy). Copies of the value are the same list: appending to one
  /// updates the others held in the same frame (ListAliases.cpp).
  unsigned ListId = 0;
  /// For Tuple with RepeatCount, made by a list comprehension over a
  /// symbolic-length `range()` (`[f(i) for i in range(n)]`, a config's
  /// per-layer `layer_types`): the index of that comprehension in
  /// Evaluator::ElementRecipes, which builds the element at a constant
  /// index (`config.layer_types[0]`); -1 if none.
  int ElementRecipe = -1;
  /// A tensor of known dimensions.
  static Value shaped(std::vector<const sym::Expr *> Dims,
                      llvm::StringRef Bytes = "a_bytes",
                      llvm::StringRef Why = "");
  /// An integer quantity given symbolically.
  static Value symbolic(const sym::Expr *E, llvm::StringRef Why = "");

  bool is(ValueKind K) const { return Kind == K; }
  bool isUnknown() const { return Kind == ValueKind::Unknown; }

  /// Python truthiness, if known.
  Truth truth() const;

  /// True if both are known to be the same value (or object); nullopt
  /// when that cannot be told.
  static std::optional<bool> equal(const Value &A, const Value &B);
  /// Whether the value is callable (Python's `callable`), decided from its
  /// kind alone; nullopt for an object (its class decides) or an Unknown
  /// that is not known to be NotCallable.
  static std::optional<bool> callableByKind(const Value &V);
  /// Python `is`, if known.
  static std::optional<bool> identical(const Value &A, const Value &B);

  /// The value both control-flow paths agree on (Unknown if they differ,
  /// except that truthiness is kept when both sides agree on it).
  static Value join(const Value &A, const Value &B);

  /// Short rendering for dumps (`False`, `'sdpa'`, `tensor(rank 3)`).
  std::string str() const;
};

/// The Name of a tensor whose identity is not known (one of two tensors
/// joined at a branch, the result of an unknown op): `is` against it is
/// undecided.
inline constexpr const char *UnknownIdentity = "%?";

/// An object built by evaluating a constructor.
struct ObjectState {
  /// Qualified class name and the qualified names on its MRO.
  std::string ClassName;
  std::vector<std::string> MRO;
  const PyModule *Mod = nullptr;
  const ClassDef *Class = nullptr;
  /// Attributes set by __init__ (and register_parameter/register_buffer).
  llvm::StringMap<Value> Attrs;
  /// Attribute names in the order they were first set (what
  /// `named_modules()` follows); kept by setAttr.
  std::vector<std::string> AttrOrder;
  /// Sets attribute \p Name, remembering the order of first assignment.
  void setAttr(llvm::StringRef Name, Value V) {
    auto [It, New] = Attrs.try_emplace(Name);
    if (New)
      AttrOrder.push_back(Name.str());
    It->second = std::move(V);
    DerivedMemo.clear();
    UnsetMemo.clear();
  }
  /// Removes attribute \p Name (`delattr`, `del m._parameters[name]`);
  /// false if it was not set.
  bool eraseAttr(llvm::StringRef Name) {
    if (!Attrs.erase(Name))
      return false;
    DerivedMemo.clear();
    UnsetMemo.clear();
    AttrOrder.erase(std::remove(AttrOrder.begin(), AttrOrder.end(), Name),
                    AttrOrder.end());
    return true;
  }
  /// For a torch module: the hooks registered by register_forward_pre_hook
  /// and register_forward_hook, in order (functions or callable objects);
  /// a module call runs them around forward() (docs/Expand.md).
  std::vector<Value> ForwardPreHooks, ForwardHooks;
  /// A configuration object: unknown attributes read as symbols.
  bool IsConfig = false;
  /// For a configuration object: the config class and its bases (most
  /// derived first) whose class-level defaults (`hidden_act: str = "silu"`)
  /// give the attributes config.json does not set.
  std::vector<std::pair<const PyModule *, const ClassDef *>> ConfigDefaults;
  /// For a configuration object: ConfigDefaults' class is the first of
  /// unrelated config classes its module imports, a guess (then no part
  /// of it is taken for the config on its own).
  bool ConfigClassGuessed = false;
  /// For a nested config (`config.vision_config`): where its keys are in
  /// config.json (`vision_config.`), and the prefix of its size symbols
  /// (`vision_`; empty for `text_config`, whose sizes are the model's).
  std::string ConfigPrefix, SymbolPrefix;
  /// For a configuration object: the attributes its config class derived
  /// (`Evaluator::configDerived`, null where the derivation gave nothing),
  /// valid until an attribute of the object changes (setAttr, eraseAttr).
  llvm::StringMap<std::optional<Value>> DerivedMemo;
  /// For a configuration object: why the config class's `__post_init__`
  /// leaves an attribute unset at the config's values (null where it sets
  /// it or nothing is known), valid like DerivedMemo.
  llvm::StringMap<std::optional<std::string>> UnsetMemo;
  /// A key/value cache passed as `past_key_values` (a DynamicCache).
  bool IsCache = false;
  /// For containers (nn.Sequential, nn.ModuleList): the submodules in
  /// order; with ItemsRepeat set, Items holds one representative of that
  /// many identical entries.
  std::vector<Value> Items;
  /// For containers: Items is all there is (built by the container's own
  /// constructor from known modules or from none, and extended by known
  /// ones), so an empty Items is an empty container.
  bool ItemsKnown = false;
  /// The names of Items (`conv0`, `denselayer1`, `0`; empty if unknown).
  std::vector<std::string> ItemNames;
  const sym::Expr *ItemsRepeat = nullptr;
  /// With ItemsRepeat: when not empty, Items[I] stands for ItemSegments[I]
  /// consecutive entries (a layer stack split by index, LayerSegments.cpp).
  std::vector<const sym::Expr *> ItemSegments;
  /// With ItemSegments: the stride of a stack split by index modulo it
  /// (Value::SegmentStride), 0 for runs of consecutive entries.
  int64_t ItemSegmentStride = 0;
  /// The constructor arguments as bound (non-default ones first), and the
  /// call that built it, for composite references.
  std::vector<std::pair<std::string, Value>> CtorArgs;
  std::string ConstructSite;
};

} // namespace modcost

#endif // MODCOST_INTERP_VALUE_H
