//===- Evaluator.h - Partial evaluation of __init__ and forward -*- C++ -*-===//
///
/// \file
/// A small abstract interpreter over the Python IR. It runs a class's
/// `__init__` (following `super().__init__` and constructing submodules
/// recursively) to learn attribute facts, then runs `forward` with its
/// inputs bound from the inference profile, deciding every `if`, `elif`,
/// `while` and ternary it can. Values it cannot know stay Unknown; a
/// condition that depends on them is *undecided*: it is reported as a
/// warning and the branch taken is chosen by a documented rule (never a
/// branch that raises; otherwise the `then` branch), while both branches'
/// effects are joined so later decisions stay sound.
///
/// Work is bounded (statement budget, constructor depth) so hostile or
/// huge inputs end in Unknown values, not hangs.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_EVALUATOR_H
#define MODCOST_INTERP_EVALUATOR_H

#include "modcost/Frontend/NameResolver.h"
#include "modcost/Interp/EvaluatorTypes.h"
#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Interp/LayerSegments.h"
#include "modcost/Interp/ObjectGraph.h"
#include "modcost/Interp/PruneResult.h"
#include "modcost/Interp/Value.h"
#include "modcost/Semantics/OpCatalog.h"
#include "modcost/Semantics/OpRules.h"
#include "modcost/Support/Budget.h"
#include "modcost/Symbolic/Expr.h"

#include "modcost/Pass/AnalysisUnit.h"
#include <map>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <set>
#include <utility>

namespace modcost {

/// The partial evaluator.
class Evaluator {
public:
  Evaluator(NameResolver &Resolver, const InferenceProfile &Profile,
            DiagnosticEngine &Diags, std::shared_ptr<sym::ExprContext> Sym)
      : Resolver(Resolver), Profile(Profile), Diags(Diags), Sym(*Sym),
        Objects(std::make_shared<ObjectGraph>()) {
    Result.Sym = std::move(Sym);
    Result.Objects = Objects;
  }

  /// Custom op rules asked before the built-in catalog (may be null).
  void setOpRules(const OpRuleRegistry *Rules) { OpRules = Rules; }

  /// A time budget: once it expires, evaluation gives `unknown` as when
  /// the step budget runs out (may be null: no time limit).
  void setBudget(const UnitBudget *B) { Budget = B; }

  /// Builds an instance of \p C (defined in \p M) by running its __init__
  /// chain with \p Args; records decisions made in the class's own
  /// __init__ if \p Record.
  Value construct(const PyModule &M, const ClassDef &C, const CallArgs &Args,
                  bool Record);

  /// Runs \p F (defined in \p M) as the unit's forward with its inputs bound
  /// from the profile; \p Self is the instance for methods (may be null).
  void runForward(const PyModule &M, const FunctionDef &F,
                  std::shared_ptr<ObjectState> Self);

  /// Runs the module-level function \p Fn (defined in \p M) as a model
  /// builder (`torchvision.models.resnet50`): its parameters take their
  /// `--set` values or defaults, other `--set` names go to its `**kwargs`;
  /// the decisions of the builder, its helpers and the returned model's own
  /// `__init__` are recorded, nothing is priced (Builders.cpp). Returns
  /// what it returned.
  Value runBuilder(const PyModule &M, const FunctionDef &Fn);

  /// Takes the collected decisions.
  PruneResult takeResult() { return std::move(Result); }

private:
  struct Frame;
  enum class Flow { Normal, Returned, Raised, Broke };

