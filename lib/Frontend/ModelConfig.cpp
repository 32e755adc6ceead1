//===- ModelConfig.cpp - From a config.json to the class it names ---------===//

#include "modcost/Frontend/ModelConfig.h"
#include "modcost/IR/PyIR.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace modcost {

static Error fail(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

std::string huggingFaceHubCache() {
  if (std::optional<std::string> Hub = sys::Process::GetEnv("HF_HUB_CACHE"))
    return *Hub;
  SmallString<256> P;
  if (std::optional<std::string> Home = sys::Process::GetEnv("HF_HOME"))
    P = *Home;
  else {
    sys::path::home_directory(P);
    sys::path::append(P, ".cache", "huggingface");
  }
  sys::path::append(P, "hub");
  return std::string(P);
}

/// True if \p Dir holds a Python module of its own (remote code).
static bool hasPythonModules(StringRef Dir) {
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (StringRef(It->path()).ends_with(".py"))
      return true;
  return false;
}

/// The snapshot of a cached model: the one `refs/main` names, else the
/// newest (by name, for determinism when several have no ref).
static std::optional<std::string> pickSnapshot(StringRef Repo) {
  SmallString<256> Ref(Repo);
  sys::path::append(Ref, "refs", "main");
  SmallString<256> Snaps(Repo);
  sys::path::append(Snaps, "snapshots");
  if (auto Buf = MemoryBuffer::getFile(Ref)) {
    SmallString<256> S(Snaps);
    sys::path::append(S, (*Buf)->getBuffer().trim());
    SmallString<256> C(S);
    sys::path::append(C, "config.json");
    if (sys::fs::exists(C))
      return std::string(S);
  }
  std::vector<std::string> Found;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Snaps, EC), End; It != End && !EC;
       It.increment(EC)) {
    SmallString<256> C(It->path());
    sys::path::append(C, "config.json");
    if (sys::fs::exists(C))
      Found.push_back(It->path());
  }
  if (Found.empty())
    return std::nullopt;
  llvm::sort(Found);
  return Found.back();
}

Expected<ConfigLocation> resolveConfigArgument(StringRef Arg) {
  ConfigLocation L;
  auto FromDir = [&](StringRef Dir) {
    SmallString<256> C(Dir);
    sys::path::append(C, "config.json");
    L.File = std::string(C);
    if (hasPythonModules(Dir))
      L.CodeRoot = Dir.str();
  };
  if (sys::fs::is_regular_file(Arg)) {
    L.File = Arg.str();
    StringRef Dir = sys::path::parent_path(Arg);
    if (!Dir.empty() && hasPythonModules(Dir))
      L.CodeRoot = Dir.str();
    L.Trace = "config file " + Arg.str();
    return L;
  }
  if (sys::fs::is_directory(Arg)) {
    FromDir(Arg);
    if (!sys::fs::exists(L.File))
      return fail("--config " + Arg + ": the directory has no config.json");
    L.Trace = "config.json in " + Arg.str();
    return L;
  }
  // A model id: `org/name` (or `name`), never a path that does not exist.
  auto [Org, Name] = Arg.split('/');
  bool IdLike =
      !Arg.empty() && !Arg.ends_with(".json") && Arg.count('/') <= 1 &&
      !Org.empty() && llvm::all_of(Arg, [](char C) {
        return isAlnum(C) || C == '-' || C == '_' || C == '.' || C == '/';
      });
  if (!IdLike)
    return fail("--config " + Arg + ": no such file or directory");
  std::string Hub = huggingFaceHubCache();
  SmallString<256> Repo(Hub);
  std::string Dir = "models--" + Org.str();
  if (!Name.empty())
    Dir += "--" + Name.str();
  sys::path::append(Repo, Dir);
  std::optional<std::string> Snap = pickSnapshot(Repo);
  if (!Snap)
    return fail("--config " + Arg +
                ": not a file, and no model of that id in the local Hugging "
                "Face cache (looked for " +
                std::string(Repo) +
                "/snapshots/*/config.json; the cache is $HF_HUB_CACHE, "
                "$HF_HOME/hub or ~/.cache/huggingface/hub; modcost never "
                "downloads)");
  FromDir(*Snap);
  L.Trace = "model " + Arg.str() + " from the local cache, snapshot " + *Snap;
  return L;
}

/// The class named \p Class in module \p Module, if it is defined there.
static bool definesClass(ModuleLoader &Loader, StringRef Module,
                         StringRef Class) {
  if (!Loader.exists(Module))
    return false;
  Expected<const PyModule *> M = Loader.load(Module);
  if (!M) {
    consumeError(M.takeError());
    return false;
  }
  return *M && llvm::any_of((*M)->Classes, [&](const ClassDef *C) {
    return C->Name == Class;
  });
}

