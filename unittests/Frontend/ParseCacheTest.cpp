//===- ParseCacheTest.cpp - The IR's serialization and the disk cache -----===//

#include "modcost/Frontend/ParseCache.h"
#include "modcost/Frontend/ModuleCache.h"
#include "modcost/Frontend/PythonParser.h"
#include "modcost/IR/Serialize.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <atomic>
#include <random>
#include <thread>

using namespace modcost;
using namespace llvm;

namespace {

/// Compares two IR trees field by field: texts must be the same slices of
/// the same buffer, ranges equal, tables pointing at corresponding nodes.
class IRComparator {
public:
  void module(const PyModule &A, const PyModule &B) {
    EXPECT_EQ(A.Name, B.Name);
    EXPECT_EQ(A.IsPackage, B.IsPackage);
    EXPECT_EQ(A.File, B.File);
    block(A.Body, B.Body);
    ASSERT_EQ(A.Classes.size(), B.Classes.size());
    for (size_t I = 0; I < A.Classes.size(); ++I)
      EXPECT_EQ(Classes.lookup(A.Classes[I]), B.Classes[I]);
    ASSERT_EQ(A.Functions.size(), B.Functions.size());
    for (size_t I = 0; I < A.Functions.size(); ++I)
      EXPECT_EQ(Functions.lookup(A.Functions[I]), B.Functions[I]);
    ASSERT_EQ(A.Imports.size(), B.Imports.size());
    for (size_t I = 0; I < A.Imports.size(); ++I)
      EXPECT_EQ(A.Imports[I]->boundName(), B.Imports[I]->boundName());
    ASSERT_EQ(A.Assignments.size(), B.Assignments.size());
    for (size_t I = 0; I < A.Assignments.size(); ++I) {
      EXPECT_EQ(A.Assignments[I].first, B.Assignments[I].first);
      EXPECT_EQ(Exprs.lookup(A.Assignments[I].second), B.Assignments[I].second);
    }
  }

private:
  DenseMap<const ClassDef *, const ClassDef *> Classes;
  DenseMap<const FunctionDef *, const FunctionDef *> Functions;
  DenseMap<const Expr *, const Expr *> Exprs;