  NameResolver &Resolver;
  const InferenceProfile &Profile;
  const OpRuleRegistry *OpRules = nullptr;
  /// Symbolic integer arithmetic past these sizes (terms of the canonical
  /// form, total degree) gives an unknown value and a warning: hostile or
  /// runaway code cannot make formulas grow without bound.
  static constexpr uint64_t MaxSymbolicTerms = 4096;
  static constexpr uint64_t MaxSymbolicDegree = 64;
  llvm::DenseSet<const Expr *> OversizeReported;
  /// True (after a warning at \p Site, once) if \p A Op \p B would
  /// exceed the limits above.
  bool symbolicResultTooLarge(const sym::Expr *A, const sym::Expr *B,
                              llvm::StringRef Op, const Expr &Site);
  /// Calls whose custom rule failed, reported once each.
  llvm::DenseSet<const Expr *> RuleFailuresReported;
  DiagnosticEngine &Diags;
  sym::ExprContext &Sym;
  /// Makes every object of this evaluation (shared with the result).
  std::shared_ptr<ObjectGraph> Objects;
  PruneResult Result;
  llvm::DenseMap<const void *, size_t> DecisionIndex;
  llvm::StringSet<> GlobalsInProgress;
  // Cost recording (EvaluatorCost.cpp).
  /// Adds \p C to the innermost call's total, multiplied by the trip
  /// counts of the loops the callee is inside of.
  void accumulate(const OpCost &C);
  /// The line being recorded: of the innermost composite being priced, or
  /// of the unit's forward() (null if none).
  KernelEntry *currentEntry();
  /// Adds \p Op to the line being recorded and, inside a composite, its
  /// cost to the composite's total.
  void recordOp(KernelOp Op);
  int CurEntry = -1;
  llvm::DenseMap<const Stmt *, size_t> EntryIndex;
  std::vector<CallAccumulator> CallStack;
  unsigned Suppress = 0;
  /// The part of Suppress an undecided condition added (the branch it did
  /// not take, or what follows a `return` it assumed), and the operations
  /// left unpriced under it: a composite whose priced path is empty while
  /// some were dropped lost them to the guess (no silent zero, issue 13).
  unsigned GuessSuppress = 0, DroppedByGuess = 0;
  /// Every op priced or left unknown so far, suppressed or not (free ones
  /// aside): a call that leaves it unchanged did no work.
  unsigned OpsNoted = 0;
  /// Counts an operation not priced because an undecided condition's
  /// assumed path leaves it out.
  void noteDroppedByGuess();
  std::vector<std::pair<const sym::Expr *, std::string>> LoopFactors;
  /// How many loop-index symbols were made (recordOp checks costs then).
  unsigned LoopIndexSymbols = 0;
  /// Each running loop index's start and count (recordOp sums over it).
  std::map<std::string, std::pair<const sym::Expr *, const sym::Expr *>>
      LoopIndexRanges;
  /// The symbol standing for the index of a symbolic-length `range()` at
  /// source line \p Line.
  static std::string loopIndexName(unsigned Line) {
    return "loop_index_line_" + std::to_string(Line);
  }
  // Layer stacks whose layers differ by index (LayerSegments.cpp).
  /// The loop indices whose comparisons are being noted, innermost last.
  std::vector<std::pair<std::string, IndexSplits *>> IndexProbes;
  ProvisionalDecisions Provisional; ///< Of representative elements.
  /// The entries of LoopFactors that are a segment's layer count: they
  /// scale each operation (segmentFactor), not the line (beginEntry).
  std::vector<size_t> SegmentLoops;
  /// The product of the segment counts the op being recorded runs under.
  const sym::Expr *segmentFactor();
  /// Notes `L Op R` (undecided, at \p Site) for the probes it involves.
  void noteIndexComparison(const Value &L, llvm::StringRef Op, const Value &R,
                           const Expr &Site);
  /// The element of comprehension \p E built for \p Index, noting the
  /// comparisons of loop index \p Name in \p Splits.
  Value buildElement(const Expr &E, const Value &Index, llvm::StringRef Name,
                     IndexSplits &Splits, Frame &F);
  /// `[elt for i in range(n)]` of symbolic n (\p Iter): alike elements, or
  /// segments where elt compares `i` with constants; nullopt otherwise.
  std::optional<Value> segmentedComprehension(const Expr &E, const Value &Iter,
                                              Frame &F);
  /// The same when elt takes `i` modulo constants: one element per residue.
  std::optional<Value> stridedComprehension(const Expr &E, const Value &Iter,
                                            llvm::StringRef Name,
                                            const IndexSplits &Splits,
                                            Frame &F);
  void noteSegmentAssumption(const Expr &Range, int64_t Prefix,
                             const sym::Expr *Count);
  // Per-layer lists and the layer a unit analyzed alone is (LayerIndex.cpp).
  /// The comprehensions that built repeated lists (Value::ElementRecipe):
  /// the element expression's comprehension and the scope it ran in.
  struct ElementRecipe {
    const Expr *Comprehension = nullptr;
    std::shared_ptr<Frame> Scope;
    /// The index of the list's first element (the range's start).
    int64_t Start = 0;
  };
  std::vector<ElementRecipe> ElementRecipes;
  friend class LayerLists;
  /// A container's items as a sequence (repeated or in segments).
  static Value itemsTuple(const ObjectState &O, llvm::StringRef Why = "");
  /// The start index of each segment of \p List (`*` if not constant).
  std::vector<std::string> segmentNames(const Value &List);
  /// The start index of each segment of \p List.
  std::vector<const sym::Expr *> segmentStartExprs(const Value &List);
  /// A `for` loop \p S over the segments of \p Iter.
  Flow forSegments(const Stmt &S, const Value &Iter, Frame &F);
  /// The index `enumerate()` (at \p Call) gives segment \p I of \p List.
  Value segmentIndex(const Value &List, size_t I, const Expr &Call);
  /// Item \p Idx of the segmented container \p O, if known.
  std::optional<Value> segmentItem(const ObjectState &O, const Value &Idx);
  // Sequences of symbolic length in pieces (SequencePieces.h).
  friend class SequencePieces;
  /// Expressions known to be at least zero while a loop runs in pieces
  /// (the pieces' counts, the index's distance to its piece's ends), each
  /// with the reason.
  std::vector<std::pair<const sym::Expr *, std::string>> NonNegative;
  /// The loop-index symbol \p C mentions, or empty.
  llvm::StringRef loopIndexIn(const OpCost &C) const;
  /// Trip counts of the enclosing loops over tensor rows (routing loops).
  std::vector<const sym::Expr *> RoutingShares;
  const Expr *CurrentCall = nullptr;
  bool recording() const { return CurEntry >= 0 && !Suppress; }
  void beginEntry(const Stmt &S);
  /// Prices a call of \p Callee with a custom rule if one matches; the
  /// call's result, or nullopt when no rule applies.
  std::optional<Value> applyOpRule(llvm::StringRef Callee, const CallArgs &Args,
                                   const Expr &Call);
  void noteOp(llvm::StringRef Name, llvm::ArrayRef<Value> Inputs,
              const Value &Result, const CostExtras &Extras = CostExtras(),
              llvm::StringRef Spelling = "");
  /// Records an op with no cost rule; \p MayMatmul unless it is known not
  /// to be a matrix product (its matrix FLOPs are then unknown too).
  void noteUnknown(llvm::StringRef Name, bool MayMatmul = true);
  /// A `raise` \p S reached on the priced path: nothing after it is priced,
  /// so the line's cost is unknown (PathEnds.cpp).
  void noteRaise(const Stmt &S, Frame &F);
  /// The step or time budget ran out at \p At: remembered once, and
  /// reported by noteBudgetStop as an unknown op of the unit.
  void noteBudgetExceeded(const SourceRange &At, const Frame &F);
  void noteBudgetStop(const FunctionDef &Fn);
  /// Where the budget ran out (`file:line:col in fn`), empty while it holds.
  std::string BudgetStopSite;
  /// Nesting of `try` bodies: a raise there goes to a handler.
  unsigned TryDepth = 0;
  /// The Suppress level at the entry of each enclosing `try` body: a raise
  /// at that level is certain on the try's path (ExceptionFlow.cpp).
  std::vector<unsigned> TrySuppress;
  /// An exception raised for certain inside a `try` body (its class name,
  /// `KeyError`), on its way to the handler: statements and calls unwind
  /// until a `try` whose handler catches it (ExceptionFlow.cpp).
  std::string PendingRaise;
  /// Raises \p Exception (a class name) when it is certain and a `try`
  /// encloses it: true if it is now pending (ExceptionFlow.cpp).
  bool raiseInTry(llvm::StringRef Exception);
  /// The exception class a `raise` statement \p S raises (`KeyError` for
  /// `raise KeyError(...)`), empty if not known.
  static std::string raisedClass(const Stmt &S);
  /// The index of the first handler of the `try` \p S that catches the
  /// pending exception, if one does.
  std::optional<unsigned> catchingHandler(const Stmt &S) const;
  /// Starts pricing a call whose body runs in a frame of depth
  /// \p FrameDepth: \p Fn of \p Class (null for a function) in \p Mod.
  void beginCall(unsigned FrameDepth, const PyModule *Mod,
                 const ClassDef *Class, const FunctionDef *Fn);
  /// The result \p R of calling \p CalleeName, marked as a buffer when the
  /// callee is `torch.nn.Buffer` (its library model returns the tensor).
  Value asBuffer(llvm::StringRef CalleeName, Value R);
  /// Ends the call started by beginCall; \p Receiver is the module whose
  /// forward() ran (null for functions and methods).
  void endCall(const std::string &Callee,
               std::vector<std::pair<std::string, std::string>> Params,
               std::vector<std::string> Why,
               std::shared_ptr<ObjectState> Receiver = nullptr);
  void describeModuleCall(const Value &Obj, const FunctionDef &Fwd,
                          const CallArgs &Args, Frame &Inner,
                          std::vector<std::pair<std::string, std::string>> &P,
                          std::vector<std::string> &Why);
  void noteSymbol(llvm::StringRef Name, llvm::StringRef Origin);
  unsigned Steps = 0;
  unsigned TensorIds = 0;
  /// The last identity given to a list display (Value::ListId).
  unsigned ListIds = 0;
  /// The active calls, innermost last. The same function on the same object
  /// again is a recursion: followed while its arguments change, up to
  /// MaxRecursionDepth nested activations (Python recursion that reaches its
  /// base case), and a composite cycle otherwise (Composites.cpp).
  std::vector<ActiveCall> CallChain;
  /// The arguments \p Args as a recursion compares them.
  std::string recursionKey(const CallArgs &Args) const;
  llvm::DenseSet<const FunctionDef *> ReportedCycles;
  /// The call expression being evaluated (for diagnostics at the site).
  const Expr *CurrentCallSite = nullptr;
  /// Lists and dicts a Python function changed in place, by positional
  /// parameter index, and the call site they belong to: evalCall writes
  /// them back to the caller's names (`_ovewrite_named_param(kwargs, ...)`).
  std::vector<std::pair<size_t, Value>> CopyOut;
  const Expr *CopyOutSite = nullptr;
  /// Writes CopyOut back to the caller's arguments of \p Call.
  void applyCopyOut(const Expr &Call, Frame &F);
  /// `d.pop(key[, default])` of a local dict; nullopt for other calls.
  std::optional<Value> callDictPop(const Expr &E, Frame &F);
  /// `d[key] = v` of a local dict or `xs[i] = v` of a local list.
  void storeItem(const Expr &Target, const Value &V, Frame &F);
  /// `d.update(...)` / `d.setdefault(k, v)` of a known dict, written back
  /// to the receiver; nullopt for other calls (DictMethods.cpp).
  std::optional<Value> callDictUpdate(const Expr &E, Frame &F);
  /// A module global \p Name bound more than once or changed in place at
  /// module level (`NAMES.update({...})`, `NAMES = OrderedDict(**NAMES)`),
  /// or an imported one changed there: the module's top-level statements on
  /// it run in source order, from its import binding if any; nullopt when
  /// its first binding \p First (null: none in \p M) is all there is
  /// (ModuleGlobals.cpp).
  std::optional<Value> globalInSourceOrder(llvm::StringRef Name,
                                           const Stmt *First, Frame &F);
  /// The top-level statement of \p M whose value is \p ValueExpr.
  static const Stmt *topLevelAssignment(const PyModule &M,
                                        const Expr *ValueExpr);
  /// Enters a call of \p Fn on \p Self (null for a plain function) with
  /// \p Args (null when not evaluated): pushes it on CallChain until the
  /// returned scope ends. Returns nullopt instead, reporting it once, if
  /// the call closes a composite cycle: an active call of the same function
  /// on the same object (closing over the same \p Closure scope) with the
  /// same arguments (no progress), or more than MaxRecursionDepth nested.
  std::optional<ActiveCallScope>
  enterCall(const FunctionDef &Fn, const Expr *Site, const ObjectState *Self,
            const CallArgs *Args, const Frame *Closure = nullptr);
  /// Runs \p Method of \p Self (F.Self when null) as a composite with the
  /// arguments of call \p E, unless that closes a composite cycle (nullopt).
  std::optional<Value> inlineMethodChecked(const FunctionDef &Method,
                                           const PyModule &MethodMod,
                                           const Expr &E, Frame &F,
                                           std::shared_ptr<ObjectState> Self);
  unsigned ConstructDepth = 0;

