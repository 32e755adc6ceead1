//===- ModuleTree.cpp - Parameters, memory and the module tree ------------===//
///
/// \file
/// Walks the objects `__init__` built (the unit's `self`) in the order
/// their attributes were set, as `named_modules()` does, counting the
/// parameter and buffer elements each holds; attributes every composite
/// call's cost to the module whose forward() it ran; and sums the key and
/// value tensors each `cache.update` appends, per token.
///
//===----------------------------------------------------------------------===//

#include "modcost/Transforms/ModuleTree.h"
#include "modcost/Interp/Evaluator.h"
#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/Parser.h"
#include "modcost/Transforms/CallKey.h"
#include "modcost/Transforms/Expand.h"

#include "llvm/ADT/StringExtras.h"

#include <set>

using namespace llvm;

namespace modcost {

static std::string text(const sym::Expr *E) { return E ? E->str() : "unknown"; }

/// True for instances of torch.nn.Module (what named_modules() visits).
static bool isModule(const ObjectState &O) {
  if (O.IsConfig || O.IsCache)
    return false;
  return llvm::any_of(O.MRO, [](StringRef N) {
    return N == "torch.nn.Module" || N.ends_with("nn.modules.module.Module");
  });
}

/// The element count of a tensor, or null when an extent is unknown.
static const sym::Expr *elements(const Value &T, sym::ExprContext &Sym) {
  if (!T.DimsKnown || llvm::is_contained(T.Dims, nullptr))
    return nullptr;
  return Sym.mul(ArrayRef<const sym::Expr *>(T.Dims));
}

/// The count of the segment named \p Name of a layer stack split by index
/// (null if \p O is none).
static const sym::Expr *segmentCount(const ObjectState &O, StringRef Name) {
  for (size_t I = 0; I < O.ItemSegments.size() && I < O.ItemNames.size(); ++I)
    if (O.ItemNames[I] == Name)
      return O.ItemSegments[I];
  return nullptr;
}

namespace {
/// Builds the rows and the memory summary of one unit.
class TreeBuilder {
public:
  TreeBuilder(UnitReport &R, const PruneResult &P,
              const InferenceProfile *Profile, unsigned MaxDepth)
      : R(R), P(P), Sym(*P.Sym), Profile(Profile), MaxDepth(MaxDepth) {
    KV = Sym.getZero();
  }

  void run() {
    collectCalls(P.Kernels, Sym.getOne());
    ModelMemory Mem;
    Memory = &Mem;
    Totals T = visit(*P.Self, "", 0, Sym.getOne(), {});
    foldSiblings(0);
    Mem.Params = text(T.Params);
    Mem.Buffers = text(T.Buffers);
    Mem.WeightBytes =
        T.Params ? Sym.mul(T.Params, Sym.symbol("w_bytes"))->str() : "unknown";
    // The unit row: its own forward() is the unit's totals.
    ModuleRow &U = R.ModuleTree.front();
    U.Flops = R.TotalFlops;
    U.Bytes = sumText(R.TotalRead, R.TotalWrite);
    if (!KVDerivation.empty()) {
      Mem.KVPerToken = KVPerTokenText();
      Mem.KVAtCacheLen = KVUnknown ? "unknown" : cacheAtLength()->str();
      Mem.KVDerivation = KVDerivation;
    }
    R.Memory = std::move(Mem);
  }

private:
  struct Totals {
    const sym::Expr *Params, *Buffers;
  };

