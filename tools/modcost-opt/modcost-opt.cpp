//===- modcost-opt.cpp - The modcost driver -------------------------------===//
///
/// \file
/// A thin driver in the manner of LLVM's `opt`: parse options, build the
/// pipeline from `-passes=`, run it over each requested name, and write
/// `<OUTDIR>/<NAME>.md` and `<OUTDIR>/<NAME>.json`. All analysis lives in
/// the libraries; this file only wires them up and picks the exit code
/// (documented in docs/CommandGuide.md).
///
//===----------------------------------------------------------------------===//

#include "Batch.h"
#include "CacheOptions.h"
#include "PhaseRun.h"

#include "modcost/Analysis/Locate.h"
#include "modcost/Emit/Emitters.h"
#include "modcost/Emit/LegacyJSON.h"
#include "modcost/Emit/ModuleTree.h"
#include "modcost/Emit/RooflinePlot.h"
#include "modcost/Frontend/ModelConfig.h"
#include "modcost/Frontend/PythonParser.h"
#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Pass/PassManager.h"
#include "modcost/Passes/PassBuilder.h"
#include "modcost/Plugin/PassPlugin.h"
#include "modcost/Semantics/OpRulesFile.h"
#include "modcost/Support/Diagnostics.h"
#include "modcost/Support/Error.h"
#include "modcost/Support/NumberFormat.h"
#include "modcost/Target/Roofline.h"
#include "modcost/Transforms/Expand.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <numeric>

using namespace llvm;
using namespace modcost;

cl::OptionCategory modcost::ModcostCat("modcost options");

static cl::list<std::string> Names(cl::Positional, cl::desc("<module-name>..."),
                                   cl::cat(ModcostCat));
static cl::opt<std::string>
    PassPipeline("passes",
                 cl::desc("Comma-separated pass pipeline (see -list-passes)"),
                 cl::init("locate,prune,cost"), cl::cat(ModcostCat));
static cl::list<std::string>
    SourceRootOpts("source-root",
                   cl::desc("A directory holding Python packages (repeatable); "
                            "searched before the default roots (the "
                            "python3 on PATH's site-packages and Debian's "
                            "dist-packages)"),
                   cl::value_desc("dir"), cl::cat(ModcostCat));
static cl::opt<bool> NoDefaultRoots(
    "no-default-source-roots",
    cl::desc("Search only the --source-root directories, not the default "
             "Python package directories"),
    cl::cat(ModcostCat));
static cl::list<std::string> ModelsDirs(
    "models-dir",
    cl::desc("A directory of library models (Python, laid out by package) "
             "searched before the shipped ones (repeatable; docs/Models.md)"),
    cl::value_desc("dir"), cl::cat(ModcostCat));
static cl::opt<bool>
    NoModels("no-models",
             cl::desc("Follow the real source everywhere: use no library "
                      "model"),
             cl::cat(ModcostCat));
static cl::list<std::string>
    TransformersDir("transformers-dir",
                    cl::desc("Alias of --source-root for a transformers "
                             "checkout's src/ directory"),
                    cl::value_desc("dir"), cl::cat(ModcostCat));
static cl::list<std::string>
    PytorchDir("pytorch-dir",
               cl::desc("Alias of --source-root for the directory holding "
                        "the torch package"),
               cl::value_desc("dir"), cl::cat(ModcostCat));
static cl::opt<std::string> OutputDir("o", cl::desc("Output directory"),
                                      cl::value_desc("dir"),
                                      cl::init("modcost-out"),
                                      cl::cat(ModcostCat));
static cl::list<std::string>
    Formats("format",
            cl::desc("Outputs to write: md, json (default both), "
                     "legacy-json (<NAME>.legacy.json, the minimal "
                     "per-module format)"),
            cl::CommaSeparated, cl::cat(ModcostCat));
static cl::opt<bool> DebugPM("debug-pass-manager",
                             cl::desc("Print the passes and analyses that run"),
                             cl::cat(ModcostCat));