  Flow execBlock(const Block &B, Frame &F);
  /// Runs the body of \p Fn in \p F. A body the parse cache cannot decode
  /// is an error at the `def`; the call's value is unknown.
  Flow execBody(const FunctionDef &Fn, Frame &F);
  /// In a callee being priced (on its priced path or on one an undecided
  /// condition left out), accounts the statements of \p B from \p From on
  /// as reached by no run: a branch a decided condition left out, a loop
  /// over a known empty sequence, what follows a `return` in its block.
  void noteUnreachable(const Block &B, size_t From, Frame &F);
  Flow execStmt(const Stmt &S, Frame &F);
  Flow execStmtImpl(const Stmt &S, Frame &F);
  Flow execIf(const Stmt &S, Frame &F);
  /// The `config.NAME` of input \p In's convention (`hidden_states&grid_thw`:
  /// one patch's `config.in_channels * ...` pixels) becomes \p Self's config
  /// value for it, as the module reads it (Inputs.cpp).
  void bindConfigDims(Value &In, const ObjectState *Self, Frame &F);
  /// Gives input \p T the element value stated by `input_value.NAME`.
  void statedInputValue(Value &T, llvm::StringRef Name);
  /// After \p Cond is decided (\p Holds), a shape comparison
  /// (`x.size() != s` false, `x.shape == s` true) refines the local tensor's
  /// dimensions to `s` (Refinement.cpp).
  void refineFromComparison(const Expr &Cond, bool Holds, Frame &F);
  Flow execLoop(const Stmt &S, Frame &F);
  /// Writes list \p L (or what replaces it) to every copy of list \p Id
  /// held in \p F's locals (ListAliases.cpp).
  void updateListAliases(unsigned Id, const Value &L, Frame &F);
  /// True for a tuple or list of two or more equal tensors (the pieces of
  /// `x.unbind(0)`): a loop over it runs identical iterations.
  static bool uniformElements(const Value &T);
  /// What a loop body run once for many identical iterations may grow: the
  /// frame's locals and the sizes of the containers of submodules it
  /// reaches (ListAliases.cpp).
  struct LoopStart;
  static LoopStart loopStart(const Frame &F);
  /// After one run of the body of \p Loop standing for \p Times identical
  /// iterations: a list or container of submodules (present in \p Before)
  /// that got one element holds \p Times copies of it after what it held;
  /// one grown otherwise is unknown.
  void repeatGrownLists(const LoopStart &Before, Frame &F,
                        const sym::Expr *Times, const Stmt &Loop);
  Value eval(const Expr &E, Frame &F);
  Value evalCall(const Expr &E, Frame &F);
  // The kinds of call evalCall tries in turn (Calls.cpp); each returns
  // nullopt when the call is not of its kind.
  /// `super()` calls, attribute-registering calls and methods of self.
  std::optional<Value> callOnSelf(const Expr &E, Frame &F);
  /// `copy`, `append` and `extend` of a local list.
  std::optional<Value> callListMethod(const Expr &E, Frame &F);
  /// A lambda expression's value: a callable that keeps its body and the
  /// scope it was made in (Lambdas.cpp), so `norm_fn = lambda d: ...;
  /// norm_fn(c)` runs the body with `d` bound.
  Value makeLambda(const Expr &E, Frame &F);
  /// The call of a lambda value \p Callee; nullopt if it is not one.
  std::optional<Value> callLambda(const Value &Callee, const CallArgs &Args);
  /// The lambdas made so far: their bodies and scopes (a lambda value's
  /// `I` indexes this list).
  struct LambdaClosure {
    const Expr *Fn = nullptr;
    std::shared_ptr<Frame> Scope;
  };
  std::vector<LambdaClosure> Lambdas;
  /// A `def` run inside a function body: a callable (Lambdas.cpp) that
  /// runs the body with the enclosing locals; nullopt if \p Callee is not
  /// one.
  Value makeLocalFunction(const FunctionDef &Fn, Frame &F);
  std::optional<Value> callLocalFunction(const Value &Callee,
                                         const CallArgs &Args, Frame &F);
  struct LocalFunction {
    Symbol Fn;
    std::shared_ptr<Frame> Scope;
  };
  std::vector<LocalFunction> LocalFunctions;
  /// A method call on the evaluated receiver \p Recv: methods of plain
  /// objects, str methods, the KV cache, tensor methods.
  std::optional<Value> callMethodOf(const Value &Recv, const Expr &E, Frame &F);
  /// `functools.partial(f, ...)`: a callable carrying bound arguments.
  std::optional<Value> makePartial(const Value &CalleeVal,
                                   const CallArgs &Args);
  /// Prepends a partial's bound arguments to \p Args.
  void bindPartial(const Value &CalleeVal, CallArgs &Args);
  /// A call of a resolved callable: copies, builtins, classes, torch
  /// functions and Python helpers.
  Value callCallable(const Value &CalleeVal, CallArgs &Args, const Expr &E,
                     Frame &F);
  /// Records that \p S, a definition the interpreter is about to run, comes
  /// from a library model (if it does).
  void noteModel(const Symbol &S);
  /// True for the value of `slice(start, stop, step)` (Elems holds the three).
  static bool isSliceObject(const Value &V) {
    return V.is(ValueKind::Callable) && V.Name == "builtins.slice" &&
           V.Elems.size() == 3;
  }
  /// True if a positional or keyword argument is a tensor (or a tuple
  /// holding one).
  static bool hasTensorArgs(const CallArgs &Args);
  /// The text that marks a value as the result of a name that could not be
  /// resolved under the source roots.
  static constexpr const char *UnresolvedMarker =
      "could not be resolved under the source roots";
  /// Reports, once per call site, an error for a callee that could not be
  /// resolved.
  void reportUnresolved(const Expr &Site, llvm::StringRef Why);
  llvm::DenseSet<const Expr *> UnresolvedReported;
  /// The result of calling \p N, which did not resolve (\p Msg says why):
  /// Unknown remembering why; with tensor arguments also an unknown op
  /// and an error at the call.
  Value unresolvedCall(llvm::StringRef N, std::string Msg, const CallArgs &Args,
                       const Expr &E);
  /// A torch function with a catalog shape rule, priced as that op.
  std::optional<Value> callTorchFunction(llvm::StringRef N,
                                         const CallArgs &Args, const Expr &E);
  Value evalComprehension(const Expr &E, Frame &F);
  /// A list comprehension with several `for` clauses (`[s + d for s in
  /// starts for d in range(n)]`): the clauses in order, each over a known
  /// sequence of at most 64 elements, `if`s whose truth is known; unknown
  /// otherwise.
  Value nestedComprehension(const Expr &E, size_t First, Frame &F);
  /// `a[i]`: tensors, tuples and slices of tuples, dicts, objects.
  Value evalSubscript(const Expr &E, Frame &F);
  /// Unary `-`/`+`, `not`, and `and`/`or` with short-circuiting.
  Value evalLogical(const Expr &E, Frame &F);
  /// `a if c else b`: decided, or both joined when undecided.
  Value evalTernary(const Expr &E, Frame &F);
  /// Runs \p Method on \p Self with evaluated arguments (a same-class
  /// method, or a dunder method such as `__getitem__`), priced as a
  /// composite reference `${Class.method}`.
  Value runMethod(const FunctionDef &Method, const PyModule &MethodMod,
                  const CallArgs &Args, Frame &F,
                  std::shared_ptr<ObjectState> Self);
  // Subscripts of objects (Containers.cpp).
  /// `obj[index]` for an object: module-list items and slices, a class's
  /// `__getitem__`, the items of a dict subclass; nullopt if none applies.
  std::optional<Value> subscriptObject(const Value &Base, const Expr &E,
                                       Frame &F);
  /// The items of a dict subclass (`class ClassInstantier(OrderedDict)`)
  /// given to its constructor, or nullptr.
  static const Value *dictItems(const ObjectState &O);
  /// Keeps the constructor's dict of a dict subclass as its items.
  void storeDictItems(ObjectState &O, const CallArgs &Args);
  /// A dict method reached through `super()` in a dict subclass
  /// (`super().__getitem__(key)`, `get`, `__contains__`), or nullopt.
  std::optional<Value> dictSuperCall(const ObjectState &O,
                                     llvm::StringRef Method,
                                     const CallArgs &Args);
  /// `get(key, default)` reached through `super()` in a Mapping whose
  /// class defines `__getitem__` (transformers' attention registry).
  std::optional<Value> mappingGet(std::shared_ptr<ObjectState> Self,
                                  llvm::StringRef Method, const CallArgs &Args,
                                  Frame &F);
  /// `key in obj` for a dict subclass or a Mapping with `__getitem__`.
  std::optional<bool> ownContains(const Value &Obj, const Value &Key, Frame &F);
  std::optional<bool> mappingContains(const Value &Obj, const Value &Key,
                                      Frame &F);
  /// Runs `__getitem__` of \p Class (found on \p Self's MRO) with \p Key,
  /// its ops priced unless \p Price is false; nullopt if that recurses into
  /// a running `__getitem__`.
  std::optional<Value> callGetItem(const Symbol &Class,
                                   std::shared_ptr<ObjectState> Self,
                                   const Value &Key, const Expr *Site, Frame &F,
                                   bool Price = true);
  /// `[:n]` of a module list: its first n submodules.
  Value sliceItems(const Value &Base, const Expr &Slice, Frame &F);
  /// The first class on \p O's MRO (after class \p After, if given) that
  /// defines method \p Name.
  std::optional<Symbol> findOnMRO(const ObjectState &O, llvm::StringRef Name,
                                  llvm::StringRef After = "");
  Value evalAttribute(const Value &Obj, llvm::StringRef Name, Frame &F);
  /// A class-level attribute of the class \p ClassName (or its bases), read
  /// through the class itself (`block.expansion`).
  Value classAttribute(llvm::StringRef ClassName, llvm::StringRef Name);
  Value evalCompare(const Expr &E, Frame &F);
  Value evalBinary(const Expr &E, Frame &F);
  /// `L Op R` of values already evaluated (a binary expression, or the
  /// augmented assignment `L Op= R` of an immutable value); \p Site is
  /// where a diagnostic points.
  Value binaryOp(Value L, Value R, llvm::StringRef Op, const Expr &Site);
  /// `"fmt" % args` of a known format string (Operators.cpp).
  static Value formatPercent(llvm::StringRef Format, const Value &Args,
                             llvm::StringRef Why);
  Value lookupName(llvm::StringRef Name, Frame &F);
  /// What a function-local import binds (`from transformers import
  /// AutoBackbone` in load_backbone): the class, function, module or
  /// module-level data it names, as a module-level import would.
  Value localImport(const ImportBinding &B, Frame &F);
  /// Module \p Module's global \p Name as that module evaluates it, if it
  /// is data (an object, container or literal) and the module not \p Except.
  std::optional<Value> moduleGlobal(llvm::StringRef Module,
                                    llvm::StringRef Name,
                                    const PyModule *Except = nullptr);
  /// A module constant imported by name into the frame's module (`from
  /// ...activations import ACT2FN`), evaluated in the module defining it.
  std::optional<Value> importedConstant(llvm::StringRef Name, Frame &F);
  /// Module constants already evaluated, by `module.name`.
  llvm::StringMap<Value> GlobalValues;
  Value symbolToValue(const Symbol &S);
  CallArgs evalArgs(const Expr &Call, Frame &F);
  /// `**V` of a mapping object: adds its items to \p A (CallArguments.cpp).
  bool splatMapping(const Value &V, CallArgs &A, Frame &F);
  void assign(const Expr &Target, const Value &V, Frame &F);
  void bindParams(const FunctionDef &Fn, const CallArgs &Args, Frame &F,
                  bool SkipSelf);
  void runInit(const PyModule &M, const ClassDef &C,
               std::shared_ptr<ObjectState> Self, const CallArgs &Args,
               bool Record);
  Value callProfile(const Expr &Callee, const Value &CalleeVal);
  /// The profile's `[packages]` entry of the package \p Name belongs to
  /// when it is installed (a version string), else null; \p Key gets the
  /// package's name. Records the answer as an assumption (Packages.cpp).
  const ProfileEntry *installedPackage(llvm::StringRef Name, std::string &Key);
  /// What an attribute of the key/value cache holds in the profile's phase
  /// (`is_updated`, its self- and cross-attention caches), or nullopt.
  std::optional<Value> cacheAttribute(const Value &Cache, llvm::StringRef Name);
  /// The cache's `update_conv_state` or `update_recurrent_state` (\p Method).
  Value cacheStateUpdate(llvm::StringRef Method, const CallArgs &Args);
  bool isDataclass(const ClassDef &C);
  // Containers of submodules (ModuleContainers.cpp).
  /// True for nn.Sequential, nn.ModuleList, nn.ModuleDict and subclasses.
  static bool isContainer(const ObjectState &O);
  /// Registers submodule \p M under \p Name (`add_module`); a container
  /// also runs it in order.
  static void addSubmodule(ObjectState &O, const Value &Name, Value M);
  /// Fills a container's items from its constructor's arguments (modules,
  /// a list, or a dict of named modules); false if \p Qual is no
  /// container class.
  bool initContainer(llvm::StringRef Qual, ObjectState &Self,
                     const CallArgs &Args);
  /// Appends the modules of the list \p Modules to container \p O
  /// (`extend`, `+=`); false (nothing changed) unless both are known.
  static bool extendContainer(ObjectState &O, const Value &Modules);
  /// `add_module`, `append`, `extend`, `items`, `values`, `keys` of a module or
  /// container; nullopt if \p M is none of them for \p Recv.
  /// `module.children()` / `named_children()`: its submodules in
  /// registration order; nullopt when their number is symbolic.
  std::optional<Value> moduleChildren(const ObjectState &O, bool Named);
  std::optional<Value> containerMethod(const Value &Recv, llvm::StringRef M,
                                       const CallArgs &Args);
  /// True in the frame of a model builder run by runBuilder, or of a
  /// helper it calls: constructions there are the model's.
  static bool inBuilder(const Frame &F);
  void runDataclassInit(std::shared_ptr<ObjectState> Self,
                        const CallArgs &Args);
  /// The fields of the @dataclass classes on \p MRO (bases first), each
  /// with the module and default expression (or null) of its declaration.
  using DataclassFields = std::vector<
      std::pair<std::string, std::pair<const PyModule *, const Expr *>>>;
  DataclassFields dataclassFields(llvm::ArrayRef<std::string> MRO);
  Value setValue(llvm::StringRef Param, const ProfileEntry &Set, Frame &F);
  /// The result of builtin \p Name (Builtins.def) on \p Args, or nullopt
  /// when it is no builtin or these are not arguments it models.
  std::optional<Value> callBuiltin(llvm::StringRef Name, const CallArgs &Args,
                                   const Expr &Call, Frame &F);
  /// `int(t)`/`float(t)` of a tensor: a number read back as `.item()` does
  /// (no kernel), known when the tensor's values are (BuiltinsMath.cpp).
  Value tensorReadBack(const Value &T, bool Integral);

