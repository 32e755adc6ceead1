//===- SourceRoots.cpp - Python package roots and the module cache --------===//
///
/// \file
/// File-system lookups for dotted module names and the parse cache.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Frontend/ModuleCache.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace modcost {

Error SourceRoots::addRoot(StringRef Dir) {
  if (Dir.empty())
    return createStringError("empty source root");
  if (!sys::fs::is_directory(Dir))
    return createStringError("source root '" + Dir + "' is not a directory");
  std::string D = Dir.str();
  while (D.size() > 1 && D.back() == '/')
    D.pop_back();
  if (!llvm::is_contained(Roots, D))
    Roots.push_back(D);
  return Error::success();
}

/// Appends `<Lib>/python3*/<Leaf>` directories that exist, sorted.
static void addVersionedDirs(StringRef Lib, StringRef Leaf,
                             std::vector<std::string> &Out) {
  std::error_code EC;
  std::vector<std::string> Found;
  for (sys::fs::directory_iterator It(Lib, EC), End; !EC && It != End;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.starts_with("python3"))
      continue;
    SmallString<128> P(It->path());
    sys::path::append(P, Leaf);
    if (sys::fs::is_directory(P))
      Found.push_back(std::string(P));
  }
  llvm::sort(Found);
  for (std::string &F : Found)
    if (!llvm::is_contained(Out, F))
      Out.push_back(std::move(F));
}

std::vector<std::string> SourceRoots::defaultRoots() {
  std::vector<std::string> Out;
  if (std::optional<std::string> Env =
          sys::Process::GetEnv("MODCOST_SOURCE_PATH")) {
    SmallVector<StringRef, 8> Parts;
    StringRef(*Env).split(Parts, ':', -1, false);
    for (StringRef P : Parts)
      if (sys::fs::is_directory(P))
        Out.push_back(P.str());
    return Out;
  }
  // What `python3 -c 'import sys; print(sys.path)'` lists for the python3
  // on PATH, without running it: its prefix's site-packages (a virtualenv,
  // /usr/local, a conda prefix), the user's site-packages, and Debian's
  // dist-packages.
  if (ErrorOr<std::string> Py = sys::findProgramByName("python3")) {
    SmallString<256> Prefix(*Py);
    sys::path::remove_filename(Prefix); // .../bin
    sys::path::remove_filename(Prefix); // the prefix
    SmallString<256> Lib(Prefix);
    sys::path::append(Lib, "lib");
    addVersionedDirs(Lib, "site-packages", Out);
  }
  if (std::optional<std::string> Home = sys::Process::GetEnv("HOME")) {
    SmallString<256> Lib(*Home);
    sys::path::append(Lib, ".local", "lib");
    addVersionedDirs(Lib, "site-packages", Out);
  }
  addVersionedDirs("/usr/local/lib", "dist-packages", Out);
  if (sys::fs::is_directory("/usr/lib/python3/dist-packages") &&
      !llvm::is_contained(Out, "/usr/lib/python3/dist-packages"))
    Out.push_back("/usr/lib/python3/dist-packages");
  return Out;
}

/// True if \p Part, which has bytes outside ASCII, is one Python identifier
/// (PEP 3131: a letter-like character, then letter-like characters and
/// digits). The grammar that parsed the definitions decides, so every class
/// the parser reads can also be named: `Part` alone must parse as a single
/// identifier.
static bool isNonASCIIIdentifier(StringRef Part) {
  const UTF8 *Begin = reinterpret_cast<const UTF8 *>(Part.begin());
  if (!isLegalUTF8String(&Begin, reinterpret_cast<const UTF8 *>(Part.end())))
    return false;
  Expected<ts::Parser> P = ts::Parser::createPython();
  if (!P) {
    consumeError(P.takeError());
    return false;
  }
  std::string Line = (Part + "\n").str();
  ts::Tree T = P->parse(Line);
  if (!T)
    return false;
  ts::Node Root = T.root();
  if (Root.hasError() || Root.namedChildCount() != 1)
    return false;
  ts::Node Stmt = Root.namedChild(0);
  if (Stmt.type() != "expression_statement" || Stmt.namedChildCount() != 1)
    return false;
  ts::Node Id = Stmt.namedChild(0);
  return (Id.type() == "identifier" || Id.type() == "keyword_identifier") &&
         Id.startByte() == 0 && Id.endByte() == Part.size();
}

bool SourceRoots::isValidDottedName(StringRef Dotted) {
  // Output files are named after the unit (plus `.json` and a temporary
  // suffix): keep well inside the 255-byte file-name limit.
  if (Dotted.empty() || Dotted.size() > 200)
    return false;
  SmallVector<StringRef, 8> Parts;
  Dotted.split(Parts, '.', -1, true);
  for (StringRef P : Parts) {
    if (P.empty() || isDigit(P.front()))
      return false;
    if (!isASCII(P)) {
      if (!isNonASCIIIdentifier(P))
        return false;
      continue;
    }
    for (char C : P)
      if (!isAlnum(C) && C != '_')
        return false;
  }
  return true;
}