/// `-print-pipeline-passes` is already registered by the shared libLLVM (its
/// own pass builder defines it; MODCOST_LINK_LLVM_DYLIB); two options of one
/// name abort at start-up, so the driver adopts LLVM's option then, and
/// declares its own otherwise.
static cl::opt<bool> *adoptPrintPipelineOption() {
  auto &Opts = cl::getRegisteredOptions();
  auto It = Opts.find("print-pipeline-passes");
  if (It == Opts.end()) {
    // LLVM Support linked statically (the default): nobody declared it.
    static cl::opt<bool> Own(
        "print-pipeline-passes",
        cl::desc("Print the parsed pipeline as -passes= text and exit"),
        cl::cat(ModcostCat));
    return &Own;
  }
  auto *Opt = static_cast<cl::opt<bool> *>(It->second);
  Opt->setDescription("Print the parsed pipeline as -passes= text and exit");
  Opt->addCategory(ModcostCat);
  return Opt;
}
static cl::opt<std::string>
    ProfileFile("profile",
                cl::desc("An inference profile merged over the built-in "
                         "default (see docs/InferenceProfile.md)"),
                cl::value_desc("file"), cl::cat(ModcostCat));
static cl::list<std::string>
    Defines("D", cl::Prefix,
            cl::desc("Override a profile fact: -D NAME=VALUE or "
                     "-D SECTION.NAME=VALUE"),
            cl::value_desc("name=value"), cl::cat(ModcostCat));
static cl::list<std::string>
    SetValues("set",
              cl::desc("Bind a constructor parameter of the analyzed class: "
                       "--set NAME=VALUE (Python literal; 7,7 is a tuple; a "
                       "call or a dotted name is evaluated in the class's "
                       "module)"),
              cl::value_desc("name=value"), cl::cat(ModcostCat));
static cl::list<std::string>
    InputShapes("input-shape",
                cl::desc("Shape of a forward() input: --input-shape "
                         "NAME=d0,d1,... (integers or symbols)"),
                cl::value_desc("name=dims"), cl::cat(ModcostCat));
static cl::opt<std::string>
    ConfigFile("config",
               cl::desc("A HuggingFace config.json, a directory holding one, "
                        "or a model id in the local Hugging Face cache: "
                        "binds every standard symbol it defines (for "
                        "expand); with no NAME, analyzes architectures[0]"),
               cl::value_desc("file|dir|model-id"), cl::cat(ModcostCat));
static cl::opt<unsigned>
    TreeDepth("tree-depth",
              cl::desc("Rows of the module tree down to this depth (0: all)"),
              cl::init(0), cl::cat(ModcostCat));
static cl::opt<bool>
    PrintTree("print-tree",
              cl::desc("Print the module tree as an aligned table (stdout)"),
              cl::cat(ModcostCat));
static cl::opt<std::string> BatchSize("batch-size",
                                      cl::desc("Bind batch_size (expand)"),
                                      cl::cat(ModcostCat));
static cl::opt<std::string> SeqLen("seq-len", cl::desc("Bind seq_len (expand)"),
                                   cl::cat(ModcostCat));
static cl::opt<std::string> CacheLen("cache-len",
                                     cl::desc("Bind cache_len (expand)"),
                                     cl::cat(ModcostCat));
static cl::opt<std::string> ABytes("a-bytes",
                                   cl::desc("Bytes per activation element "
                                            "(default 2)"),
                                   cl::init("2"), cl::cat(ModcostCat));
static cl::opt<std::string> WBytes("w-bytes",
                                   cl::desc("Bytes per weight element "
                                            "(default 2)"),
                                   cl::init("2"), cl::cat(ModcostCat));
static cl::opt<bool>
    Stats("prune-stats",
          cl::desc("Print how many conditions prune decided and left "
                   "undecided"),
          cl::cat(ModcostCat));
static cl::opt<bool> ListPasses("list-passes",
                                cl::desc("List the registered passes and exit"),
                                cl::cat(ModcostCat));
static cl::opt<std::string>
    Hardware("hardware",
             cl::desc("Roofline on an accelerator of the shipped table "
                      "(expand; see -list-hardware)"),
             cl::value_desc("name"), cl::cat(ModcostCat));