  static void range(const SourceRange &A, const SourceRange &B) {
    EXPECT_EQ(A.File, B.File);
    EXPECT_EQ(A.Begin, B.Begin);
    EXPECT_EQ(A.End, B.End);
    EXPECT_EQ(A.Line, B.Line);
    EXPECT_EQ(A.Column, B.Column);
    EXPECT_EQ(A.EndLine, B.EndLine);
    EXPECT_EQ(A.EndColumn, B.EndColumn);
  }
  static void text(StringRef A, StringRef B) {
    EXPECT_EQ(A, B);
    if (!A.empty()) {
      EXPECT_EQ(A.data(), B.data());
    }
  }
  void expr(const Expr *A, const Expr *B) {
    ASSERT_EQ(A == nullptr, B == nullptr);
    if (!A)
      return;
    Exprs[A] = B;
    EXPECT_EQ(A->Kind, B->Kind);
    range(A->Range, B->Range);
    text(A->Text, B->Text);
    EXPECT_EQ(A->Name, B->Name);
    EXPECT_EQ(A->Op, B->Op);
    EXPECT_EQ(A->CompareOps, B->CompareOps);
    EXPECT_EQ(A->Params, B->Params);
    exprs(A->Ops, B->Ops);
  }
  void exprs(const std::vector<std::unique_ptr<Expr>> &A,
             const std::vector<std::unique_ptr<Expr>> &B) {
    ASSERT_EQ(A.size(), B.size());
    for (size_t I = 0; I < A.size(); ++I)
      expr(A[I].get(), B[I].get());
  }
  void block(const Block &A, const Block &B) {
    ASSERT_EQ(A.size(), B.size());
    for (size_t I = 0; I < A.size(); ++I)
      stmt(*A[I], *B[I]);
  }
  void function(const FunctionDef &A, const FunctionDef &B) {
    Functions[&A] = &B;
    EXPECT_EQ(A.Name, B.Name);
    ASSERT_EQ(A.Params.size(), B.Params.size());
    for (size_t I = 0; I < A.Params.size(); ++I) {
      EXPECT_EQ(A.Params[I].Name, B.Params[I].Name);
      EXPECT_EQ(A.Params[I].Kind, B.Params[I].Kind);
      expr(A.Params[I].Default.get(), B.Params[I].Default.get());
      expr(A.Params[I].Annotation.get(), B.Params[I].Annotation.get());
      range(A.Params[I].Range, B.Params[I].Range);
    }
    exprs(A.Decorators, B.Decorators);
    expr(A.Returns.get(), B.Returns.get());
    block(A.body(), B.body());
    EXPECT_EQ(A.IsAsync, B.IsAsync);
    range(A.Range, B.Range);
    range(A.FullRange, B.FullRange);
    EXPECT_EQ(A.Parent ? Classes.lookup(A.Parent) : nullptr, B.Parent);
  }
  void classDef(const ClassDef &A, const ClassDef &B) {
    Classes[&A] = &B;
    EXPECT_EQ(A.Name, B.Name);
    exprs(A.Bases, B.Bases);
    exprs(A.Keywords, B.Keywords);
    exprs(A.Decorators, B.Decorators);
    block(A.Body, B.Body);
    range(A.Range, B.Range);
    range(A.FullRange, B.FullRange);
    ASSERT_EQ(A.Methods.size(), B.Methods.size());
    for (const auto &KV : A.Methods)
      EXPECT_EQ(Functions.lookup(KV.second), B.findMethod(KV.first()));
    ASSERT_EQ(A.Attributes.size(), B.Attributes.size());
    for (const auto &KV : A.Attributes)
      EXPECT_EQ(Exprs.lookup(KV.second), B.Attributes.lookup(KV.first()));
  }
  void stmt(const Stmt &A, const Stmt &B) {
    EXPECT_EQ(A.Kind, B.Kind);
    range(A.Range, B.Range);
    text(A.Text, B.Text);
    EXPECT_EQ(A.Op, B.Op);
    exprs(A.Exprs, B.Exprs);
    ASSERT_EQ(A.Bodies.size(), B.Bodies.size());
    for (size_t I = 0; I < A.Bodies.size(); ++I)
      block(A.Bodies[I], B.Bodies[I]);
    ASSERT_EQ(A.Imports.size(), B.Imports.size());
    for (size_t I = 0; I < A.Imports.size(); ++I) {
      const ImportBinding &X = A.Imports[I], &Y = B.Imports[I];
      EXPECT_EQ(X.Module, Y.Module);
      EXPECT_EQ(X.Level, Y.Level);
      EXPECT_EQ(X.Name, Y.Name);
      EXPECT_EQ(X.AsName, Y.AsName);
      EXPECT_EQ(X.IsFrom, Y.IsFrom);
      range(X.Range, Y.Range);
    }
    EXPECT_EQ(A.Names, B.Names);
    exprs(A.HandlerTypes, B.HandlerTypes);
    EXPECT_EQ(A.Handlers, B.Handlers);
    EXPECT_EQ(A.IsElif, B.IsElif);
    ASSERT_EQ(A.Function == nullptr, B.Function == nullptr);
    ASSERT_EQ(A.Class == nullptr, B.Class == nullptr);
    if (A.Class) // Before its methods, whose Parent maps through Classes.
      classDef(*A.Class, *B.Class);
    if (A.Function)
      function(*A.Function, *B.Function);
  }
};

/// \p Bytes read back with function bodies pending, from a copy the module
/// keeps.
static Expected<std::unique_ptr<PyModule>> readLazily(StringRef Bytes,
                                                      const SourceFile &F,
                                                      StringRef Name,
                                                      bool IsPackage) {
  std::unique_ptr<MemoryBuffer> Copy = MemoryBuffer::getMemBufferCopy(Bytes);
  StringRef Data = Copy->getBuffer();
  return deserializeModule(std::move(Copy), Data, F, Name, IsPackage);
}

constexpr const char *Sample = R"py(
"""A module with one of everything the IR models."""
from __future__ import annotations
import torch.nn as nn
from ..pkg import (a as b, c)
try:
    from .fast import Kernel
except ImportError:
    Kernel = None
Alias = nn.Linear
ANSWER: int = 42

@decorator(1, key="v")
class Net(nn.Module, metaclass=Meta):
    """Doc."""
    scale = 2.0
    def __init__(self, d: int, *args, k=3, **kw) -> None:
        super().__init__()
        self.w = [i * 2 for i in range(d) if i % 2]
        self.m = {k: v for k, v in kw.items()}
    async def forward(self, x, /, y=None, *, z: float = 1e-5):
        if x is not None and not y:
            x = x @ self.w[0, 1:2, ::3]
        elif z >= 1 or -z < 0:
            x += lambda q, r=1: q ** r
        else:
            del y
        with ctx() as c, other():
            for i, j in zip(a, b):
                while True:
                    break
            else:
                pass
        try:
            raise ValueError(f"bad {x!r:>10} and {z:.2f}")
        except (TypeError, KeyError) as e:
            assert e, "message"
        except:
            pass
        finally:
            global G
        return (yield x), *rest, {**kw}, {1, 2}, ..., b"\x00", 'a' 'b'
    class Inner:
        def method(self):
            nonlocal_value = (n := 3)
            return n
def helper(*, only):
    return only if only else None
)py";

