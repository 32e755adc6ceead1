//===- ModelConfigTest.cpp - Tests of --config resolution -----------------===//
///
/// \file
/// `--config` as a file, a directory and a model id in a Hugging Face cache
/// built in a temporary directory: which snapshot wins, when a snapshot is
/// a source root of its own, and the error for an id that is not cached.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/ModelConfig.h"
#include "modcost/Frontend/PythonParser.h"
#include "modcost/IR/PyIR.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstdlib>

using namespace modcost;
using namespace llvm;

namespace {

class ModelConfigFixture : public ::testing::Test {
protected:
  SmallString<128> Dir;

  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("modcost-hf", Dir));
    setenv("HF_HUB_CACHE", (Dir + "/hub").str().c_str(), 1);
  }
  void TearDown() override {
    unsetenv("HF_HUB_CACHE");
    sys::fs::remove_directories(Dir);
  }

  /// Writes \p Text to \p Rel under the temporary directory.
  std::string write(StringRef Rel, StringRef Text) {
    SmallString<256> P(Dir);
    sys::path::append(P, Rel);
    EXPECT_FALSE(sys::fs::create_directories(sys::path::parent_path(P)));
    std::error_code EC;
    raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC);
    OS << Text;
    return std::string(P);
  }
};

TEST_F(ModelConfigFixture, FileAndDirectory) {
  std::string File = write("plain/config.json", "{}");
  Expected<ConfigLocation> L = resolveConfigArgument(File);
  ASSERT_TRUE(bool(L));
  EXPECT_EQ(L->File, File);
  EXPECT_TRUE(L->CodeRoot.empty());
  Expected<ConfigLocation> D = resolveConfigArgument((Dir + "/plain").str());
  ASSERT_TRUE(bool(D));
  EXPECT_EQ(D->File, File);
}

TEST_F(ModelConfigFixture, ModelIdFollowsRefsMain) {
  write("hub/models--org--m/snapshots/aaa/config.json", "{}");
  std::string Want =
      write("hub/models--org--m/snapshots/bbb/config.json", "{}");
  write("hub/models--org--m/snapshots/ccc/config.json", "{}");
  write("hub/models--org--m/refs/main", "bbb\n");
  Expected<ConfigLocation> L = resolveConfigArgument("org/m");
  ASSERT_TRUE(bool(L));
  EXPECT_EQ(L->File, Want);
  EXPECT_NE(L->Trace.find("from the local cache"), std::string::npos);
}

TEST_F(ModelConfigFixture, ModelIdWithoutRefTakesTheLastSnapshot) {
  write("hub/models--org--m/snapshots/aaa/config.json", "{}");
  std::string Want =
      write("hub/models--org--m/snapshots/ccc/config.json", "{}");
  // A snapshot without config.json does not count.
  write("hub/models--org--m/snapshots/ddd/README.md", "");
  Expected<ConfigLocation> L = resolveConfigArgument("org/m");
  ASSERT_TRUE(bool(L));
  EXPECT_EQ(L->File, Want);
}

TEST_F(ModelConfigFixture, RemoteCodeIsASourceRoot) {
  write("hub/models--org--r/snapshots/s/config.json", "{}");
  write("hub/models--org--r/snapshots/s/modeling_r.py", "class R: pass\n");
  Expected<ConfigLocation> L = resolveConfigArgument("org/r");
  ASSERT_TRUE(bool(L));
  EXPECT_EQ(L->CodeRoot, (Dir + "/hub/models--org--r/snapshots/s").str());
}

TEST_F(ModelConfigFixture, MissingModelSaysWhereItLooked) {
  Expected<ConfigLocation> L = resolveConfigArgument("org/absent");
  ASSERT_FALSE(bool(L));
  std::string Msg = toString(L.takeError());
  EXPECT_NE(Msg.find("no model of that id in the local Hugging Face cache"),
            std::string::npos);
  EXPECT_NE(Msg.find("models--org--absent/snapshots"), std::string::npos);
  // A path-like argument that does not exist is not taken for an id.
  Expected<ConfigLocation> P = resolveConfigArgument("no/such/config.json");
  ASSERT_FALSE(bool(P));
  EXPECT_NE(toString(P.takeError()).find("no such file"), std::string::npos);
}

TEST_F(ModelConfigFixture, ArchitectureThroughModelTypeAndAutoMapping) {
  // A miniature transformers tree: the model's module and an auto mapping.
  write("src/transformers/__init__.py", "");
  write("src/transformers/models/__init__.py", "");
  write("src/transformers/models/foo_bar/__init__.py", "");
  write("src/transformers/models/foo_bar/modeling_foo_bar.py",
        "class FooBarForCausalLM:\n    pass\n");
  write("src/transformers/models/auto/__init__.py", "");
  write("src/transformers/models/auto/modeling_auto.py",
        "from collections import OrderedDict\n"
        "MODEL_FOR_CAUSAL_LM_MAPPING_NAMES = OrderedDict(\n"
        "    [\n        (\"foo-bar\", \"FooBarForCausalLM\"),\n    ]\n)\n");
  std::string Errs;
  raw_string_ostream OS(Errs);
  DiagnosticEngine Diags(OS);
  SourceRoots Roots;
  ASSERT_FALSE(bool(Roots.addRoot((Dir + "/src").str())));
  auto P = PythonParser::create(Diags);
  ASSERT_TRUE(bool(P));
  ModuleLoader Loader(Roots, Diags, *P);

  ConfigLocation WithType;
  WithType.File = write("a/config.json", R"({"architectures": )"
                                         R"(["FooBarForCausalLM"], )"
                                         R"("model_type": "foo-bar"})");
  std::vector<std::string> Trace;
  Expected<std::string> A = resolveArchitecture(WithType, Loader, Trace);
  ASSERT_TRUE(bool(A)) << toString(A.takeError());
  EXPECT_EQ(*A, "transformers.models.foo_bar.modeling_foo_bar."
                "FooBarForCausalLM");
  EXPECT_NE(Trace.back().find("model_type 'foo-bar'"), std::string::npos);

  ConfigLocation NoType;
  NoType.File =
      write("b/config.json", R"({"architectures": ["FooBarForCausalLM"]})");
  Trace.clear();
  Expected<std::string> B = resolveArchitecture(NoType, Loader, Trace);
  ASSERT_TRUE(bool(B)) << toString(B.takeError());
  EXPECT_EQ(*B, *A);
  EXPECT_NE(Trace.back().find("the auto mapping"), std::string::npos);

  ConfigLocation Unknown;
  Unknown.File = write("c/config.json", R"({"architectures": ["Nope"]})");
  Expected<std::string> C = resolveArchitecture(Unknown, Loader, Trace);
  ASSERT_FALSE(bool(C));
  EXPECT_NE(toString(C.takeError()).find("cannot find class 'Nope'"),
            std::string::npos);
}

} // namespace