static cl::opt<std::string>
    PeakFlopsOpt("peak-flops",
                 cl::desc("Peak FLOP/s for the roofline (312e12 or 312T); "
                          "wins over --hardware's"),
                 cl::value_desc("rate"), cl::cat(ModcostCat));
static cl::opt<std::string>
    BandwidthOpt("bandwidth",
                 cl::desc("Memory bandwidth in bytes/s for the roofline "
                          "(2.039e12 or 2.039T); wins over --hardware's"),
                 cl::value_desc("rate"), cl::cat(ModcostCat));
static cl::opt<std::string>
    PlotFile("plot",
             cl::desc("Write the roofline as an SVG plot (needs a roofline)"),
             cl::value_desc("file.svg"), cl::cat(ModcostCat));
static cl::opt<bool>
    ListHardware("list-hardware",
                 cl::desc("List the accelerators of --hardware and exit"),
                 cl::cat(ModcostCat));

static cl::list<std::string>
    PassPlugins("load-pass-plugin",
                cl::desc("Load passes and op cost rules from a plugin "
                         "(repeatable; see docs/WritingAPass.md)"),
                cl::value_desc("path"), cl::cat(ModcostCat));
static cl::list<std::string>
    OpRulesFiles("op-rules",
                 cl::desc("Load declarative op cost rules from a JSON file "
                          "(repeatable)"),
                 cl::value_desc("file"), cl::cat(ModcostCat));

/// Prints the --hardware table: name, peaks per element size, bandwidth.
static void printHardwareTable(raw_ostream &OS) {
  OS << "Accelerators for --hardware (peak dense FLOP/s by a_bytes; "
        "memory bandwidth):\n";
  auto Peak = [](double V) { return V > 0 ? formatSI(V, "") : "-"; };
  for (const HardwareSpec &H : getHardwareTable())
    OS << "  " << left_justify(H.ID, 14) << left_justify(H.Name, 25)
       << " 1: " << Peak(H.PeakFlops1) << ", 2: " << Peak(H.PeakFlops2)
       << ", 4: " << Peak(H.PeakFlops4) << "; " << formatSI(H.Bandwidth, "B/s")
       << "\n      " << H.Source << "\n";
}

/// Where the plot of unit \p Name goes: \p Path itself, or with several
/// names `<stem>.<Name><ext>` next to it.
static std::string plotPathFor(StringRef Path, StringRef Name, bool Several) {
  if (!Several)
    return Path.str();
  SmallString<256> P(Path);
  std::string Ext = sys::path::extension(Path).str();
  sys::path::replace_extension(P, "");
  return (P + "." + Name + Ext).str();
}