class ParseCacheTest : public ::testing::Test {
protected:
  std::string Printed;
  raw_string_ostream PrintOS{Printed};
  DiagnosticEngine Diags{PrintOS};
  std::unique_ptr<PythonParser> Parser;
  std::vector<std::unique_ptr<SourceFile>> Files;
  SmallString<128> Dir;

  void SetUp() override {
    auto P = PythonParser::create(Diags);
    ASSERT_TRUE(bool(P));
    Parser = std::make_unique<PythonParser>(std::move(*P));
    ASSERT_FALSE(sys::fs::createUniqueDirectory("modcost-parse-cache", Dir));
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }

  const SourceFile &addFile(StringRef Text, StringRef Name = "sample.py") {
    auto Buf = MemoryBuffer::getMemBufferCopy(Text, Name);
    StringRef Copy = Buf->getBuffer();
    unsigned ID = Diags.addBuffer(std::move(Buf));
    Files.push_back(
        std::make_unique<SourceFile>(Name.str(), "", Name.str(), ID, Copy));
    return *Files.back();
  }
  std::unique_ptr<PyModule> parse(const SourceFile &F) {
    auto M = Parser->parse(F, "pkg.sample", /*IsPackage=*/false);
    EXPECT_TRUE(bool(M)) << Printed;
    return M ? std::move(*M) : nullptr;
  }
  /// Parses \p Text, round-trips it and compares.
  void roundTrip(StringRef Text) {
    const SourceFile &F = addFile(Text);
    std::unique_ptr<PyModule> M = parse(F);
    ASSERT_TRUE(M);
    Expected<std::string> Bytes = serializeModule(*M);
    ASSERT_TRUE(bool(Bytes)) << toString(Bytes.takeError());
    auto Back = deserializeModule(*Bytes, F, M->Name, M->IsPackage);
    ASSERT_TRUE(bool(Back)) << toString(Back.takeError());
    IRComparator().module(*M, **Back);
    std::string DumpA, DumpB;
    raw_string_ostream A(DumpA), B(DumpB);
    M->dump(A);
    (*Back)->dump(B);
    EXPECT_EQ(DumpA, DumpB);
    // The same with function bodies decoded on first use.
    auto Lazy = readLazily(*Bytes, F, M->Name, M->IsPackage);
    ASSERT_TRUE(bool(Lazy)) << toString(Lazy.takeError());
    IRComparator().module(*M, **Lazy);
  }
  /// \p Text parsed, serialized, and read back with pending bodies.
  std::unique_ptr<PyModule> lazyModule(StringRef Text) {
    const SourceFile &F = addFile(Text);
    std::unique_ptr<PyModule> M = parse(F);
    if (!M)
      return nullptr;
    Expected<std::string> Bytes = serializeModule(*M);
    EXPECT_TRUE(bool(Bytes));
    if (!Bytes)
      return nullptr;
    auto Back = readLazily(*Bytes, F, M->Name, M->IsPackage);
    EXPECT_TRUE(bool(Back)) << toString(Back.takeError());
    return Back ? std::move(*Back) : nullptr;
  }
};

/// Every function of \p B, nested ones too (decoding their bodies).
static void allFunctions(const Block &B,
                         std::vector<const FunctionDef *> &Out) {
  for (const auto &S : B) {
    for (const Block &Sub : S->Bodies)
      allFunctions(Sub, Out);
    if (S->Class)
      allFunctions(S->Class->Body, Out);
    if (S->Function) {
      Out.push_back(S->Function.get());
      allFunctions(S->Function->body(), Out);
    }
  }
}

TEST_F(ParseCacheTest, RoundTripsEveryConstruct) { roundTrip(Sample); }

