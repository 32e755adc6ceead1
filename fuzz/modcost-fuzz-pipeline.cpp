//===- modcost-fuzz-pipeline.cpp - libFuzzer target for the pipeline ------===//
///
/// \file
/// Feeds arbitrary bytes through the same library path as modcost-opt: the
/// input becomes `fuzzmod/__init__.py` under a source root in a per-process
/// temporary directory (created once, the file rewritten each iteration),
/// then the `locate,prune` pipeline runs over several names and the
/// Markdown and JSON emitters render the report into a null stream.
///
/// Names analyzed per input, sharing one ModuleLoader as the driver does for
/// several names on one command line:
///   - `fuzzmod.Target`, a fixed dotted name;
///   - `Target`, the bare-name search over the root;
///   - `fuzzmod.<C>` for the first `class C` in the input, so that inputs
///     from the seed corpus reach locate and prune without the fuzzer having
///     to rename a class first.
///
/// Besides crashes and sanitizer reports, the target aborts on broken
/// contracts that would show as a wrong exit code or a silent failure:
///   - a pipeline error that is not a DiagnosedError, or whose category is
///     Internal (exit code 4 means a bug or an environment failure, and the
///     environment here is fixed);
///   - a DiagnosedError when no error diagnostic was printed during the run;
///   - a successful pipeline without a location in the report.
///
/// The pipeline is `locate,prune` unless $MODCOST_FUZZ_PIPELINE gives another
/// (`locate,prune,shape,cost` reaches the later passes); the printers
/// `print<locate>,print<prune>,print<ir>` run after it on success.
///
/// To reproduce a finding with the tool itself:
///
///   mkdir -p r/fuzzmod && cp crash-XXXX r/fuzzmod/__init__.py
///   modcost-opt --source-root=r -o out -passes=locate,prune fuzzmod.Target
///
//===----------------------------------------------------------------------===//

#include "modcost/Emit/Emitters.h"
#include "modcost/Frontend/PythonParser.h"
#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Pass/AnalysisUnit.h"
#include "modcost/Pass/PassManager.h"
#include "modcost/Passes/PassBuilder.h"
#include "modcost/Support/Diagnostics.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace llvm;
using namespace modcost;

#ifndef MODCOST_FUZZ_DEFAULT_PROFILE
#error "MODCOST_FUZZ_DEFAULT_PROFILE must name share/modcost/default.profile"
#endif