/// \p V (`2`, `0.5`, `1/2`) as an exact positive fraction in lowest terms
/// (`1/2`), or nullopt.
static std::optional<std::string> exactDecimal(StringRef V) {
  V = V.trim();
  uint64_t Num = 0, Den = 1;
  auto [Int, Frac] = V.split('.');
  if (V.contains('/')) {
    auto [N, D] = V.split('/');
    if (N.getAsInteger(10, Num) || D.getAsInteger(10, Den) || Den == 0)
      return std::nullopt;
  } else {
    if (Int.empty() || Int.getAsInteger(10, Num) || Frac.size() > 9 ||
        !llvm::all_of(Frac, isDigit))
      return std::nullopt;
    for (char C : Frac) {
      Num = Num * 10 + unsigned(C - '0');
      Den *= 10;
    }
  }
  if (Num == 0)
    return std::nullopt;
  uint64_t G = std::gcd(Num, Den);
  Num /= G;
  Den /= G;
  return Den == 1 ? std::to_string(Num)
                  : std::to_string(Num) + "/" + std::to_string(Den);
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::opt<bool> *PrintPipeline = adoptPrintPipelineOption();
  cl::HideUnrelatedOptions({&ModcostCat, &getBatchCategory()});
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "modcost-opt (modcost) " << MODCOST_VERSION << "\n";
  });

  DiagnosticEngine Diags(errs());
  // --help lists the passes too, from the same registry.
  static PassBuilder HelpPB(Diags);
  cl::AddExtraVersionPrinter([](raw_ostream &) {});
  std::string Overview =
      "modcost static cost analyzer for PyTorch modules\n\n"
      "  modcost-opt [-passes=...] [--source-root=DIR]... -o OUTDIR NAME...\n";
  {
    std::string S;
    raw_string_ostream OS(S);
    OS << "\n";
    HelpPB.printPassNames(OS);
    Overview += OS.str();
  }
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errs()))
    return static_cast<int>(FailureKind::UsageError);

  PassBuilder PB(Diags);
  OpRuleRegistry OpRules;
  for (const std::string &Path : PassPlugins) {
    Expected<PassPlugin> P = PassPlugin::load(Path);
    if (!P) {
      Diags.report(DiagLevel::Error, toString(P.takeError()));
      return static_cast<int>(FailureKind::InputError);
    }
    PluginRegistrar R(
        PB, OpRules,
        ("plugin " + P->getPluginName() + " " + P->getPluginVersion()).str());
    P->registerCallbacks(R);
    if (Error E = R.takeError()) {
      Diags.report(DiagLevel::Error,
                   "plugin '" + Path + "': " + toString(std::move(E)));
      return static_cast<int>(FailureKind::InputError);
    }
  }
  for (const std::string &Path : OpRulesFiles)
    if (Error E = loadOpRulesFile(Path, OpRules, Diags))
      return exitCodeFor(std::move(E), Diags);
  if (ListPasses) {
    PB.printPassNames(outs());
    if (!OpRules.empty()) {
      outs() << "Op cost rules (asked before the built-in catalog):\n";
      for (const OpRuleRegistry::Entry &E : OpRules.entries())
        outs() << "  " << E.Rule->describe() << "\n      from " << E.Provider
               << "\n";
    }
    return 0;
  }
  if (ListHardware) {
    printHardwareTable(outs());
    return 0;
  }

  PassManager PM;
  if (Error E = PB.parsePassPipeline(PM, PassPipeline))
    return exitCodeFor(std::move(E), Diags);
  if (PrintPipeline && PrintPipeline->getValue()) {
    PM.printPipeline(outs());
    outs() << "\n";
    return 0;
  }

  if (isBatchRequested() && !Names.empty()) {
    Diags.report(DiagLevel::Error, "--all analyzes whole packages: give it or "
                                   "module names, not both");
    return static_cast<int>(FailureKind::UsageError);
  }
  if (Names.empty() && ConfigFile.empty() && !isBatchRequested()) {
    Diags.report(DiagLevel::Error,
                 "no module name given; try modcost-opt "
                 "torch.nn.modules.linear.Linear, or --config=config.json "
                 "(see --help)");
    return static_cast<int>(FailureKind::UsageError);
  }
  // --config: a file, a directory or a model id in the local cache.
  std::optional<ConfigLocation> Config;
  if (!ConfigFile.empty()) {
    Expected<ConfigLocation> L = resolveConfigArgument(ConfigFile);
    if (!L) {
      Diags.report(DiagLevel::Error, toString(L.takeError()));
      return static_cast<int>(FailureKind::UsageError);
    }
    Config = std::move(*L);
  }
  for (const std::string &N : Names)
    if (!SourceRoots::isValidDottedName(N)) {
      Diags.report(DiagLevel::Error,
                   "invalid module name '" + N +
                       "': expected a dotted Python name such as "
                       "torch.nn.Linear");
      return static_cast<int>(FailureKind::UsageError);
    }

  bool WriteMD = Formats.empty(), WriteJSON = Formats.empty();
  bool WriteLegacy = false;
  for (const std::string &F : Formats) {
    if (F == "md")
      WriteMD = true;
    else if (F == "json")
      WriteJSON = true;
    else if (F == "legacy-json")
      WriteLegacy = true;
    else {
      Diags.report(DiagLevel::Error, "unknown --format '" + F +
                                         "' (expected md, json or "
                                         "legacy-json)");
      return static_cast<int>(FailureKind::UsageError);
    }
  }

  SourceRoots Roots;
  std::vector<std::string> RootList;
  // A snapshot's own modeling code (auto_map) is searched first.
  if (Config && !Config->CodeRoot.empty())
    RootList.push_back(Config->CodeRoot);
  for (auto *L : {&SourceRootOpts, &TransformersDir, &PytorchDir})
    RootList.insert(RootList.end(), L->begin(), L->end());
  if (!NoDefaultRoots)
    for (std::string &R : SourceRoots::defaultRoots())
      if (!llvm::is_contained(RootList, R))
        RootList.push_back(std::move(R));
  for (const std::string &R : RootList)
    if (Error E = Roots.addRoot(R)) {
      Diags.report(DiagLevel::Error, toString(std::move(E)));
      return static_cast<int>(FailureKind::UsageError);
    }

  if (sys::fs::exists(OutputDir) && !sys::fs::is_directory(OutputDir)) {
    Diags.report(DiagLevel::Error, "output path '" + OutputDir +
                                       "' exists and is not a directory");
    return static_cast<int>(FailureKind::Internal);
  }
  if (std::error_code EC = sys::fs::create_directories(OutputDir)) {
    Diags.report(DiagLevel::Error, "cannot create output directory '" +
                                       OutputDir + "': " + EC.message());
    return static_cast<int>(FailureKind::Internal);
  }

  InferenceProfile Profile;
  std::string DefaultProfile = InferenceProfile::defaultProfilePath(
      argv[0], reinterpret_cast<void *>(&exitCodeFor));
  if (Error E = Profile.loadFile(DefaultProfile)) {
    Diags.report(DiagLevel::Error,
                 toString(std::move(E)) +
                     " (the built-in profile ships in share/modcost/; set "
                     "MODCOST_PROFILE_DIR to its directory)");
    return static_cast<int>(FailureKind::Internal);
  }
  if (!ProfileFile.empty())
    if (Error E = Profile.loadFile(ProfileFile)) {
      Diags.report(DiagLevel::Error, toString(std::move(E)));
      return static_cast<int>(FailureKind::UsageError);
    }
  std::vector<std::string> AllDefines(Defines.begin(), Defines.end());
  for (const std::string &S : SetValues)
    AllDefines.push_back("set." + S);
  for (const std::string &S : InputShapes)
    AllDefines.push_back("input_shape." + S);
  for (const std::string &D : AllDefines)
    if (Error E = Profile.define(D)) {
      Diags.report(DiagLevel::Error, toString(std::move(E)));
      return static_cast<int>(FailureKind::UsageError);
    }

  Bindings Bound;
  if (Config) {
    if (Error E = Bound.loadConfig(Config->File)) {
      Diags.report(DiagLevel::Error, toString(std::move(E)));
      return static_cast<int>(FailureKind::UsageError);
    }
    if (Error E = Profile.loadConfigJSON(Config->File)) {
      Diags.report(DiagLevel::Error, toString(std::move(E)));
      return static_cast<int>(FailureKind::UsageError);
    }
  }
  auto BindInt = [&](StringRef Name, StringRef V, StringRef Origin) {
    int64_t N;
    if (V.empty())
      return true;
    if (V.getAsInteger(10, N) || N < 0) {
      Diags.report(DiagLevel::Error, "--" + Origin +
                                         " expects a "
                                         "non-negative integer, "
                                         "got '" +
                                         V + "'");
      return false;
    }
    Bound.bind(Name, V, ("--" + Origin).str());
    return true;
  };
  // Element sizes may be fractional (`--w-bytes=0.5` for 4-bit weights):
  // bound as exact fractions.
  auto BindSize = [&](StringRef Name, StringRef V, StringRef Origin) {
    std::optional<std::string> Exact = exactDecimal(V);
    if (!Exact) {
      Diags.report(DiagLevel::Error,
                   "--" + Origin +
                       " expects a positive number of bytes (2, 0.5, 1/2), "
                       "got '" +
                       V + "'");
      return false;
    }
    Bound.bind(Name, *Exact, ("--" + Origin).str());
    return true;
  };
  if (!BindInt("batch_size", BatchSize, "batch-size") ||
      !BindInt("seq_len", SeqLen, "seq-len") ||
      !BindInt("cache_len", CacheLen, "cache-len") ||
      !BindSize("a_bytes", ABytes, "a-bytes") ||
      !BindSize("w_bytes", WBytes, "w-bytes"))
    return static_cast<int>(FailureKind::UsageError);
  // --set NAME=INTEGER also binds the symbol NAME in formulas; a config
  // attribute (`num_attention_heads`) binds its standard name (`num_heads`).
  for (const std::string &S : SetValues) {
    auto [N, V] = StringRef(S).split('=');
    int64_t X;
    if (V.trim().getAsInteger(10, X))
      continue;
    Bound.bind(N.trim(), V.trim(), "--set");
    StringRef Std = InferenceProfile::standardConfigName(N.trim());
    if (!Std.empty() && Std != N.trim())
      Bound.bind(Std, V.trim(), ("--set " + N.trim()).str());
  }

  // The roofline machine: --hardware, overridden by --peak-flops and
  // --bandwidth; the table's peak is chosen by the bound a_bytes.
  std::optional<RooflineTarget> Machine;
  if (!Hardware.empty() || !PeakFlopsOpt.empty() || !BandwidthOpt.empty()) {
    const HardwareSpec *HW = nullptr;
    if (!Hardware.empty() && !(HW = lookupHardware(Hardware))) {
      Diags.report(DiagLevel::Error, "unknown --hardware '" + Hardware +
                                         "' (known: " + getHardwareNames() +
                                         ")");
      return static_cast<int>(FailureKind::UsageError);
    }
    std::optional<double> Peak, BW;
    for (auto [Opt, Name, Out] :
         {std::tuple(&PeakFlopsOpt, "peak-flops", &Peak),
          std::tuple(&BandwidthOpt, "bandwidth", &BW)}) {
      if (Opt->empty())
        continue;
      Expected<double> V = parseSIValue(*Opt);
      if (!V) {
        Diags.report(DiagLevel::Error,
                     "--" + Twine(Name) + ": " + toString(V.takeError()));
        return static_cast<int>(FailureKind::UsageError);
      }
      *Out = *V;
    }
    std::optional<unsigned> ElementBytes;
    auto AB = Bound.Values.find("a_bytes");
    unsigned N;
    if (AB != Bound.Values.end() && !StringRef(AB->second).getAsInteger(10, N))
      ElementBytes = N;
    Expected<RooflineTarget> T = makeRooflineTarget(HW, ElementBytes, Peak, BW);
    if (!T) {
      Diags.report(DiagLevel::Error, toString(T.takeError()));
      return static_cast<int>(FailureKind::UsageError);
    }
    Machine = std::move(*T);
  }
  if (Machine) {
    std::string Pipeline;
    raw_string_ostream PS(Pipeline);
    PM.printPipeline(PS);
    SmallVector<StringRef, 8> Passes;
    StringRef(Pipeline).split(Passes, ',');
    if (!llvm::is_contained(Passes, "expand")) {
      Diags.report(DiagLevel::Error,
                   "--hardware, --peak-flops, --bandwidth and --plot need "
                   "the expand pass: -passes=locate,prune,cost,expand");
      return static_cast<int>(FailureKind::UsageError);
    }
  }
  if (!PlotFile.empty() && !Machine) {
    Diags.report(DiagLevel::Error,
                 "--plot needs a roofline: give --hardware=NAME or "
                 "--peak-flops and --bandwidth (and run expand)");
    return static_cast<int>(FailureKind::UsageError);
  }

  if (!checkPhaseOptions(Diags))
    return static_cast<int>(FailureKind::UsageError);

  // The shipped models live next to the default profile.
  SourceRoots ModelRoots;
  if (!NoModels) {
    std::vector<std::string> Dirs(ModelsDirs.begin(), ModelsDirs.end());
    SmallString<256> Shipped(sys::path::parent_path(DefaultProfile));
    sys::path::append(Shipped, "models");
    if (sys::fs::is_directory(Shipped))
      Dirs.push_back(std::string(Shipped));
    for (const std::string &D : Dirs)
      if (Error E = ModelRoots.addRoot(D)) {
        Diags.report(DiagLevel::Error,
                     "--models-dir: " + toString(std::move(E)));
        return static_cast<int>(FailureKind::UsageError);
      }
  }
  std::unique_ptr<ParseCache> Cache = openParseCache();
  if (isBatchRequested()) {
    BatchConfig Batch{Diags,
                      Roots,
                      ModelRoots,
                      PB,
                      DefaultBatchPipeline,
                      &Profile,
                      &Bound,
                      &OpRules,
                      Machine ? &*Machine : nullptr,
                      OutputDir,
                      WriteMD,
                      WriteJSON,
                      MODCOST_VERSION};
    if (PassPipeline.getNumOccurrences())
      Batch.Pipeline = PassPipeline;
    Batch.Cache = Cache.get();
    int Code = runBatch(Batch);
    printCacheStats(Cache.get());
    return Code;
  }

  auto Parser = PythonParser::create(Diags);
  if (!Parser)
    return exitCodeFor(Parser.takeError(), Diags);
  // The loaded modules are the run's largest structure; freeing them at
  // exit only costs time (a tenth of a warm run), so they are buried, still
  // reachable for the leak checker, as clang's -disable-free does.
  auto LoaderOwner = std::make_unique<ModuleLoader>(Roots, Diags, *Parser);
  auto BuryLoader =
      make_scope_exit([&] { BuryPointer(std::move(LoaderOwner)); });
  ModuleLoader &Loader = *LoaderOwner;
  Loader.setModelRoots(std::move(ModelRoots));
  Loader.setParseCache(Cache.get());
  // No NAME: the class the config's architectures[0] names.
  std::vector<std::string> UnitNames(Names.begin(), Names.end());
  if (UnitNames.empty()) {
    std::vector<std::string> Trace;
    Expected<std::string> Arch = resolveArchitecture(*Config, Loader, Trace);
    if (!Arch) {
      Diags.report(DiagLevel::Error, toString(Arch.takeError()));
      return static_cast<int>(FailureKind::NotFound);
    }
    errs() << "modcost-opt: --config: " << join(Trace, "; ") << "\n";
    UnitNames.push_back(*Arch);
  }
  RunContext Ctx{Diags, Loader, outs(), DebugPM, &Profile, &Bound};
  Ctx.TreeDepth = TreeDepth;
  Ctx.OpRules = &OpRules;
  Ctx.Machine = Machine ? &*Machine : nullptr;
  std::set<std::string> ReportNames(UnitNames.begin(), UnitNames.end());
  Ctx.ReportNames = &ReportNames;
  unsigned TotalDecided = 0, TotalUndecided = 0, UnitsPruned = 0;

  int ExitCode = 0;
  for (const std::string &Name : UnitNames) {
    if (phaseRunRequested()) {
      PhaseRunEnv Env{
          PM,      Ctx,       Profile,     Bound,    OutputDir,
          WriteMD, WriteJSON, WriteLegacy, PlotFile, UnitNames.size() > 1};
      Env.PrintTree = PrintTree;
      int Code = runPhases(Name, Env);
      ExitCode = ExitCode ? ExitCode : Code;
      continue;
    }
    Diags.clearRecorded();
    AnalysisUnit U(Name, Ctx);
    AnalysisManager AM(DebugPM ? &errs() : nullptr);
    SmallString<256> Base(OutputDir);
    sys::path::append(Base, Name);
    Error E = PM.run(U, AM, DebugPM ? &errs() : nullptr);
    if (E) {
      int Code = exitCodeFor(std::move(E), Diags);
      if (Code == static_cast<int>(FailureKind::NotFound) && WriteMD) {
        std::string MD = (Base + ".md").str();
        if (Error WE = writeFileAtomically(
                MD, [&](raw_ostream &OS) { writeNotFoundMarkdown(U, OS); }))
          Code = exitCodeFor(std::move(WE), Diags);
        else
          errs() << "modcost-opt: wrote " << MD << " (module not found)\n";
      }
      if (!ExitCode)
        ExitCode = Code;
      continue;
    }
    if (!U.getReport().Location) {
      // Every report needs a location; a pipeline of printer passes alone
      // still computed it (or gets it now, from the analysis cache).
      Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U);
      if (!L) {
        if (!ExitCode)
          ExitCode = exitCodeFor(L.takeError(), Diags);
        continue;
      }
      U.getReport().Location = *L;
    }
    if (U.getReport().Pruned) {
      ++UnitsPruned;
      TotalDecided += U.getReport().Decided;
      TotalUndecided += U.getReport().Undecided;
    }
    // The requested formats of one report, each written atomically.
    auto WriteReport = [&](const AnalysisUnit &R, StringRef Stem) -> Error {
      if (WriteMD)
        if (Error E =
                writeFileAtomically((Stem + ".md").str(), [&](raw_ostream &OS) {
                  writeMarkdown(R, OS);
                }))
          return E;
      if (WriteLegacy)
        if (Error E = writeFileAtomically(
                (Stem + ".legacy.json").str(),
                [&](raw_ostream &OS) { writeLegacyJSON(R, OS); }))
          return E;
      if (WriteJSON)
        return writeFileAtomically((Stem + ".json").str(),
                                   [&](raw_ostream &OS) { writeJSON(R, OS); });
      return Error::success();
    };
    std::string MD = (Base + ".md").str(), JS = (Base + ".json").str();
    if (Error WE = WriteReport(U, Base)) {
      ExitCode = exitCodeFor(std::move(WE), Diags);
      continue;
    }
    // `expand`: each composite call's own report, next to the root's.
    unsigned Written = 0;
    for (UnitReport &C : U.getReport().CalleeReports) {
      StringRef Stem = C.ReportName;
      // `a.b.C` or `a.b.C-2`: the name part must be a dotted name, so the
      // file stays inside the output directory.
      auto [Head, Tail] = Stem.rsplit('-');
      StringRef Dotted =
          !Tail.empty() && llvm::all_of(Tail, isDigit) ? Head : Stem;
      if (!SourceRoots::isValidDottedName(Dotted)) {
        Diags.report(DiagLevel::Warning, "no report for composite '" + Stem +
                                             "': not a dotted Python name");
        continue;
      }
      AnalysisUnit Sub(Stem.str(), Ctx);
      Sub.getReport() = C; // a copy: --plot still walks the callees
      SmallString<256> SubBase(OutputDir);
      sys::path::append(SubBase, Sub.getName());
      if (Error WE = WriteReport(Sub, SubBase)) {
        ExitCode = exitCodeFor(std::move(WE), Diags);
        break;
      }
      ++Written;
    }
    errs() << "modcost-opt: " << Name << " -> "
           << (WriteMD ? MD : std::string())
           << (WriteMD && WriteJSON ? ", " : "")
           << (WriteJSON ? JS : std::string());
    if (Written)
      errs() << " and " << Written << " composite report(s) in " << OutputDir;
    errs() << "\n";
    if (PrintTree)
      printModuleTree(U.getReport(), Name, outs());
    if (!PlotFile.empty() && U.getReport().Roofline) {
      std::string Plot = plotPathFor(PlotFile, Name, UnitNames.size() > 1);
      if (Error WE = writeFileAtomically(
              Plot, [&](raw_ostream &OS) { writeRooflineSVG(U, OS); })) {
        ExitCode = exitCodeFor(std::move(WE), Diags);
        continue;
      }
      errs() << "modcost-opt: " << Name << " -> " << Plot << "\n";
    }
  }
  if (Stats)
    errs() << "modcost-opt statistics: " << UnitNames.size() << " unit(s), "
           << UnitsPruned << " pruned, " << TotalDecided
           << " condition(s) decided, " << TotalUndecided << " undecided\n";
  printCacheStats(Cache.get());
  return ExitCode;
}