TEST_F(ParseCacheTest, RoundTripsInstalledTorch) {
  for (StringRef Rel :
       {"torch/nn/functional.py", "torch/nn/modules/transformer.py",
        "torchvision/models/resnet.py"}) {
    std::string Path = ("/usr/lib/python3/dist-packages/" + Rel).str();
    auto Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      continue; // Not installed here.
    SCOPED_TRACE(Path);
    roundTrip((*Buf)->getBuffer());
  }
}

TEST_F(ParseCacheTest, DamagedBytesAreRejectedNotTrusted) {
  const SourceFile &F = addFile(Sample);
  std::unique_ptr<PyModule> M = parse(F);
  ASSERT_TRUE(M);
  Expected<std::string> Bytes = serializeModule(*M);
  ASSERT_TRUE(bool(Bytes));
  // Truncations never read past the end.
  for (size_t N = 0; N < Bytes->size(); N += 1 + N / 8) {
    auto Back =
        deserializeModule(StringRef(*Bytes).take_front(N), F, "m", false);
    EXPECT_FALSE(bool(Back)) << "truncated to " << N;
    consumeError(Back.takeError());
  }
  // Flipped bytes give an error or a module whose texts stay in the file
  // (the cache's checksum rejects them before this reader sees them).
  std::mt19937 Rng(14);
  for (unsigned Trial = 0; Trial < 2000; ++Trial) {
    std::string Bad = *Bytes;
    Bad[Rng() % Bad.size()] ^= char(1 + Rng() % 255);
    auto Back = deserializeModule(Bad, F, "m", false);
    if (!Back)
      consumeError(Back.takeError());
  }
}

TEST_F(ParseCacheTest, PendingBodyIsDecodedOnceOnFirstUse) {
  std::unique_ptr<PyModule> M = lazyModule(Sample);
  ASSERT_TRUE(M);
  // Module-level structure is read; no body is decoded yet.
  ASSERT_EQ(M->Classes.size(), 1u);
  const ClassDef &Net = *M->Classes[0];
  const FunctionDef *Forward = Net.findMethod("forward");
  const FunctionDef *Init = Net.findMethod("__init__");
  ASSERT_TRUE(Forward && Init);
  EXPECT_EQ(Forward->Params.size(), 6u);
  EXPECT_FALSE(Forward->isBodyDecoded());
  EXPECT_FALSE(Init->isBodyDecoded());
  ASSERT_EQ(M->Functions.size(), 1u);
  EXPECT_FALSE(M->Functions[0]->isBodyDecoded());
  // The first use decodes that body only; later uses see the same nodes.
  const Block &First = Forward->body();
  EXPECT_TRUE(Forward->isBodyDecoded());
  EXPECT_FALSE(Init->isBodyDecoded());
  ASSERT_EQ(First.size(), 4u);
  const Stmt *FirstStmt = First.front().get();
  EXPECT_EQ(&Forward->body(), &First);
  EXPECT_EQ(Forward->body().front().get(), FirstStmt);
  EXPECT_EQ(FirstStmt->Kind, StmtKind::If);
  EXPECT_EQ(FirstStmt->Range.Line, 22u);
  EXPECT_TRUE(Forward->bodyError().empty());
}

TEST_F(ParseCacheTest, ConcurrentFirstUseDecodesOnce) {
  std::string Text;
  for (unsigned I = 0; I < 64; ++I)
    Text += "def f" + std::to_string(I) + "(x):\n    y = x * " +
            std::to_string(I) + "\n    return y + x\n";
  std::unique_ptr<PyModule> M = lazyModule(Text);
  ASSERT_TRUE(M);
  ASSERT_EQ(M->Functions.size(), 64u);
  constexpr unsigned Threads = 8;
  std::vector<std::vector<const Stmt *>> Seen(Threads);
  std::atomic<unsigned> Waiting{Threads};
  std::vector<std::thread> Pool;
  for (unsigned T = 0; T < Threads; ++T)
    Pool.emplace_back([&, T] {
      --Waiting;
      while (Waiting.load() != 0) // Start together.
        std::this_thread::yield();
      for (const FunctionDef *F : M->Functions)
        Seen[T].push_back(F->body().empty() ? nullptr
                                            : F->body().front().get());
    });
  for (std::thread &Th : Pool)
    Th.join();
  for (unsigned T = 1; T < Threads; ++T)
    EXPECT_EQ(Seen[T], Seen[0]);
  for (size_t I = 0; I < M->Functions.size(); ++I) {
    const FunctionDef &F = *M->Functions[I];
    EXPECT_TRUE(F.isBodyDecoded());
    ASSERT_EQ(F.body().size(), 2u);
    EXPECT_EQ(F.body()[0]->Range.Line, 3 * I + 2);
    EXPECT_EQ(F.body()[1]->Kind, StmtKind::Return);
  }
}