  /// A builtin's handler (Builtins.def).
  using BuiltinHandler = std::optional<Value> (Evaluator::*)(
      llvm::StringRef Name, const CallArgs &Args, const Expr &Call, Frame &F);
  /// Every builtin name with its handler, from Builtins.def.
  static const llvm::StringMap<BuiltinHandler> &builtinTable();
#define BUILTIN(HANDLER, DOC, ...)                                             \
  std::optional<Value> HANDLER(llvm::StringRef Name, const CallArgs &Args,     \
                               const Expr &Call, Frame &F);
#include "modcost/Interp/Builtins.def"
  // Tensor shape rules (TensorShapes.cpp, TensorMethods.cpp,
  // TensorFunctions.cpp, TensorIndexing.cpp), calls of submodules and
  // helpers (Composites.cpp), inputs and config attributes (Inputs.cpp).
  const sym::Expr *dimExpr(const Value &V);
  Value dimValue(const sym::Expr *E, llvm::StringRef Why = "");
  std::optional<std::vector<const sym::Expr *>> shapeArgs(const CallArgs &A,
                                                          size_t From);
  Value tensorMethod(const Value &T, llvm::StringRef M, const CallArgs &Args);
  std::optional<Value> tensorFunction(llvm::StringRef Op, const CallArgs &Args);
  Value tensorSubscript(const Value &T, const Expr &E, Frame &F);
  /// `t[lo:hi]` of a tuple \p Base by a slice object \p Slice.
  Value sliceTuple(const Value &Base, const Value &Slice);
  Value broadcast(const Value &A, const Value &B);
  const Expr *CurrentExpr = nullptr; ///< Where broadcast reports a mismatch.
  /// Reports once per site that extents \p X of \p A and \p Y of \p B
  /// cannot broadcast.
  void noteBroadcastMismatch(const Value &A, const Value &B, const sym::Expr *X,
                             const sym::Expr *Y);
  llvm::DenseSet<const Expr *> MismatchSites;
  Value matmul(const Value &A, const Value &B);
  /// Calls module \p Obj: its forward pre-hooks, forward() (or a plain
  /// object's `__call__`) and forward hooks.
  Value callModule(const Value &Obj, const CallArgs &Args, Frame &F);
  Value callForward(const Value &Obj, const CallArgs &Args, Frame &F);
  /// Calls a join of modules (Value::Elems of an Unknown callee): when
  /// every alternative does no work and returns the same value, that value
  /// (ModuleAlternatives.cpp); nullopt otherwise.
  std::optional<Value> callModuleAlternatives(const Value &Callee,
                                              const CallArgs &Args, Frame &F);
  /// Runs function \p Fn; a local function sees \p Enclosing's locals.
  Value callFunction(const Symbol &Fn, const CallArgs &Args, Frame &F,
                     const Frame *Enclosing = nullptr);
  // Parameters, buffers and hooks of torch modules (ModuleState.cpp).
  /// True for an instance of a torch.nn.Module subclass.
  static bool isTorchModule(const Value &V);
  /// `register_parameter`, `register_buffer`, `register_forward_pre_hook`
  /// or `register_forward_hook` (\p M) called on module \p O at \p E.
  std::optional<Value> moduleStateMethod(ObjectState &O, llvm::StringRef M,
                                         const CallArgs &Args, const Expr &E);
  /// A module's `_parameters`, `_buffers`, `_forward_pre_hooks` or
  /// `_forward_hooks` as a dict of its state; nullopt for other names.
  std::optional<Value> moduleStateView(const Value &Obj, llvm::StringRef Name);
  /// `del obj.name`, `del module._parameters[name]`, `del d[key]`: true if
  /// \p Target named something known and it was removed.
  bool deleteTarget(const Expr &Target, Frame &F);
  /// Runs method \p Name found on \p Obj's MRO with \p Args; nullopt if
  /// its classes define none.
  std::optional<Value> callObjectMethod(const Value &Obj, llvm::StringRef Name,
                                        const CallArgs &Args, Frame &F);
  /// Calls a value: a module, an object with `__call__`, a function or a
  /// bound method.
  Value callValue(const Value &Callee, CallArgs Args, Frame &F);
  /// The module's forward pre-hooks, run with (module, inputs); a result
  /// that is not None replaces \p Args' positional inputs.
  void runForwardPreHooks(const Value &Module, CallArgs &Args, Frame &F);
  /// The module's forward hooks, run with (module, inputs, \p Out); the
  /// output, replaced by a result that is not None.
  Value runForwardHooks(const Value &Module, const CallArgs &Args, Value Out,
                        Frame &F);
  /// Warns once per call site that a hook of \p Module is not known, and
  /// makes the caller's cost unknown.
  void warnUnknownHook(const Value &Module, const Value &Hook,
                       llvm::StringRef Kind);
  llvm::DenseSet<const Expr *> UnknownHookReported;
  // Reading config attributes and their size hints (ConfigReader.h), and
  // what it remembers.
  friend class ConfigReader;
  /// Whether string \p V is a member's value of enum class \p ClassName
  /// (enum members evaluate to their values); nullopt if it is no enum.
  std::optional<bool> isEnumMemberValue(const Value &V,
                                        llvm::StringRef ClassName);
  /// `hasattr(module, Attr)` from the module's source; nullopt where a
  /// module `__getattr__` or a star import leaves it open.
  std::optional<Value> moduleHasAttr(llvm::StringRef Module,
                                     llvm::StringRef Attr);
  /// `Class.attribute` derivations running (a derivation reads the
  /// attribute it derives: that read takes the class default).
  llvm::StringSet<> ConfigDerivations;
  /// The config copies a derivation is running on: as in Python, their
  /// attributes read what the method has assigned so far, else the field's
  /// value, never a nested derivation (which made V4's six derived
  /// attributes run the method 6! times).
  llvm::DenseSet<const ObjectState *> ConfigsBeingDerived;
  /// How many undecided conditions were met, priced or not (record()).
  unsigned UndecidedSeen = 0;
  /// Hints by standard symbol name, set as config sizes are read.
  std::map<std::string, SizeHint> SizeHints;
  /// Hints of the profile's `[input_sizes]`, as they are first asked for.
  std::map<std::string, SizeHint> ProfileSizeHints;
  llvm::StringSet<> HintsInProgress;
  std::vector<PositionCount> PositionCounts;
  /// The names the `[input_shape]` conventions use for sizes, built once.
  std::optional<llvm::StringSet<>> InputShapeNames;
  /// `x.dtype == torch.float16` with the profile's activation dtype, or
  /// nullopt when \p A and \p B are not the activation dtype and a dtype.
  std::optional<bool> activationDtypeIs(const Value &A, const Value &B);
  /// Gives \p Open, an input waiting for a shape (ShapeFromPartner), the
  /// shape of \p Known it is combined with at \p Site, as an assumption.
  void adoptPartnerShape(Value &Open, const Value &Known, const Expr &Site);
  /// Forward inputs still waiting for a shape (no convention, no consumer
  /// that implies one), by name, at their parameter; each is warned about
  /// once, at the first op it leaves unpriced.
  llvm::StringMap<SourceRange> OpenInputs;
  /// Warns that the open inputs among \p Inputs left an op unpriced.
  void warnOpenInputs(llvm::ArrayRef<Value> Inputs);
  // Index bounds (IndexBounds.cpp).
  /// \p Idx with every element an index in [0, \p Extent), made by
  /// \p Producer (unchanged if \p Extent is null).
  Value boundedIndices(Value Idx, const sym::Expr *Extent,
                       llvm::StringRef Producer);
  /// \p R, the result of method \p M of \p T, with T's index bound when
  /// \p M moves, copies or casts T's elements to another integer type.
  static Value withIndexBoundOf(const Value &T, llvm::StringRef M, Value R);
  /// The number of elements of \p T (an index over all of it), or null.
  const sym::Expr *extentOfAll(const Value &T);
  /// The largest extent of \p T's dimensions (a coordinate of any of
  /// them), or null.
  const sym::Expr *largestExtent(const Value &T);
  /// The number of true elements of the bool mask \p Mask: its TrueCount,
  /// else (its values are not known) every element, the upper bound as for
  /// `nonzero`, recorded as an assumption naming \p Site (may be null);
  /// null if the mask's shape is not known.
  const sym::Expr *maskTrueCount(const Value &Mask, const Expr *Site);
  /// Records \p Text among the report's assumptions, once.
  void noteAssumption(llvm::StringRef Text);
  /// `L Op R` with one side a tensor of bounded indices (or a bounded loop
  /// index) and the other a number or size: the truth of every element
  /// (or of the comparison) when the bound settles
  /// it (\p Why says how), else nullopt.
  std::optional<bool> decideIndexComparison(const Value &L, llvm::StringRef Op,
                                            const Value &R, std::string &Why);
  // Known element values of new tensors (TensorFills.h).
  friend class TensorFills;
  friend class SymbolicElements;
  /// `hasattr(obj, name)` is False: a tensor's non-tensor attribute, or an
  /// object whose known classes and constructor never set it; else nullopt.
  std::optional<Value> lacksAttribute(const Value &Obj, llvm::StringRef Attr);
  /// Why config \p Cfg lacks \p Name: its class is known and neither
  /// config.json nor the class defines it, or the class's `__post_init__`
  /// sets it only on a branch not taken (then getattr gives its default);
  /// nullopt if it may have it.
  std::optional<std::string> configLacks(const Value &Cfg,
                                         llvm::StringRef Name);
  /// The config class (and its bases) whose defaults a config parameter
  /// \p P of a constructor in \p M takes; \p Built is the class whose
  /// constructor it is (ConfigBuilders.cpp). \p Guessed, if given, is set
  /// when the module's unrelated config classes left only a guess. For
  /// the unannotated `config` of \p Declaring, the config class its own
  /// class declares comes first, and one a base in its module declares
  /// (`config: LlamaConfig`) before the guess.
  std::vector<std::pair<const PyModule *, const ClassDef *>>
  configClassDefaults(const PyModule &M, const Param &P,
                      const ClassDef *Built = nullptr, bool *Guessed = nullptr,
                      const ObjectState *Declaring = nullptr);
  /// The `[input_shape]` entry \p Key (`param` or `Class.param`) for
  /// parameter \p Name of a forward taking \p Params: `Key&OTHER` for
  /// another parameter OTHER first (unless OTHER is optional and the
  /// profile's [inputs] leaves it out), each at the current phase
  /// (`Key@decode`) before any phase.
  const ProfileEntry *shapeConvention(const std::string &Key,
                                      llvm::ArrayRef<Param> Params,
                                      llvm::StringRef Name);
  /// A tensor input's value from its `[input_shape]` convention; \p
  /// ClassConv, when set, is the convention its module's class (or a base
  /// on its MRO) gives it (InputConventions.h).
  /// \p Used, when given, is set to the convention that shaped it.
  Value inputValue(const Param &P, llvm::StringRef ClassName, int Rank,
                   const ProfileEntry *ClassConv = nullptr,
                   const ProfileEntry **Used = nullptr);
  /// The unit's forward() whose inputs are being bound (for conventions
  /// `NAME&OTHER`, which hold when it also takes a parameter OTHER).
  const FunctionDef *InputsOf = nullptr;
  /// Binds \p Fn's parameters in \p F as the unit's inputs (EntryInputs.cpp).
  void bindInputs(const PyModule &M, const FunctionDef &Fn,
                  std::shared_ptr<ObjectState> Self, Frame &F);
  /// The dict an entry forward's `**P` receives: the inputs of the forward
  /// \p Fn hands `**P` on to (the next on the MRO, or a submodule's), else
  /// empty.
  Value forwardedKeywords(const PyModule &M, const FunctionDef &Fn,
                          const Param &P, std::shared_ptr<ObjectState> Self);
  // Inputs with no convention (InputShapeInference.h).
  friend class InputShapeInference;
  /// A required forward() parameter that is no tensor: a `dtype` (the
  /// activation dtype) or a `device`, by annotation or name
  /// (InputInference.cpp).
  std::optional<Value> nonTensorInput(const Param &P);
  /// The attention implementation transformers gives a model built from
  /// the config \p C (in \p M) receives when none is requested, where it
  /// differs from the profile's default `sdpa`: `eager` for a model class
  /// without `_supports_sdpa`
  /// (PreTrainedModel.get_correct_attn_implementation); nullopt when the
  /// profile's value stands (AttentionDefault.cpp).
  std::optional<Value> defaultAttention(const PyModule &M, const ClassDef &C);
  void logShape(const Expr &Target, const Value &V, Frame &F);
  // Small tensors whose values are known (ConcreteTensors.h).
  friend class ConcreteTensors;

