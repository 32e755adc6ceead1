//===- Serialize.cpp - The Python IR as bytes, and back -------------------===//
///
/// \file
/// Layout: every integer is ULEB128; a string is its length and its bytes;
/// a list is its length and its elements. A nullable node starts with a
/// presence byte. A source range is a file byte (0: none, 1: the module's
/// file) and Begin, End, Line, Column, EndLine, EndColumn. A node's text is
/// 0 (empty), 1 (exactly its range's bytes: the common case) or 2 followed
/// by its offset and length in the file. A function's body is a length
/// and that many bytes holding its block, so a reader can keep it for later
/// (FunctionDef::body()) and skip it.
///
//===----------------------------------------------------------------------===//

#include "modcost/IR/Serialize.h"
#include "modcost/IR/Indexing.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/Support/LEB128.h"

using namespace llvm;

namespace modcost {

namespace {

/// The deepest node nesting the reader follows (the parser stops at
/// PythonParser::MaxNestingDepth syntactic levels; a level is at most a
/// few IR nodes).
constexpr unsigned MaxReadDepth = 4096;

class Writer {
public:
  Writer(std::string &Out, const SourceFile &File)
      : Out(Out), File(File), Src(File.getText()) {}

  bool failed() const { return Bad; }

  void block(const Block &B) {
    num(B.size());
    for (const auto &S : B)
      stmt(*S);
  }

private:
  std::string &Out;
  const SourceFile &File;
  StringRef Src;
  bool Bad = false;

  void num(uint64_t V) {
    uint8_t Buf[16];
    unsigned N = encodeULEB128(V, Buf);
    Out.append(reinterpret_cast<const char *>(Buf), N);
  }
  void flag(bool B) { Out.push_back(B ? 1 : 0); }
  void str(StringRef S) {
    num(S.size());
    Out.append(S.data(), S.size());
  }
  void strs(const std::vector<std::string> &V) {
    num(V.size());
    for (const std::string &S : V)
      str(S);
  }
  void range(const SourceRange &R) {
    if (R.File && R.File != &File)
      Bad = true;
    flag(R.File != nullptr);
    for (uint32_t V :
         {R.Begin, R.End, R.Line, R.Column, R.EndLine, R.EndColumn})
      num(V);
  }
  void text(StringRef T, const SourceRange &R) {
    bool Inside = T.data() >= Src.data() && T.data() <= Src.end() &&
                  T.size() <= size_t(Src.end() - T.data());
    if (!Inside) {
      if (!T.empty())
        Bad = true; // Text that is not a slice of the file.
      num(0);
      return;
    }
    size_t Offset = T.data() - Src.data();
    if (Offset == R.Begin && R.End >= R.Begin && T.size() == R.End - R.Begin) {
      num(1);
      return;
    }
    num(2);
    num(Offset);
    num(T.size());
  }
  void expr(const Expr *E) {
    flag(E != nullptr);
    if (!E)
      return;
    num(unsigned(E->Kind));
    range(E->Range);
    text(E->Text, E->Range);
    str(E->Name);
    str(E->Op);
    strs(E->CompareOps);
    strs(E->Params);
    exprs(E->Ops);
  }
  void exprs(const std::vector<std::unique_ptr<Expr>> &V) {
    num(V.size());
    for (const auto &E : V)
      expr(E.get());
  }
  void function(const FunctionDef &F) {
    str(F.Name);
    num(F.Params.size());
    for (const Param &P : F.Params) {
      str(P.Name);
      num(unsigned(P.Kind));
      expr(P.Default.get());
      expr(P.Annotation.get());
      range(P.Range);
    }
    exprs(F.Decorators);
    expr(F.Returns.get());
    std::string Body;
    Writer Sub(Body, File);
    Sub.block(F.body());
    Bad |= Sub.failed() || !F.bodyError().empty();
    str(Body);
    flag(F.IsAsync);
    range(F.Range);
    range(F.FullRange);
  }
  void classDef(const ClassDef &C) {
    str(C.Name);
    exprs(C.Bases);
    exprs(C.Keywords);
    exprs(C.Decorators);
    block(C.Body);
    range(C.Range);
    range(C.FullRange);
  }
  void stmt(const Stmt &S) {
    num(unsigned(S.Kind));
    range(S.Range);
    text(S.Text, S.Range);
    str(S.Op);
    exprs(S.Exprs);
    num(S.Bodies.size());
    for (const Block &B : S.Bodies)
      block(B);
    num(S.Imports.size());
    for (const ImportBinding &I : S.Imports) {
      str(I.Module);
      num(I.Level);
      str(I.Name);
      str(I.AsName);
      flag(I.IsFrom);
      range(I.Range);
    }
    strs(S.Names);
    exprs(S.HandlerTypes);
    num(S.Handlers);
    flag(S.IsElif);
    flag(S.Function != nullptr);
    if (S.Function)
      function(*S.Function);
    flag(S.Class != nullptr);
    if (S.Class)
      classDef(*S.Class);
  }
};

/// Reads what Writer wrote. Any inconsistency sets a sticky failure and
/// makes every later read return an empty value. A lazy reader leaves
/// function bodies pending (their bytes must outlive the functions); an
/// eager one decodes them as it goes.
class Reader {
public:
  Reader(StringRef Data, const SourceFile &File, bool Lazy)
      : Cur(Data.bytes_begin()), End(Data.bytes_end()), File(File),
        Src(File.getText()), Lazy(Lazy) {}