  /// The cache at cache_len tokens. DynamicCache(config=...) gives the
  /// layers `layer_types` marks `sliding_attention` a sliding-window layer
  /// that keeps at most `sliding_window - 1` tokens (cache_utils.py), so
  /// their share of the per-token bytes is held for min(cache_len, W - 1).
  const sym::Expr *cacheAtLength() {
    const sym::Expr *Len = Sym.symbol("cache_len");
    const ProfileEntry *Types =
        Profile ? Profile->get("config", "layer_types") : nullptr;
    const ProfileEntry *Window =
        Profile ? Profile->get("config", "sliding_window") : nullptr;
    if (!Types || !Types->Val.is(ValueKind::Tuple) ||
        Types->Val.Elems.empty() || !Window ||
        !Window->Val.is(ValueKind::Int) || Window->Val.I < 1)
      return Sym.mul(KV, Len);
    int64_t N = Types->Val.Elems.size(), Sliding = 0;
    for (const Value &T : Types->Val.Elems)
      Sliding += T.is(ValueKind::Str) && T.Name == "sliding_attention";
    if (!Sliding)
      return Sym.mul(KV, Len);
    const sym::Expr *Kept =
        Sym.min(Len, Sym.constant(std::max<int64_t>(Window->Val.I - 1, 0)));
    KVDerivation.push_back(
        std::to_string(Sliding) + " of " + std::to_string(N) +
        " layers are sliding_attention (layer_types, " + Types->Origin +
        "): their cache keeps min(cache_len, sliding_window - 1) tokens");
    return Sym.add(Sym.mul({KV, Sym.constant(N - Sliding, N), Len}),
                   Sym.mul({KV, Sym.constant(Sliding, N), Kept}));
  }

  std::string KVPerTokenText() const {
    return KVUnknown ? "unknown" : KV->str();
  }

  std::string sumText(StringRef A, StringRef B) {
    if (A == "unknown" || B == "unknown" || A.empty() || B.empty())
      return "unknown";
    return Sym.add(parsed(A), parsed(B))->str();
  }
  const sym::Expr *parsed(StringRef F);

  /// Every composite call under \p Kernels, run \p Mult times: its cost
  /// goes to the module it ran on; cache updates add to the KV cache.
  void collectCalls(const std::vector<KernelEntry> &Kernels,
                    const sym::Expr *Mult) {
    for (const KernelEntry &E : Kernels) {
      const sym::Expr *LineM = E.Times ? Sym.mul(Mult, E.Times) : Mult;
      for (const KernelOp &Op : E.Ops)
        if ((Op.Name == "cache.update" || Op.Name == "cache.update_indexer") &&
            !Op.Inputs.empty())
          noteCacheUpdate(Op, E.Line, LineM);
      for (const CompositeRef &C : E.Refs) {
        // A call for the layers of a segment (its cost is theirs): what it
        // calls runs that many times.
        const sym::Expr *M = C.Times ? Sym.mul(LineM, C.Times) : LineM;
        if (C.Receiver) {
          auto [It, New] = Calls.try_emplace(C.Receiver.get());
          OpCost Scaled = scaleCost(C.Cost, LineM, Sym);
          It->second.Cost =
              New ? Scaled : addCosts(It->second.Cost, Scaled, Sym);
          if (New)
            It->second.Key = Keys.key(C);
        }
        if (C.Body)
          collectCalls(C.Body->Kernels, M);
      }
    }
  }

  /// `cache.update(k, v)` appends the new keys (or values): per token, all
  /// their elements but the sequence extent (the one before the last).
  void noteCacheUpdate(const KernelOp &Op, unsigned Line, const sym::Expr *M) {
    const TensorDesc &New = Op.Inputs.back();
    if (!New.Known || New.Dims.size() < 2 ||
        llvm::is_contained(New.Dims, nullptr)) {
      KVUnknown = true;
      KVDerivation.push_back("line " + std::to_string(Line) +
                             ": cache.update of a tensor of unknown shape");
      return;
    }
    std::vector<const sym::Expr *> PerToken(New.Dims);
    PerToken.erase(PerToken.end() - 2);
    const sym::Expr *Bytes = Sym.mul(
        Sym.mul(ArrayRef<const sym::Expr *>(PerToken)), elementBytes(New, Sym));
    KV = Sym.add(KV, Sym.mul(Bytes, M));
    std::string Shape;
    for (const sym::Expr *D : New.Dims)
      Shape += (Shape.empty() ? "" : ", ") + D->str();
    KVDerivation.push_back("line " + std::to_string(Line) +
                           ": cache.update appends [" + Shape + "] of " +
                           New.Bytes + " bytes, " + M->str() +
                           " time(s) per forward: " + Sym.mul(Bytes, M)->str() +
                           " bytes per token");
  }