namespace {

/// State created once per process by LLVMFuzzerInitialize.
struct FuzzEnv {
  /// The temporary directory; removed at exit.
  std::string TempDir;
  /// The source root (`<TempDir>/root`).
  std::string Root;
  /// The file every input is written to (`<Root>/fuzzmod/__init__.py`).
  std::string InputPath;
  /// The built-in inference profile, parsed once.
  InferenceProfile Profile;
  /// The `-passes=` text of the pipeline under test.
  std::string Pipeline = "locate,prune";
};

FuzzEnv *Env = nullptr;

[[noreturn]] void fatal(const Twine &Msg) {
  errs() << "modcost-fuzz-pipeline: " << Msg << "\n";
  errs().flush();
  std::abort();
}

void removeTempDir() {
  if (Env && !Env->TempDir.empty())
    (void)sys::fs::remove_directories(Env->TempDir);
}

/// The first identifier after `class ` in \p Text, or empty.
std::string firstClassName(StringRef Text) {
  size_t Pos = 0;
  while ((Pos = Text.find("class ", Pos)) != StringRef::npos) {
    StringRef Rest = Text.drop_front(Pos + 6).ltrim(" \t");
    StringRef Id =
        Rest.take_while([](char C) { return isAlnum(C) || C == '_'; });
    if (!Id.empty() && SourceRoots::isValidDottedName(Id))
      return Id.str();
    Pos += 6;
  }
  return "";
}

/// Checks that a failed pipeline failed the documented way; consumes \p E.
/// Returns true if the failure means "not found" (a Markdown is written).
bool checkFailure(Error E, const DiagnosticEngine &Diags, StringRef Name) {
  bool NotFound = false;
  handleAllErrors(
      std::move(E),
      [&](const DiagnosedError &D) {
        if (D.getKind() == FailureKind::Internal)
          fatal("'" + Name + "': internal error (exit code 4) on an input");
        if (Diags.getNumErrors() == 0)
          fatal("'" + Name + "': failed without printing a diagnostic");
        NotFound = D.getKind() == FailureKind::NotFound;
      },
      [&](const ErrorInfoBase &EI) {
        fatal("'" + Name + "': undiagnosed error: " + EI.message());
      });
  return NotFound;
}

/// Runs the pipeline over \p Name and renders the report, as the driver does.
void analyze(StringRef Name, RunContext &Ctx, PassManager &PM,
             PassManager &Printers) {
  Ctx.Diags.clearRecorded();
  AnalysisUnit U(Name.str(), Ctx);
  AnalysisManager AM;
  raw_null_ostream Null;
  if (Error E = PM.run(U, AM)) {
    if (checkFailure(std::move(E), Ctx.Diags, Name))
      writeNotFoundMarkdown(U, Null);
    return;
  }
  if (!U.getReport().Location)
    fatal("'" + Name + "': the pipeline succeeded without a location");
  writeMarkdown(U, Null);
  writeJSON(U, Null);
  // The printers reuse the cached analyses; they dump the IR of forward().
  if (Error E = Printers.run(U, AM))
    checkFailure(std::move(E), Ctx.Diags, Name);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *Argc, char ***Argv) {
  Env = new FuzzEnv();
  SmallString<128> Dir;
  if (std::error_code EC = sys::fs::createUniqueDirectory("modcost-fuzz", Dir))
    fatal("cannot create a temporary directory: " + EC.message());
  Env->TempDir = std::string(Dir);
  std::atexit(removeTempDir);
  SmallString<128> Pkg(Dir);
  sys::path::append(Pkg, "root");
  Env->Root = std::string(Pkg);
  sys::path::append(Pkg, "fuzzmod");
  if (std::error_code EC = sys::fs::create_directories(Pkg))
    fatal("cannot create '" + Pkg + "': " + EC.message());
  sys::path::append(Pkg, "__init__.py");
  Env->InputPath = std::string(Pkg);

  auto Buf = MemoryBuffer::getFile(MODCOST_FUZZ_DEFAULT_PROFILE);
  if (!Buf)
    fatal("cannot read " MODCOST_FUZZ_DEFAULT_PROFILE ": " +
          Buf.getError().message());
  if (Error E = Env->Profile.parse((*Buf)->getBuffer(), "default.profile"))
    fatal("default.profile: " + toString(std::move(E)));
  if (const char *P = std::getenv("MODCOST_FUZZ_PIPELINE"))
    Env->Pipeline = P;
  DiagnosticEngine Diags(errs());
  PassManager PM;
  if (Error E = PassBuilder(Diags).parsePassPipeline(PM, Env->Pipeline))
    fatal("bad MODCOST_FUZZ_PIPELINE '" + Env->Pipeline +
          "': " + toString(std::move(E)));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input(reinterpret_cast<const char *>(Data), Size);
  {
    std::error_code EC;
    raw_fd_ostream OS(Env->InputPath, EC, sys::fs::OF_None);
    if (EC)
      fatal("cannot write '" + Env->InputPath + "': " + EC.message());
    OS << Input;
    OS.close();
    if (OS.has_error())
      fatal("cannot write '" + Env->InputPath + "'");
  }

  raw_null_ostream Null;
  DiagnosticEngine Diags(Null);
  SourceRoots Roots;
  if (Error E = Roots.addRoot(Env->Root))
    fatal(toString(std::move(E)));

  PassBuilder PB(Diags);
  PassManager PM, Printers;
  if (Error E = PB.parsePassPipeline(PM, Env->Pipeline))
    fatal("bad pipeline: " + toString(std::move(E)));
  if (Error E = PB.parsePassPipeline(Printers,
                                     "print<locate>,print<prune>,print<ir>"))
    fatal("bad printer pipeline: " + toString(std::move(E)));

  Expected<PythonParser> Parser = PythonParser::create(Diags);
  if (!Parser)
    fatal("cannot create the parser: " + toString(Parser.takeError()));
  ModuleLoader Loader(Roots, Diags, *Parser);
  RunContext Ctx{Diags, Loader, Null, /*DebugPassManager=*/false,
                 &Env->Profile};

  std::vector<std::string> Names{"fuzzmod.Target", "Target"};
  std::string Class = firstClassName(Input);
  if (!Class.empty() && Class != "Target")
    Names.push_back("fuzzmod." + Class);
  for (const std::string &Name : Names)
    analyze(Name, Ctx, PM, Printers);
  return 0;
}