  bool failed() const { return Bad; }
  bool atEnd() const { return Cur == End; }

  Block block() {
    Block B;
    uint64_t N = count();
    if (!enter())
      return B;
    B.reserve(N);
    for (uint64_t I = 0; I < N && !Bad; ++I)
      B.push_back(stmt());
    --Depth;
    return B;
  }

private:
  const uint8_t *Cur, *End;
  const SourceFile &File;
  StringRef Src;
  bool Lazy;
  bool Bad = false;
  unsigned Depth = 0;

  bool fail() {
    Bad = true;
    Cur = End;
    return false;
  }
  bool enter() {
    if (++Depth > MaxReadDepth)
      return fail();
    return !Bad;
  }
  uint64_t num() {
    if (Bad)
      return 0;
    const char *Error = nullptr;
    unsigned N = 0;
    uint64_t V = decodeULEB128(Cur, &N, End, &Error);
    if (Error) {
      fail();
      return 0;
    }
    Cur += N;
    return V;
  }
  uint32_t num32() {
    uint64_t V = num();
    if (V > UINT32_MAX)
      fail();
    return uint32_t(V);
  }
  /// A list length: each element takes at least one byte.
  uint64_t count() {
    uint64_t N = num();
    if (N > uint64_t(End - Cur)) {
      fail();
      return 0;
    }
    return N;
  }
  bool flag() {
    if (Cur == End)
      return fail();
    uint8_t B = *Cur++;
    if (B > 1)
      return fail();
    return B == 1;
  }
  StringRef bytes() {
    uint64_t N = count();
    StringRef S(reinterpret_cast<const char *>(Cur), N);
    Cur += N;
    return S;
  }
  std::string str() { return bytes().str(); }
  std::vector<std::string> strs() {
    std::vector<std::string> V(count());
    for (std::string &S : V)
      S = str();
    return V;
  }
  template <typename Enum> Enum kind(Enum Last) {
    uint64_t V = num();
    if (V > uint64_t(Last))
      fail();
    return Bad ? Enum() : Enum(V);
  }
  SourceRange range() {
    SourceRange R;
    R.File = flag() ? &File : nullptr;
    R.Begin = num32();
    R.End = num32();
    R.Line = num32();
    R.Column = num32();
    R.EndLine = num32();
    R.EndColumn = num32();
    if (R.Begin > R.End || R.End > Src.size())
      fail();
    return R;
  }
  StringRef text(const SourceRange &R) {
    switch (num()) {
    case 0:
      return StringRef();
    case 1:
      return Bad ? StringRef() : Src.slice(R.Begin, R.End);
    case 2: {
      uint64_t Offset = num(), Size = num();
      if (Offset > Src.size() || Size > Src.size() - Offset) {
        fail();
        return StringRef();
      }
      return Src.substr(Offset, Size);
    }
    default:
      fail();
      return StringRef();
    }
  }
  std::unique_ptr<Expr> expr() {
    if (!flag() || !enter())
      return nullptr;
    ExprKind K = kind(ExprKind::Unknown);
    SourceRange R = range();
    StringRef T = text(R);
    auto E = std::make_unique<Expr>(K, R, T);
    E->Name = str();
    E->Op = str();
    E->CompareOps = strs();
    E->Params = strs();
    E->Ops = exprs();
    --Depth;
    return E;
  }
  std::vector<std::unique_ptr<Expr>> exprs() {
    std::vector<std::unique_ptr<Expr>> V(count());
    for (auto &E : V)
      E = expr();
    return V;
  }
  std::unique_ptr<FunctionDef> function() {
    auto F = std::make_unique<FunctionDef>();
    F->Name = str();
    F->Params.resize(count());
    for (Param &P : F->Params) {
      P.Name = str();
      P.Kind = kind(ParamKind::VarKeywords);
      P.Default = expr();
      P.Annotation = expr();
      P.Range = range();
    }
    F->Decorators = exprs();
    F->Returns = expr();
    StringRef Body = bytes();
    if (Lazy) {
      F->setPendingBody(Body, File);
    } else if (!Bad) {
      Reader Sub(Body, File, /*Lazy=*/false);
      Sub.Depth = Depth;
      F->setBody(Sub.block());
      if (Sub.failed() || !Sub.atEnd())
        fail();
    }
    F->IsAsync = flag();
    F->Range = range();
    F->FullRange = range();
    return F;
  }
  std::unique_ptr<ClassDef> classDef() {
    auto C = std::make_unique<ClassDef>();
    C->Name = str();
    C->Bases = exprs();
    C->Keywords = exprs();
    C->Decorators = exprs();
    C->Body = block();
    C->Range = range();
    C->FullRange = range();
    if (!Bad)
      indexClassBody(*C);
    return C;
  }
  std::unique_ptr<Stmt> stmt() {
    StmtKind K = kind(StmtKind::Other);
    SourceRange R = range();
    StringRef T = text(R);
    auto S = std::make_unique<Stmt>(K, R, T);
    S->Op = str();
    S->Exprs = exprs();
    S->Bodies.resize(count());
    for (Block &B : S->Bodies)
      B = block();
    S->Imports.resize(count());
    for (ImportBinding &I : S->Imports) {
      I.Module = str();
      I.Level = num32();
      I.Name = str();
      I.AsName = str();
      I.IsFrom = flag();
      I.Range = range();
    }
    S->Names = strs();
    S->HandlerTypes = exprs();
    S->Handlers = num32();
    S->IsElif = flag();
    if (flag())
      S->Function = function();
    if (flag())
      S->Class = classDef();
    if (!Bad && !wellFormed(*S))
      fail();
    return S;
  }
  /// The operands the indexers and passes rely on without checking.
  static bool wellFormed(const Stmt &S) {
    switch (S.Kind) {
    case StmtKind::Assign:
    case StmtKind::AnnAssign:
    case StmtKind::AugAssign:
      if (S.Exprs.size() < 2 || !S.Exprs.front() || !S.Exprs.back())
        return false;
      break;
    case StmtKind::FunctionDef:
      if (!S.Function)
        return false;
      break;
    case StmtKind::ClassDef:
      if (!S.Class)
        return false;
      break;
    default:
      break;
    }
    return true;
  }
};

} // namespace

Expected<std::string> serializeModule(const PyModule &M) {
  if (!M.File)
    return createStringError("module '%s' has no source file", M.Name.c_str());
  std::string Out;
  Writer W(Out, *M.File);
  W.block(M.Body);
  if (W.failed())
    return createStringError("module '%s' refers to text outside its file",
                             M.Name.c_str());
  return Out;
}

/// Reads \p Data into a module; \p Lazy as for Reader.
static Expected<std::unique_ptr<PyModule>>
readModule(StringRef Data, const SourceFile &File, StringRef Name,
           bool IsPackage, bool Lazy) {
  Reader R(Data, File, Lazy);
  auto M = std::make_unique<PyModule>();
  M->Name = Name.str();
  M->IsPackage = IsPackage;
  M->File = &File;
  M->Body = R.block();
  if (R.failed() || !R.atEnd())
    return createStringError("malformed serialized IR");
  indexModule(*M);
  return M;
}

Expected<std::unique_ptr<PyModule>> deserializeModule(StringRef Data,
                                                      const SourceFile &File,
                                                      StringRef Name,
                                                      bool IsPackage) {
  return readModule(Data, File, Name, IsPackage, /*Lazy=*/false);
}

Expected<std::unique_ptr<PyModule>>
deserializeModule(std::unique_ptr<MemoryBuffer> Storage, StringRef Data,
                  const SourceFile &File, StringRef Name, bool IsPackage) {
  assert(Data.begin() >= Storage->getBufferStart() &&
         Data.end() <= Storage->getBufferEnd() && "payload outside storage");
  auto M = readModule(Data, File, Name, IsPackage, /*Lazy=*/true);
  if (M)
    (*M)->Storage = std::move(Storage);
  return M;
}

//===----------------------------------------------------------------------===//
// Pending function bodies
//===----------------------------------------------------------------------===//

void FunctionDef::setPendingBody(StringRef Bytes, const SourceFile &File) {
  Body.clear();
  Pending = std::make_unique<PendingBody>();
  Pending->Bytes = Bytes;
  Pending->File = &File;
}

bool FunctionDef::isBodyDecoded() const {
  return !Pending || Pending->Decoded.load(std::memory_order_acquire);
}

StringRef FunctionDef::bodyError() const {
  return isBodyDecoded() && Pending ? StringRef(Pending->Error) : StringRef();
}

void FunctionDef::decodePending() const {
  if (Pending->Decoded.load(std::memory_order_acquire))
    return;
  std::call_once(Pending->Once, [this] {
    Reader R(Pending->Bytes, *Pending->File, /*Lazy=*/true);
    Block B = R.block();
    if (R.failed() || !R.atEnd())
      Pending->Error = "malformed serialized IR in the body of '" + Name + "'";
    else
      Body = std::move(B);
    Pending->Decoded.store(true, std::memory_order_release);
  });
}

} // namespace modcost