  /// Whether the weights named by `_tied_weights_keys` share storage:
  /// `config.tie_word_embeddings`, from the config object, the config
  /// file, or the config class's default.
  std::optional<bool> tieWordEmbeddings(const ObjectState &O, std::string &Why);

  /// The parameter paths (relative to \p O) its class ties to others.
  std::vector<std::pair<std::string, std::string>>
  tiedKeys(const ObjectState &O);

  Totals visit(const ObjectState &O, const std::string &Path, unsigned Depth,
               const sym::Expr *Count, std::vector<std::string> Folds);

  /// Folds runs of identical siblings `x.0`, `x.1`, ... (same class, same
  /// subtree and figures) among the children of row \p Parent into one
  /// row `x.*` counting them all.
  void foldSiblings(size_t Parent);
  /// One past the last row of the subtree rooted at row \p I.
  size_t subtreeEnd(size_t I) const;
  /// True if the subtrees at rows \p A and \p B are the same modules with
  /// the same figures.
  bool sameSubtree(size_t A, size_t B) const;
  /// \p F (a formula) times \p N.
  std::string times(StringRef F, unsigned N);

  UnitReport &R;
  const PruneResult &P;
  sym::ExprContext &Sym;
  const InferenceProfile *Profile;
  unsigned MaxDepth;
  ModelMemory *Memory = nullptr;
  struct CallInfo {
    OpCost Cost;
    std::string Key;
  };
  std::map<const ObjectState *, CallInfo> Calls;
  CallKeys Keys;
  std::set<const ObjectState *> Visited;
  /// Parameter paths not counted: tied to a weight counted elsewhere.
  std::set<std::string> Skip;
  const sym::Expr *KV;
  bool KVUnknown = false;
  std::vector<std::string> KVDerivation;
};
} // namespace

size_t TreeBuilder::subtreeEnd(size_t I) const {
  const std::vector<ModuleRow> &Rows = R.ModuleTree;
  size_t J = I + 1;
  while (J < Rows.size() && Rows[J].Depth > Rows[I].Depth)
    ++J;
  return J;
}

bool TreeBuilder::sameSubtree(size_t A, size_t B) const {
  const std::vector<ModuleRow> &Rows = R.ModuleTree;
  size_t EA = subtreeEnd(A), EB = subtreeEnd(B);
  if (EA - A != EB - B)
    return false;
  for (size_t K = 0; K < EA - A; ++K) {
    const ModuleRow &X = Rows[A + K], &Y = Rows[B + K];
    StringRef RX = StringRef(X.Path).drop_front(Rows[A].Path.size()),
              RY = StringRef(Y.Path).drop_front(Rows[B].Path.size());
    if (RX != RY || X.ClassName != Y.ClassName || X.Count != Y.Count ||
        X.Params != Y.Params || X.Buffers != Y.Buffers || X.Flops != Y.Flops ||
        X.Bytes != Y.Bytes || X.Report != Y.Report)
      return false;
  }
  return true;
}

std::string TreeBuilder::times(StringRef F, unsigned N) {
  if (F == "unknown")
    return F.str();
  const sym::Expr *E = parsed(F);
  return E ? Sym.mul(E, Sym.constant(N))->str() : "unknown";
}

void TreeBuilder::foldSiblings(size_t Parent) {
  std::vector<ModuleRow> &Rows = R.ModuleTree;
  auto Index = [&](size_t I) -> std::optional<unsigned> {
    StringRef Path = Rows[I].Path;
    StringRef Last = Path.contains('.') ? Path.rsplit('.').second : Path;
    unsigned N;
    if (Last.empty() || Last.getAsInteger(10, N))
      return std::nullopt;
    return N;
  };
  for (size_t I = Parent + 1; I < subtreeEnd(Parent); I = subtreeEnd(I)) {
    std::optional<unsigned> First = Index(I);
    if (First && *First == 0) {
      // The run I, J1, J2, ... of identical siblings numbered 0, 1, ...
      unsigned N = 1;
      size_t J = subtreeEnd(I);
      while (J < subtreeEnd(Parent) && Index(J) == N && sameSubtree(I, J)) {
        J = subtreeEnd(J);
        ++N;
      }
      if (N > 1) {
        size_t End = subtreeEnd(I);
        Rows.erase(Rows.begin() + End, Rows.begin() + J);
        std::string Old = Rows[I].Path;
        std::string New = StringRef(Old).drop_back(1).str() + "*";
        size_t FoldAt = Rows[I].Folds.size();
        for (size_t K = I; K < End; ++K) {
          ModuleRow &Row = Rows[K];
          Row.Path = New + Row.Path.substr(Old.size());
          Row.Folds.insert(Row.Folds.begin() + FoldAt, std::to_string(N));
          Row.Count = times(Row.Count, N);
          Row.Params = times(Row.Params, N);
          Row.Buffers = times(Row.Buffers, N);
          Row.Flops = times(Row.Flops, N);
          Row.Bytes = times(Row.Bytes, N);
        }
      }
    }
    foldSiblings(I);
  }
}

const sym::Expr *TreeBuilder::parsed(StringRef F) {
  Expected<const sym::Expr *> E = sym::parse(F, Sym);
  if (!E) {
    consumeError(E.takeError());
    return nullptr;
  }
  return *E;
}

std::optional<bool> TreeBuilder::tieWordEmbeddings(const ObjectState &O,
                                                   std::string &Why) {
  auto C = O.Attrs.find("config");
  const ObjectState *Cfg =
      C != O.Attrs.end() && C->second.Obj && C->second.Obj->IsConfig
          ? C->second.Obj.get()
          : nullptr;
  if (Cfg) {
    auto A = Cfg->Attrs.find("tie_word_embeddings");
    if (A != Cfg->Attrs.end() && A->second.is(ValueKind::Bool)) {
      Why = "config.tie_word_embeddings = " +
            std::string(A->second.B ? "True" : "False");
      return A->second.B;
    }
  }
  if (Profile)
    if (const ProfileEntry *E = Profile->get("config", "tie_word_embeddings"))
      if (E->Val.is(ValueKind::Bool)) {
        Why = "tie_word_embeddings = " +
              std::string(E->Val.B ? "true" : "false") + " (" + E->Origin + ")";
        return E->Val.B;
      }
  if (Cfg)
    for (const auto &[Mod, Class] : Cfg->ConfigDefaults) {
      auto A = Class->Attributes.find("tie_word_embeddings");
      if (A == Class->Attributes.end())
        continue;
      if (A->second->Kind != ExprKind::True &&
          A->second->Kind != ExprKind::False)
        break;
      bool V = A->second->Kind == ExprKind::True;
      Why = "tie_word_embeddings defaults to " +
            std::string(V ? "True" : "False") + " in `" + Class->Name + "`";
      return V;
    }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>>
TreeBuilder::tiedKeys(const ObjectState &O) {
  std::vector<std::pair<std::string, std::string>> Out;
  if (!O.Class)
    return Out;
  auto A = O.Class->Attributes.find("_tied_weights_keys");
  if (A == O.Class->Attributes.end())
    return Out;
  const Expr &E = *A->second;
  // {"lm_head.weight": "model.embed_tokens.weight"} (v5) or
  // ["lm_head.weight"] (v4: tied to the input embeddings).
  if (E.Kind == ExprKind::Dict)
    for (size_t I = 0; I + 1 < E.Ops.size(); I += 2) {
      const Expr *K = E.Ops[I].get(), *V = E.Ops[I + 1].get();
      if (K && V && K->Kind == ExprKind::String && V->Kind == ExprKind::String)
        Out.push_back({K->Name, V->Name});
    }
  if (E.Kind == ExprKind::List || E.Kind == ExprKind::Tuple)
    for (const auto &K : E.Ops)
      if (K && K->Kind == ExprKind::String)
        Out.push_back({K->Name, "the input embeddings"});
  return Out;
}

TreeBuilder::Totals TreeBuilder::visit(const ObjectState &O,
                                       const std::string &Path, unsigned Depth,
                                       const sym::Expr *Count,
                                       std::vector<std::string> Folds) {
  Visited.insert(&O);
  std::string Prefix = Path.empty() ? "" : Path + ".";
  if (auto Keys = tiedKeys(O); !Keys.empty()) {
    std::string Why;
    std::optional<bool> Tie = tieWordEmbeddings(O, Why);
    for (const auto &[From, To] : Keys) {
      if (Tie.value_or(false))
        Skip.insert(Prefix + From);
      Memory->Tied.push_back(
          "`" + Prefix + From + "` is tied to `" + To + "` (" + O.Class->Name +
          "._tied_weights_keys): " +
          (!Tie   ? "tie_word_embeddings not known, counted separately"
           : *Tie ? "counted once, " + Why
                  : "not tied, " + Why));
    }
  }
  size_t RowIndex = R.ModuleTree.size();
  bool Listed = MaxDepth == 0 || Depth <= MaxDepth;
  if (Listed) {
    ModuleRow Row;
    Row.Path = Path;
    Row.Depth = Depth;
    Row.ClassName = O.ClassName;
    Row.Count = Count->str();
    Row.Folds = Folds;
    auto C = Calls.find(&O);
    if (C != Calls.end()) {
      const OpCost &Cost = C->second.Cost;
      Row.Flops = text(Cost.Flops);
      Row.Bytes = Cost.Read && Cost.Write
                      ? Sym.add(Cost.Read, Cost.Write)->str()
                      : "unknown";
      Row.CallKey = C->second.Key;
    } else {
      Row.Flops = Row.Bytes = "0";
    }
    R.ModuleTree.push_back(std::move(Row));
  }
  const sym::Expr *Params = Sym.getZero(), *Buffers = Sym.getZero();
  auto Add = [&](const sym::Expr *&Sum, const sym::Expr *N) {
    Sum = Sum && N ? Sym.add(Sum, N) : nullptr;
  };
  // A container of identical layers holds one representative.
  bool Repeated = O.ItemsRepeat && O.Items.size() == 1;
  for (const std::string &Name : O.AttrOrder) {
    auto It = O.Attrs.find(Name);
    if (It == O.Attrs.end())
      continue; // Removed since it was first set.
    const Value &V = It->second;
    std::string Here = Prefix + Name;
    if (V.is(ValueKind::Tensor) && V.Role != TensorRole::Other) {
      if (V.Role == TensorRole::Parameter && Skip.count(Here))
        continue;
      const sym::Expr *N = elements(V, Sym);
      if (!N)
        Memory->Unknown.push_back(
            "`" + Here + "`: a tensor of unknown shape (" + V.Why + ")");
      Add(V.Role == TensorRole::Parameter ? Params : Buffers, N);
      continue;
    }
    if (!V.is(ValueKind::Object) || !isModule(*V.Obj) ||
        Visited.count(V.Obj.get()))
      continue;
    std::vector<std::string> ChildFolds = Folds;
    const sym::Expr *ChildCount = Count, *Times = Sym.getOne();
    if (Repeated) {
      if (Name != "0")
        continue;
      Here = Prefix + "*";
      Times = O.ItemsRepeat;
      ChildCount = Sym.mul(Count, Times);
      ChildFolds.push_back(Times->str());
    } else if (const sym::Expr *N = segmentCount(O, Name); N && !N->isOne()) {
      // The alike rest of a layer stack split by index (`layers.3-*`), or
      // the layers at one index modulo a stride (`layers.2::4`, a slice).
      Here = O.ItemSegmentStride
                 ? Prefix + Name + "::" + std::to_string(O.ItemSegmentStride)
                 : Prefix + Name + "-*";
      Times = N;
      ChildCount = Sym.mul(Count, Times);
      ChildFolds.push_back(Times->str());
    }
    Totals T = visit(*V.Obj, Here, Depth + 1, ChildCount, ChildFolds);
    Add(Params, T.Params ? Sym.mul(T.Params, Times) : nullptr);
    Add(Buffers, T.Buffers ? Sym.mul(T.Buffers, Times) : nullptr);
  }
  if (Listed) {
    ModuleRow &Row = R.ModuleTree[RowIndex];
    Row.Params = Params ? Sym.mul(Params, Count)->str() : "unknown";
    Row.Buffers = Buffers ? Sym.mul(Buffers, Count)->str() : "unknown";
  }
  return {Params, Buffers};
}

void buildModuleTree(UnitReport &R, const PruneResult &P,
                     const InferenceProfile *Profile, unsigned MaxDepth) {
  R.ModuleTree.clear();
  R.Memory.reset();
  if (!P.Self || !P.Sym)
    return;
  TreeBuilder(R, P, Profile, MaxDepth).run();
}

/// \p Value's share of \p Total in percent, one decimal rounded down.
static std::string shareOf(StringRef Value, StringRef Total) {
  auto V = sym::Rational::fromString(Value),
       T = sym::Rational::fromString(Total);
  if (!V || !T || *T == sym::Rational(0))
    return "";
  sym::Rational Tenths = *V * sym::Rational(1000) / *T;
  std::string N = Tenths.floor().toString();
  int64_t X = std::stoll(N);
  return std::to_string(X / 10) + "." + std::to_string(X % 10);
}

/// Replaces each `*` segment of \p Path by `0-(N-1)` (`K-*` by
/// `K-(K+N-1)`) when its repeat count \p Folds[i] has a value.
static std::string foldedPath(StringRef Path, ArrayRef<std::string> Folds,
                              const Bindings &B, sym::ExprContext &Ctx) {
  SmallVector<StringRef, 8> Parts;
  Path.split(Parts, '.');
  std::string Out;
  size_t Fold = 0;
  for (StringRef Part : Parts) {
    std::string Seg = Part.str();
    int64_t Start = 0;
    if ((Part == "*" || (Part.ends_with("-*") &&
                         !Part.drop_back(2).getAsInteger(10, Start))) &&
        Fold < Folds.size()) {
      std::string N = evaluateFormula(Folds[Fold++], B, Ctx);
      int64_t Count;
      if (!StringRef(N).getAsInteger(10, Count) && Count > 0)
        Seg = Count == 1 ? std::to_string(Start)
                         : std::to_string(Start) + "-" +
                               std::to_string(Start + Count - 1);
    }
    Out += (Out.empty() ? "" : ".") + Seg;
  }
  return Out;
}

void expandModuleTree(UnitReport &R, const Bindings &B,
                      const std::map<std::string, std::string> &ReportOfCall,
                      sym::ExprContext &Ctx) {
  if (R.Memory) {
    ModelMemory &M = *R.Memory;
    M.ParamsValue = evaluateFormula(M.Params, B, Ctx);
    M.BuffersValue = evaluateFormula(M.Buffers, B, Ctx);
    M.WeightBytesValue = evaluateFormula(M.WeightBytes, B, Ctx);
    M.KVPerTokenValue = evaluateFormula(M.KVPerToken, B, Ctx);
    M.KVAtCacheLenValue = evaluateFormula(M.KVAtCacheLen, B, Ctx);
  }
  std::string Total = R.ModuleTree.empty()
                          ? std::string()
                          : evaluateFormula(R.ModuleTree.front().Flops, B, Ctx);
  for (ModuleRow &Row : R.ModuleTree) {
    Row.CountValue = evaluateFormula(Row.Count, B, Ctx);
    Row.ParamsValue = evaluateFormula(Row.Params, B, Ctx);
    Row.BuffersValue = evaluateFormula(Row.Buffers, B, Ctx);
    Row.FlopsValue = evaluateFormula(Row.Flops, B, Ctx);
    Row.BytesValue = evaluateFormula(Row.Bytes, B, Ctx);
    Row.Share = shareOf(Row.FlopsValue, Total);
    Row.Path = foldedPath(Row.Path, Row.Folds, B, Ctx);
    auto It = ReportOfCall.find(Row.CallKey);
    if (It != ReportOfCall.end())
      Row.Report = It->second;
  }
}

} // namespace modcost