/// Every model type whose entry in an auto-mapping table of
/// `transformers.models.auto.modeling_auto` (`OrderedDict([("llama",
/// "LlamaForCausalLM"), ...])`) names \p Class.
static std::vector<std::string> autoMappedTypes(ModuleLoader &Loader,
                                                StringRef Class) {
  std::vector<std::string> Types;
  StringRef Auto = "transformers.models.auto.modeling_auto";
  if (!Loader.exists(Auto))
    return Types;
  Expected<const PyModule *> M = Loader.load(Auto);
  if (!M || !*M) {
    if (!M)
      consumeError(M.takeError());
    return Types;
  }
  for (const auto &[Name, Value] : (*M)->Assignments) {
    if (!Value || Value->Kind != ExprKind::Call || Value->numOps() < 2)
      continue;
    const Expr *List = Value->op(1);
    if (!List ||
        (List->Kind != ExprKind::List && List->Kind != ExprKind::Tuple))
      continue;
    for (const auto &Entry : List->Ops) {
      if (Entry->Kind != ExprKind::Tuple || Entry->numOps() != 2 ||
          Entry->op(0)->Kind != ExprKind::String)
        continue;
      const Expr *V = Entry->op(1);
      bool Names = V->Kind == ExprKind::String && V->Name == Class;
      if (V->Kind == ExprKind::Tuple)
        for (const auto &E : V->Ops)
          Names |= E->Kind == ExprKind::String && E->Name == Class;
      if (Names && !llvm::is_contained(Types, Entry->op(0)->Name))
        Types.push_back(Entry->op(0)->Name);
    }
  }
  return Types;
}

Expected<std::string> resolveArchitecture(const ConfigLocation &Config,
                                          ModuleLoader &Loader,
                                          std::vector<std::string> &Trace) {
  auto Buf = MemoryBuffer::getFile(Config.File);
  if (!Buf)
    return fail("--config " + Config.File + ": " + Buf.getError().message());
  Expected<json::Value> J = json::parse((*Buf)->getBuffer());
  if (!J)
    return fail("--config " + Config.File + ": " + toString(J.takeError()));
  const json::Object *O = J->getAsObject();
  const json::Array *Archs = O ? O->getArray("architectures") : nullptr;
  std::optional<StringRef> Arch =
      Archs && !Archs->empty() ? (*Archs)[0].getAsString() : std::nullopt;
  if (!Arch)
    return fail("--config " + Config.File +
                ": no architectures[0] to analyze; name a class instead");
  Trace.push_back(Config.Trace);
  Trace.push_back("architectures[0] = " + Arch->str());
  // Remote code: auto_map names `modeling_x.Class` in the snapshot.
  if (const json::Object *AutoMap = O->getObject("auto_map"))
    for (const auto &[Key, V] : *AutoMap) {
      std::optional<StringRef> Ref = V.getAsString();
      if (!Ref || !Ref->ends_with("." + Arch->str()) || Config.CodeRoot.empty())
        continue;
      StringRef Ref2 = Ref->contains("--") ? Ref->split("--").second : *Ref;
      auto [Mod, Cls] = Ref2.rsplit('.');
      if (definesClass(Loader, Mod, Cls)) {
        Trace.push_back("auto_map." + Key.str() + " = " + Ref->str() +
                        " (the snapshot's own code)");
        return Ref2.str();
      }
    }
  std::vector<std::string> Types;
  std::string How;
  if (std::optional<StringRef> MT = O->getString("model_type")) {
    Types.push_back(MT->str());
    How = "model_type";
  }
  for (std::string &T : autoMappedTypes(Loader, *Arch))
    if (!llvm::is_contained(Types, T))
      Types.push_back(std::move(T));
  for (const std::string &T : Types) {
    std::string Dir = T;
    std::replace(Dir.begin(), Dir.end(), '-', '_');
    std::string Mod = "transformers.models." + Dir + ".modeling_" + Dir;
    if (definesClass(Loader, Mod, *Arch)) {
      Trace.push_back((T == Types.front() && !How.empty()
                           ? "model_type '" + T + "'"
                           : "the auto mapping (models/auto/modeling_auto.py) "
                             "names it for model type '" +
                                 T + "'") +
                      ": " + Mod + "." + Arch->str());
      return Mod + "." + Arch->str();
    }
  }
  return fail("--config " + Config.File + ": cannot find class '" + *Arch +
              "'" +
              (Types.empty() ? std::string(" (no model_type, and no "
                                           "auto-mapping table names it)")
                             : " in transformers.models.<type>.modeling_<type> "
                               "for model type(s) " +
                                   join(Types, ", ")) +
              " under the source roots; name the class instead");
}

} // namespace modcost
