//===- Batch.cpp - Whole libraries in one run (--all) ---------------------===//
///
/// \file
/// The batch driver: its options, the worker threads (each with its own
/// parser and pass manager), one unit's run under a crash-recovery context
/// and a time budget, and the progress bar.
///
//===----------------------------------------------------------------------===//

#include "Batch.h"
#include "BatchUnits.h"

#include "modcost/Analysis/Locate.h"
#include "modcost/Emit/Emitters.h"
#include "modcost/Frontend/ModuleCache.h"
#include "modcost/Pass/PassManager.h"
#include "modcost/Passes/PassBuilder.h"
#include "modcost/Support/AllocationCounter.h"
#include "modcost/Support/Budget.h"
#include "modcost/Support/Error.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <functional>
#include <mutex>
#include <optional>

using namespace llvm;

namespace modcost {

static cl::OptionCategory BatchCat("modcost batch mode (--all)");

static cl::list<std::string>
    AllPackages("all",
                cl::desc("Analyze every class with a forward() under these "
                         "packages and write OUT/index.md and index.json"),
                cl::value_desc("package,..."), cl::CommaSeparated,
                cl::cat(BatchCat));
static cl::opt<bool>
    AllFunctions("functions",
                 cl::desc("With --all: every module-level function too"),
                 cl::cat(BatchCat));
static cl::opt<bool> AllFactories(
    "factories",
    cl::desc("With --all: module-level functions that return one of their "
             "module's classes with a forward() too"),
    cl::cat(BatchCat));
static cl::opt<unsigned>
    Jobs("j", cl::desc("With --all: threads to use (default: all cores)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(BatchCat));
static cl::opt<double>
    UnitTimeout("unit-timeout",
                cl::desc("With --all: seconds one unit may take before it is "
                         "`failed: over budget` (default 60)"),
                cl::value_desc("seconds"), cl::init(60), cl::cat(BatchCat));
static cl::opt<unsigned> UnitMemory(
    "unit-memory",
    cl::desc("With --all: MiB of heap one unit may hold before it is "
             "`failed: over budget` (default 1024; 0: no limit)"),
    cl::value_desc("MiB"), cl::init(1024), cl::cat(BatchCat));
static cl::opt<std::string> DebugCrashUnit(
    "batch-debug-crash",
    cl::desc("Testing: crash (a trap) while analyzing this unit"),
    cl::value_desc("name"), cl::Hidden, cl::cat(BatchCat));

cl::OptionCategory &getBatchCategory() { return BatchCat; }

bool isBatchRequested() { return !AllPackages.empty(); }

namespace {

/// What one thread owns: its parser and pass manager, and a diagnostic
/// engine for the parser that shares the run's source buffers.
struct Worker {
  /// Not llvm::nulls(): one stream per thread, no shared buffer.
  raw_null_ostream Discard;
  DiagnosticEngine Diags;
  std::optional<PythonParser> Parser;
  PassManager PM;

  explicit Worker(const DiagnosticEngine &Run) : Diags(Discard, Run) {}
  Error resetParser() {
    Parser.reset();
    Expected<PythonParser> P = PythonParser::create(Diags);
    if (!P)
      return P.takeError();
    Parser.emplace(std::move(*P));
    return Error::success();
  }
};

/// A progress bar on stderr when it is a terminal; silent otherwise.
class Progress {
public:
  Progress(StringRef What, size_t Total)
      : What(What.str()), Total(Total),
        Shown(sys::Process::StandardErrIsDisplayed()) {}
  ~Progress() {
    if (Shown && Total)
      errs() << "\r" << What << ": " << Total << "/" << Total
             << std::string(60, ' ') << "\n";
  }
  void step(StringRef Name) {
    size_t N = ++Done;
    if (!Shown)
      return;
    std::lock_guard<std::mutex> G(Lock);
    auto Now = std::chrono::steady_clock::now();
    if (Now - Last < std::chrono::milliseconds(100))
      return;
    Last = Now;
    unsigned Width = 30, Filled = Total ? Width * N / Total : Width;
    errs() << "\r" << What << ": [" << std::string(Filled, '#')
           << std::string(Width - Filled, ' ') << "] " << N << "/" << Total
           << " " << Name.take_back(40) << "\x1b[K";
  }

private:
  std::string What;
  size_t Total;
  bool Shown;
  std::atomic<size_t> Done{0};
  std::mutex Lock;
  std::chrono::steady_clock::time_point Last;
};

} // namespace

/// Runs \p Fn(worker, item) for items 0..N-1 on the pool, each worker
/// taking the next item when it is free.
static void forEachItem(DefaultThreadPool &Pool,
                        std::vector<std::unique_ptr<Worker>> &Workers, size_t N,
                        function_ref<void(Worker &, size_t)> Fn) {
  std::atomic<size_t> Next{0};
  for (auto &W : Workers)
    Pool.async([&, Wk = W.get()] {
      for (size_t I; (I = Next++) < N;)
        Fn(*Wk, I);
    });
  Pool.wait();
}

/// Writes the requested formats of \p U's report as OUT/<name>.{md,json}.
static Error writeUnitReport(const BatchConfig &C, const AnalysisUnit &U) {
  SmallString<256> Base(C.OutputDir);
  sys::path::append(Base, U.getName());
  if (C.WriteMD)
    if (Error E =
            writeFileAtomically((Base + ".md").str(),
                                [&](raw_ostream &OS) { writeMarkdown(U, OS); }))
      return E;
  if (C.WriteJSON)
    return writeFileAtomically((Base + ".json").str(),
                               [&](raw_ostream &OS) { writeJSON(U, OS); });
  return Error::success();
}

/// Analyzes one unit on worker \p W with its own loader, diagnostics and
/// budget, writes its report, and classifies it.
static BatchResult analyzeUnit(const BatchConfig &C, SharedModuleCache &Cache,
                               Worker &W, const BatchUnit &Unit) {
  BatchResult R;
  R.Unit = Unit;
  std::string Printed;
  raw_string_ostream PrintOS(Printed);
  DiagnosticEngine Diags(PrintOS, C.Diags);
  ModuleLoader Loader(C.Roots, Diags, *W.Parser);
  Loader.setSharedCache(&Cache);
  Loader.setModelRoots(C.ModelRoots);
  std::set<std::string> ReportNames{Unit.Name};
  UnitBudget Budget(std::chrono::duration_cast<UnitBudget::Clock::duration>(
                        std::chrono::duration<double>(UnitTimeout)),
                    std::uint64_t(UnitMemory) << 20);
  // Printer passes print nowhere in a batch (their own stream per unit:
  // llvm::nulls() is one buffer shared by every thread).
  raw_null_ostream PrintNowhere;
  RunContext Ctx{Diags, Loader, PrintNowhere, false, C.Profile, C.Bound};
  Ctx.OpRules = C.OpRules;
  Ctx.Machine = C.Machine;
  Ctx.ReportNames = &ReportNames;
  Ctx.Budget = &Budget;
  AnalysisUnit U(Unit.Name, Ctx);
  AnalysisManager AM;
  if (Unit.Name == DebugCrashUnit)
    LLVM_BUILTIN_TRAP;
  Error E = W.PM.run(U, AM, nullptr);
  if (Budget.expiredNow()) {
    consumeError(std::move(E));
    R.Status = "failed";
    raw_string_ostream Reason(R.Reason);
    if (Budget.whyExhausted() == UnitBudget::Exhausted::Memory)
      Reason << "over budget: more than " << UnitMemory.getValue()
             << " MiB of heap allocated (--unit-memory)";
    else
      Reason << "over budget: more than "
             << format("%g", UnitTimeout.getValue()) << " s (--unit-timeout)";
    return R;
  }
  if (E) {
    classifyFailure(R, exitCodeFor(std::move(E), Diags), Diags.getRecorded());
    return R;
  }
  if (!U.getReport().Location) {
    Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U);
    if (!L) {
      classifyFailure(R, exitCodeFor(L.takeError(), Diags),
                      Diags.getRecorded());
      return R;
    }
    U.getReport().Location = *L;
  }
  classifyReport(R, U.getReport(), Diags.getRecorded());
  if (Error WE = writeUnitReport(C, U)) {
    R = BatchResult();
    R.Unit = Unit;
    classifyFailure(R, exitCodeFor(std::move(WE), Diags), Diags.getRecorded());
    return R;
  }
  R.Report = Unit.Name;
  return R;
}

/// The name of the signal a crash-recovery return code stands for.
static std::string crashName(int RetCode) {
  int Sig = RetCode > 128 ? RetCode - 128 : RetCode;
  const char *Name = Sig == SIGSEGV   ? "SIGSEGV"
                     : Sig == SIGBUS  ? "SIGBUS"
                     : Sig == SIGILL  ? "SIGILL"
                     : Sig == SIGFPE  ? "SIGFPE"
                     : Sig == SIGABRT ? "SIGABRT"
                                      : nullptr;
  return Name ? Name : ("signal " + Twine(Sig)).str();
}

/// Parses every file under the packages (each once) and collects their
/// units, sorted by name.
static Expected<BatchEnumeration>
enumerateUnits(const BatchConfig &C, SharedModuleCache &Cache,
               DefaultThreadPool &Pool,
               std::vector<std::unique_ptr<Worker>> &Workers) {
  Expected<std::vector<PackageFile>> Files =
      findPackageFiles(C.Roots, AllPackages);
  if (!Files)
    return Files.takeError();
  std::vector<std::vector<BatchUnit>> PerFile(Files->size());
  std::vector<std::string> Errors(Files->size());
  UnitKinds Kinds{AllFunctions, AllFactories};
  Progress Bar("parsing", Files->size());
  forEachItem(Pool, Workers, Files->size(), [&](Worker &W, size_t I) {
    const ModuleFile &MF = (*Files)[I].File;
    const std::string &Dotted = (*Files)[I].Module;
    std::string Printed;
    raw_string_ostream OS(Printed);
    DiagnosticEngine Diags(OS, C.Diags);
    Expected<const PyModule *> M =
        Cache.get(MF, Dotted, /*IsModel=*/false, *W.Parser, Diags);
    if (M)
      collectUnits(**M, Kinds, PerFile[I]);
    else {
      consumeError(M.takeError());
      BatchResult R;
      classifyFailure(R, 1, Diags.getRecorded());
      Errors[I] = MF.RelPath + ": " + R.Reason.substr(strlen("exit 1: "));
    }
    Bar.step(MF.RelPath);
  });
  BatchEnumeration Out;
  Out.Files = Files->size();
  std::set<std::string> Seen;
  for (size_t I = 0; I < PerFile.size(); ++I) {
    for (BatchUnit &U : PerFile[I])
      if (Seen.insert(U.Name).second)
        Out.Units.push_back(std::move(U));
    if (!Errors[I].empty())
      Out.Unparsed.push_back(std::move(Errors[I]));
  }
  llvm::sort(Out.Units, [](const BatchUnit &A, const BatchUnit &B) {
    return A.Name < B.Name;
  });
  return Out;
}

int runBatch(BatchConfig &C) {
  if (UnitMemory)
    enableAllocationCounting();
  unsigned Threads =
      Jobs ? Jobs : hardware_concurrency().compute_thread_count();
  std::vector<std::unique_ptr<Worker>> Workers;
  for (unsigned I = 0; I < Threads; ++I) {
    auto W = std::make_unique<Worker>(C.Diags);
    if (Error E = C.PB.parsePassPipeline(W->PM, C.Pipeline))
      return exitCodeFor(std::move(E), C.Diags);
    if (Error E = W->resetParser())
      return exitCodeFor(std::move(E), C.Diags);
    Workers.push_back(std::move(W));
  }
  SharedModuleCache Cache(C.Diags);
  Cache.setParseCache(C.Cache);
  DefaultThreadPool Pool(hardware_concurrency(Threads));
  auto Start = std::chrono::steady_clock::now();
  Expected<BatchEnumeration> Found = enumerateUnits(C, Cache, Pool, Workers);
  if (!Found) {
    C.Diags.report(DiagLevel::Error, toString(Found.takeError()));
    return static_cast<int>(FailureKind::UsageError);
  }
  std::vector<BatchResult> Results(Found->Units.size());
  auto Parsed = std::chrono::steady_clock::now();
  CrashRecoveryContext::Enable();
  {
    Progress Bar("analyzing", Results.size());
    forEachItem(Pool, Workers, Results.size(), [&](Worker &W, size_t I) {
      const BatchUnit &Unit = Found->Units[I];
      CrashRecoveryContext CRC;
      if (!CRC.RunSafely(
              [&] { Results[I] = analyzeUnit(C, Cache, W, Unit); })) {
        // The thread's state may be broken: files it was parsing fail,
        // its parser is made anew.
        Cache.abandonParsesOf(std::this_thread::get_id());
        consumeError(W.resetParser());
        Results[I] = BatchResult();
        Results[I].Unit = Unit;
        Results[I].Status = "failed";
        Results[I].Reason = "crash: " + crashName(CRC.RetCode);
      }
      Bar.step(Unit.Name);
    });
  }
  CrashRecoveryContext::Disable();
  if (Error E = writeBatchIndex(C, AllPackages, *Found, Results))
    return exitCodeFor(std::move(E), C.Diags);
  errs() << "modcost-opt: " << Results.size() << " unit(s) of " << Found->Files
         << " file(s) -> " << C.OutputDir << "/index.md, " << C.OutputDir
         << "/index.json\n";
  // Times go to stderr only: the index stays the same from run to run.
  auto Seconds = [](auto D) {
    return std::chrono::duration<double>(D).count();
  };
  errs() << "modcost-opt: " << Threads << " thread(s); parsing "
         << format("%.2f", Seconds(Parsed - Start)) << " s, analysis "
         << format("%.2f", Seconds(std::chrono::steady_clock::now() - Parsed))
         << " s; " << Cache.getNumParsed() << " file(s) parsed\n";
  return 0;
}

} // namespace modcost