TEST_F(ParseCacheTest, DamagedPendingBodyIsAnErrorNotACrash) {
  const SourceFile &F = addFile(Sample);
  std::unique_ptr<PyModule> M = parse(F);
  ASSERT_TRUE(M);
  Expected<std::string> Bytes = serializeModule(*M);
  ASSERT_TRUE(bool(Bytes));
  // Flip each byte in turn. Damage outside a body fails the load (or goes
  // unnoticed in a name or a range that stays in the file); damage inside
  // a body is only seen when the body is decoded: an empty body with an
  // error, never a crash.
  unsigned BodyErrors = 0;
  for (size_t I = 0; I < Bytes->size(); ++I) {
    std::string Bad = *Bytes;
    Bad[I] ^= 0x41;
    auto Back = readLazily(Bad, F, "m", false);
    if (!Back) {
      consumeError(Back.takeError());
      continue;
    }
    std::vector<const FunctionDef *> Functions;
    allFunctions((*Back)->Body, Functions);
    for (const FunctionDef *Fn : Functions) {
      EXPECT_TRUE(Fn->isBodyDecoded());
      if (Fn->bodyError().empty())
        continue;
      ++BodyErrors;
      EXPECT_TRUE(Fn->body().empty());
      EXPECT_TRUE(Fn->bodyError().contains("malformed serialized IR in the "
                                           "body of '" +
                                           Fn->Name + "'"))
          << Fn->bodyError().str();
    }
  }
  EXPECT_GT(BodyErrors, 0u);
}

TEST_F(ParseCacheTest, EntryIsReadBackAndDamageIsReported) {
  std::string Remarks;
  raw_string_ostream RemarksOS(Remarks);
  ParseCache Cache(std::string(Dir), RemarksOS);
  const SourceFile &F = addFile(Sample);
  EXPECT_EQ(Cache.lookup(F, "pkg.sample", false), nullptr);
  std::unique_ptr<PyModule> M = parse(F);
  ASSERT_TRUE(M);
  Cache.store(*M);
  std::unique_ptr<PyModule> Back = Cache.lookup(F, "pkg.sample", false);
  ASSERT_TRUE(Back);
  IRComparator().module(*M, *Back);
  ParseCache::Stats S = Cache.getStats();
  EXPECT_EQ(S.Hits, 1u);
  EXPECT_EQ(S.Misses, 1u);
  EXPECT_EQ(S.Written, 1u);
  EXPECT_TRUE(Remarks.empty());

  // Another text with the same entry path cannot happen; a damaged payload
  // byte can, and is caught by the checksum.
  std::string Path = Cache.entryPath(F.getText());
  auto Buf = MemoryBuffer::getFile(Path);
  ASSERT_TRUE(bool(Buf));
  std::string Bytes = (*Buf)->getBuffer().str();
  Bytes[Bytes.size() / 2] ^= 0x5a;
  {
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    OS << Bytes;
  }
  EXPECT_EQ(Cache.lookup(F, "pkg.sample", false), nullptr);
  EXPECT_NE(Remarks.find("is damaged (checksum mismatch)"), std::string::npos)
      << Remarks;
  EXPECT_EQ(Cache.getStats().Repaired, 1u);
  Cache.store(*M); // What the loader does after parsing: repaired.
  EXPECT_TRUE(Cache.lookup(F, "pkg.sample", false));
}

TEST_F(ParseCacheTest, UnwritableDirectoryIsReportedOnce) {
  SmallString<128> File(Dir);
  sys::path::append(File, "not-a-dir");
  {
    std::error_code EC;
    raw_fd_ostream OS(File, EC);
    ASSERT_FALSE(EC);
  }
  std::string Remarks;
  raw_string_ostream RemarksOS(Remarks);
  ParseCache Cache(std::string(File), RemarksOS);
  const SourceFile &F = addFile(Sample);
  std::unique_ptr<PyModule> M = parse(F);
  ASSERT_TRUE(M);
  Cache.store(*M);
  Cache.store(*M);
  EXPECT_EQ(Cache.getStats().Written, 0u);
  EXPECT_EQ(StringRef(Remarks).count("cannot write the parse cache"), 1u)
      << Remarks;
}

} // namespace