std::optional<ModuleFile> SourceRoots::find(StringRef Dotted) const {
  if (!isValidDottedName(Dotted))
    return std::nullopt;
  std::string Rel = Dotted.str();
  std::replace(Rel.begin(), Rel.end(), '.', '/');
  for (const std::string &Root : Roots) {
    SmallString<256> Dir(Root);
    sys::path::append(Dir, Rel);
    SmallString<256> Init(Dir);
    sys::path::append(Init, "__init__.py");
    if (sys::fs::is_regular_file(Init))
      return ModuleFile{std::string(Init), Root, Rel + "/__init__.py", true};
    SmallString<256> File(Dir);
    File += ".py";
    if (sys::fs::is_regular_file(File))
      return ModuleFile{std::string(File), Root, Rel + ".py", false};
    if (sys::fs::is_directory(Dir))
      return ModuleFile{"", Root, Rel, true};
  }
  return std::nullopt;
}

Expected<const PyModule *>
ModuleLoader::parseFile(const ModuleFile &MF, StringRef Dotted, bool IsModel) {
  auto &Index = IsModel ? Models : Modules;
  if (Shared) {
    Expected<const PyModule *> M =
        Shared->get(MF, Dotted, IsModel, Parser, Diags);
    if (!M) {
      if (!IsModel)
        Failed.insert(Dotted);
      return M.takeError();
    }
    return Index[Dotted] = *M;
  }
  std::unique_ptr<SourceFile> File;
  auto M = readAndParseModule(MF, Dotted, Parser, Diags, File, Cache);
  if (File) {
    Files.push_back(std::move(File));
    ++NumParsed;
  }
  if (!M) {
    if (!IsModel)
      Failed.insert(Dotted);
    return M.takeError();
  }
  PyModule *Result = M->get();
  Result->IsModel = IsModel;
  OwnedModules.push_back(std::move(*M));
  return Index[Dotted] = Result;
}

std::optional<ModuleFile> ModuleLoader::findFile(StringRef Dotted,
                                                 bool IsModel) const {
  const SourceRoots &R = IsModel ? ModelRoots : Roots;
  if (Shared)
    return Shared->find(R, Dotted, IsModel);
  // Resolution asks for the same names again and again (`exists` on every
  // import it follows): ask the file system once per name.
  auto &Memo = IsModel ? FoundModels : FoundModules;
  auto [It, Inserted] = Memo.try_emplace(Dotted);
  if (Inserted)
    It->second = R.find(Dotted);
  return It->second;
}

const PyModule *ModuleLoader::loadModel(StringRef Dotted) {
  auto It = Models.find(Dotted);
  if (It != Models.end())
    return It->second;
  if (ModelsMissing.contains(Dotted))
    return nullptr;
  std::optional<ModuleFile> MF = findFile(Dotted, /*IsModel=*/true);
  if (!MF || MF->Path.empty()) {
    ModelsMissing.insert(Dotted);
    return nullptr;
  }
  Expected<const PyModule *> M = parseFile(*MF, Dotted, /*IsModel=*/true);
  if (!M) {
    consumeError(M.takeError()); // Already diagnosed at the model's file.
    ModelsMissing.insert(Dotted);
    return nullptr;
  }
  return *M;
}

Expected<const PyModule *> ModuleLoader::parseSnippet(StringRef Text,
                                                      StringRef Name) {
  auto It = Snippets.find(Text);
  if (It != Snippets.end())
    return It->second.get();
  auto Buf = MemoryBuffer::getMemBufferCopy(Text, "<" + Name.str() + ">");
  StringRef Copy = Buf->getBuffer();
  unsigned ID = Diags.addBuffer(std::move(Buf));
  Files.push_back(std::make_unique<SourceFile>(
      "<" + Name.str() + ">", "", "<" + Name.str() + ">", ID, Copy));
  auto M = Parser.parse(*Files.back(), Name, /*IsPackage=*/false);
  if (!M)
    return M.takeError();
  const PyModule *Result = M->get();
  Snippets[Text] = std::move(*M);
  return Result;
}

Expected<const PyModule *> ModuleLoader::load(StringRef Dotted) {
  auto It = Modules.find(Dotted);
  if (It != Modules.end())
    return It->second;
  if (Missing.contains(Dotted))
    return nullptr;
  if (Failed.contains(Dotted))
    return makeDiagnosedError(FailureKind::InputError);
  std::optional<ModuleFile> MF = findFile(Dotted, /*IsModel=*/false);
  if (!MF) {
    // A module no root holds (Python's standard library is on none) that a
    // library model stands for: the model is the module (`collections.abc`,
    // whose Mapping methods transformers' registries inherit).
    if (const PyModule *Model = loadModel(Dotted))
      return Modules[Dotted] = Model;
    Missing.insert(Dotted);
    return nullptr;
  }
  if (MF->Path.empty()) {
    // Namespace package: a directory without __init__.py.
    auto M = std::make_unique<PyModule>();
    M->Name = Dotted.str();
    M->IsPackage = true;
    const PyModule *Result = M.get();
    OwnedModules.push_back(std::move(M));
    return Modules[Dotted] = Result;
  }
  return parseFile(*MF, Dotted);
}

Expected<const PyModule *> ModuleLoader::loadFile(StringRef Path,
                                                  StringRef ModuleName) {
  auto It = Modules.find(ModuleName);
  if (It != Modules.end())
    return It->second;
  ModuleFile MF{Path.str(), std::string(sys::path::parent_path(Path)),
                sys::path::filename(Path).str(),
                sys::path::filename(Path) == "__init__.py"};
  return parseFile(MF, ModuleName);
}

} // namespace modcost