  // The families tensorMethod and tensorFunction try (TensorOpRules.h).
  friend class TensorOpRules;

  void record(const void *Key, DecisionInfo D, bool Undecided,
              const SourceRange &At, Frame &F);
  /// A [facts] entry by name; `_name` falls back to `name`.
  const ProfileEntry *fact(llvm::StringRef Name) const;
  bool budgetExceeded() const {
    return Steps > MaxSteps || (Budget && Budget->expired());
  }
  const UnitBudget *Budget = nullptr;

  static constexpr unsigned MaxSteps = 1000000;
  static constexpr unsigned MaxConstructDepth = 12;
  /// The most submodules of a container a loop over it unrolls.
  static constexpr size_t MaxContainerUnroll = 256;
  static constexpr unsigned MaxCallDepth = 10;
  /// The most nested activations of one function on one object.
  static constexpr unsigned MaxRecursionDepth = 8;
  /// The bound for a recursion that passes objects (a walk over a module
  /// tree: replace_batch_norm over a ResNet backbone nests 8 deep).
  static constexpr unsigned MaxModuleTreeDepth = 32;
  /// Methods of self (`self._conv_forward(...)`) are calls like any other:
  /// a submodule deep in a stack reaches them at the same depth.
  static constexpr unsigned MaxInlineDepth = MaxCallDepth;
};

} // namespace modcost

#endif // MODCOST_INTERP_EVALUATOR_H
