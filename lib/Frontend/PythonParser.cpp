//===- PythonParser.cpp - tree-sitter syntax tree to Python IR ------------===//
///
/// \file
/// The converter walks tree-sitter-python's concrete syntax tree (grammar
/// 0.23) and builds IR nodes. Node type and field names below are the
/// grammar's; anything it does not model becomes an Unknown expression or an
/// Other statement that keeps its text, so later passes can still report it.
/// This file is the driver (syntax errors, indentation checks, the module
/// index); the converter itself is in PythonParserExprs.cpp and
/// PythonParserStmts.cpp.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/PythonParser.h"
#include "PythonParserImpl.h"
#include "modcost/IR/Indexing.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>

using namespace llvm;

namespace modcost {

using pyparse::Converter;

//===----------------------------------------------------------------------===//
// Syntax errors and the module index
//===----------------------------------------------------------------------===//

/// `invalid syntax near '...'` for the text starting at \p Text: its first
/// line, at most 40 bytes, cut at a UTF-8 character boundary.
static std::string invalidSyntaxNear(StringRef Text) {
  std::string Msg = "invalid syntax";
  StringRef First =
      Text.take_until([](char C) { return C == '\n' || C == '\r'; });
  if (First.size() > 40) {
    size_t Cut = 40;
    while (Cut > 0 && (static_cast<unsigned char>(First[Cut]) & 0xC0) == 0x80)
      --Cut;
    First = First.take_front(Cut);
  }
  if (!First.empty())
    Msg += " near '" + First.str() + "'";
  return Msg;
}

/// Where to report an error that sits in a hidden child of \p N: a MISSING
/// `_newline`, `_indent` or `_dedent` token is not reachable through the
/// node API (ts_node_child skips hidden nodes). In a block, two statements
/// on one line without a `;` between them are the usual cause; otherwise
/// the node itself is the best place there is.
static uint32_t hiddenErrorOffset(ts::Node N) {
  uint32_t Offset = N.startByte();
  bool Found = false;
  ts::Node Prev;
  N.forEachChild([&](ts::Node C, StringRef) {
    if (Found || C.type() == "comment")
      return;
    if (Prev && C.isNamed() && Prev.isNamed() &&
        C.startPoint().row == Prev.endPoint().row) {
      Offset = C.startByte();
      Found = true;
    }
    Prev = C;
  });
  return Offset;
}

/// Reports every ERROR/MISSING node (up to a limit); returns how many. A
/// tree whose error is only in hidden nodes still gets one diagnostic, so a
/// failed parse is never silent.
static unsigned reportSyntaxErrors(ts::Node Root, const SourceFile &File,
                                   DiagnosticEngine &Diags) {
  const unsigned Limit = 10;
  StringRef Src = File.getText();
  // Iterative walk: the tree can be as deep as the input is nested.
  std::vector<ts::Node> Stack{Root};
  std::vector<std::pair<uint32_t, std::string>> Found;
  std::optional<uint32_t> Hidden;
  while (!Stack.empty() && Found.size() < Limit) {
    ts::Node N = Stack.back();
    Stack.pop_back();
    if (N.isMissing()) {
      Found.push_back({N.startByte(), ("expected '" + N.type() + "'").str()});
      continue;
    }
    if (N.isError()) {
      Found.push_back({N.startByte(), invalidSyntaxNear(N.text(Src))});
      continue;
    }
    if (!N.hasError())
      continue;
    size_t Before = Stack.size();
    for (uint32_t I = N.childCount(); I-- > 0;)
      if (ts::Node C = N.child(I); C.hasError() || C.isMissing())
        Stack.push_back(C);
    if (Stack.size() == Before && !Hidden)
      Hidden = hiddenErrorOffset(N);
  }
  if (Found.empty()) {
    uint32_t Offset = Hidden.value_or(0);
    Found.push_back({Offset, invalidSyntaxNear(Src.drop_front(Offset))});
  }
  llvm::sort(Found,
             [](const auto &A, const auto &B) { return A.first < B.first; });
  for (auto &[Offset, Msg] : Found)
    Diags.report(File.getBufferID(), Offset, DiagLevel::Error, Msg);
  return Found.size();
}

//===----------------------------------------------------------------------===//
// Indentation
//===----------------------------------------------------------------------===//

namespace {

/// The UTF-8 byte order mark, which Python allows at the start of a file.
constexpr StringLiteral BOM = "\xEF\xBB\xBF";

/// CPython's indentation check, fed the logical lines of a file in order
/// (the tokenizer logic of Parser/tokenizer.c): each line's indentation is
/// measured with tabs to the next multiple of 8 and, separately, with tabs
/// as one column; the two must order the lines the same way. A deeper line
/// must open a block (CPython's parser says "unexpected indent" otherwise).
class IndentChecker {
public:
  enum class Problem {
    None,
    Tab,
    Unindent,
    UnexpectedIndent,
    TooManyLevels,
    TooWide
  };

  /// Checks the logical line whose indentation is \p Indent; \p OpensBlock
  /// says whether it is the first line of a block (may be deeper).
  Problem add(StringRef Indent, bool OpensBlock) {
    unsigned Col = 0, AltCol = 0, Width = 0;
    for (char C : Indent) {
      if (C == ' ') {
        ++Col;
        ++AltCol;
        ++Width;
      } else if (C == '\t') {
        Col = (Col / 8 + 1) * 8;
        ++AltCol;
        Width += 8; // tree-sitter-python's scanner: a tab is 8 more.
      } else if (C == '\f') {
        Col = AltCol = Width = 0;
      }
    }
    if (Width > PythonParser::MaxIndentColumns)
      return Problem::TooWide;
    auto &Top = Stack.back();
    if (Col == Top.first)
      return AltCol == Top.second ? Problem::None : Problem::Tab;
    if (Col > Top.first) {
      if (Stack.size() > PythonParser::MaxIndentLevels)
        return Problem::TooManyLevels;
      bool Consistent = AltCol > Top.second;
      Stack.push_back({Col, AltCol});
      if (!Consistent)
        return Problem::Tab;
      return OpensBlock ? Problem::None : Problem::UnexpectedIndent;
    }
    while (Stack.size() > 1 && Col < Stack.back().first)
      Stack.pop_back();
    if (Col != Stack.back().first) {
      Stack.push_back({Col, AltCol}); // Keep going from the line as written.
      return Problem::Unindent;
    }
    return AltCol == Stack.back().second ? Problem::None : Problem::Tab;
  }

  /// The diagnostic text of \p P.
  static std::string message(Problem P) {
    switch (P) {
    case Problem::Tab:
      return "inconsistent use of tabs and spaces in indentation";
    case Problem::Unindent:
      return "unindent does not match any outer indentation level";
    case Problem::UnexpectedIndent:
      return "unexpected indent";
    case Problem::TooManyLevels:
      return formatv("nesting deeper than {0} indentation levels is not "
                     "supported",
                     PythonParser::MaxIndentLevels);
    case Problem::TooWide:
      return formatv("nesting deeper than {0} columns of indentation is not "
                     "supported",
                     PythonParser::MaxIndentColumns);
    case Problem::None:
      break;
    }
    return "";
  }

private:
  /// (column, alternate column) of each open indentation level.
  SmallVector<std::pair<unsigned, unsigned>, 16> Stack{{0, 0}};
};

/// A logical line: its indentation [IndentBegin, IndentEnd), where its
/// first token is, and whether it is the first line of a block.
struct LogicalLine {
  uint32_t IndentBegin, IndentEnd, First;
  bool OpensBlock;
};

/// True if the physical line before the one starting at \p LineStart ends
/// with a backslash (so this line continues it).
bool continuesPreviousLine(StringRef Src, uint32_t LineStart) {
  if (LineStart < 2 || Src[LineStart - 1] != '\n')
    return false;
  uint32_t I = LineStart - 2;
  if (Src[I] == '\r') {
    if (I == 0)
      return false;
    --I;
  }
  return Src[I] == '\\';
}

/// The indentation of a statement whose first token starts a physical line
/// at \p LineStart: that line's leading whitespace, unless it continues
/// lines holding only whitespace and a backslash, in which case the first
/// of those sets the indentation (as in CPython). None if it continues a
/// line with code (then it does not start a logical line).
std::optional<std::pair<uint32_t, uint32_t>>
indentationOf(StringRef Src, uint32_t LineStart, uint32_t First) {
  std::pair<uint32_t, uint32_t> Indent{LineStart, First};
  while (continuesPreviousLine(Src, LineStart)) {
    uint32_t PrevEnd = LineStart - 1; // The '\n'.
    size_t NL = Src.take_front(PrevEnd).rfind('\n');
    uint32_t PrevStart = NL == StringRef::npos ? 0 : NL + 1;
    StringRef Prev = Src.slice(PrevStart, PrevEnd).rtrim('\r');
    size_t Code = Prev.find_first_not_of(" \t\f");
    if (Code + 1 != Prev.size()) // Something before the backslash.
      return std::nullopt;
    Indent = {PrevStart, PrevStart + uint32_t(Code)};
    LineStart = PrevStart;
  }
  return Indent;
}

/// The logical lines of an error-free tree: the statements of every block
/// and of the module, the clauses of compound statements (`elif`, `else`,
/// `except`, `finally`, `case`), decorators and the definitions they
/// decorate, when they are the first token on their physical line.
std::vector<LogicalLine> logicalLinesOfTree(ts::Node Root, StringRef Src) {
  std::vector<LogicalLine> Lines;
  auto Consider = [&](ts::Node N, bool OpensBlock) {
    uint32_t First = N.startByte();
    uint32_t Column = N.startPoint().column;
    if (Column > First)
      return;
    uint32_t LineStart = First - Column;
    if (LineStart == 0 && Src.starts_with(BOM))
      LineStart = BOM.size();
    if (LineStart > First)
      return;
    if (Src.slice(LineStart, First).find_first_not_of(" \t\f") !=
        StringRef::npos)
      return;
    if (auto Indent = indentationOf(Src, LineStart, First))
      Lines.push_back({Indent->first, Indent->second, First, OpensBlock});
  };
  auto Descends = [](StringRef T) {
    return T == "module" || T == "block" || T == "decorated_definition" ||
           T.ends_with("_statement") || T.ends_with("_clause") ||
           T.ends_with("_definition");
  };
  // Iterative walk: blocks nest as deep as the input does.
  std::vector<ts::Node> Stack{Root};
  while (!Stack.empty()) {
    ts::Node N = Stack.back();
    Stack.pop_back();
    StringRef T = N.type();
    bool Container = T == "module" || T == "block";
    bool Decorated = T == "decorated_definition";
    bool FirstInBlock = T == "block";
    N.forEachChild([&](ts::Node C, StringRef Field) {
      if (!C.isNamed())
        return;
      StringRef CT = C.type();
      if (CT == "comment" || CT == "line_continuation")
        return;
      if (Container || CT == "decorator" || CT.ends_with("_clause") ||
          (Decorated && Field == "definition"))
        Consider(C, FirstInBlock);
      FirstInBlock = false;
      if (Descends(CT))
        Stack.push_back(C);
    });
  }
  llvm::sort(Lines, [](const LogicalLine &A, const LogicalLine &B) {
    return A.First < B.First;
  });
  // A decorated definition and its first decorator start the same line.
  std::vector<LogicalLine> Unique;
  for (const LogicalLine &L : Lines) {
    if (!Unique.empty() && Unique.back().IndentBegin == L.IndentBegin)
      Unique.back().OpensBlock |= L.OpensBlock;
    else
      Unique.push_back(L);
  }
  return Unique;
}

/// The logical lines of any text, found by a small tokenizer that skips
/// strings, comments, blank lines and lines inside brackets or after a
/// backslash. Used only when tree-sitter has already found errors, to tell
/// nesting beyond its limits from a real syntax error; a string it
/// misreads can then only change which error is reported.
std::vector<LogicalLine> logicalLinesOfText(StringRef Src) {
  std::vector<LogicalLine> Lines;
  size_t I = Src.starts_with(BOM) ? BOM.size() : 0, N = Src.size();
  unsigned Brackets = 0;
  bool AtLineStart = true, Continued = false;
  while (I < N) {
    if (AtLineStart) {
      AtLineStart = false;
      size_t J = I;
      while (J < N && (Src[J] == ' ' || Src[J] == '\t' || Src[J] == '\f'))
        ++J;
      if (!Brackets && !Continued && J < N && Src[J] != '\n' &&
          Src[J] != '\r' && Src[J] != '#' && Src[J] != '\\')
        Lines.push_back(
            {uint32_t(I), uint32_t(J), uint32_t(J), /*OpensBlock=*/true});
      Continued = false;
      I = J;
      continue;
    }
    char C = Src[I];
    if (C == '\n') {
      AtLineStart = true;
      ++I;
    } else if (C == '#') {
      while (I < N && Src[I] != '\n')
        ++I;
    } else if (C == '\\') {
      size_t Next = I + 1;
      if (Next < N && Src[Next] == '\r')
        ++Next;
      if (Next < N && Src[Next] == '\n') {
        Continued = AtLineStart = true;
        I = Next + 1;
      } else {
        I += 2;
      }
    } else if (C == '(' || C == '[' || C == '{') {
      ++Brackets;
      ++I;
    } else if (C == ')' || C == ']' || C == '}') {
      if (Brackets)
        --Brackets;
      ++I;
    } else if (C == '\'' || C == '"') {
      bool Triple = I + 2 < N && Src[I + 1] == C && Src[I + 2] == C;
      I += Triple ? 3 : 1;
      while (I < N) {
        if (Src[I] == '\\') {
          I += 2;
        } else if (Src[I] == C && (!Triple || (I + 2 < N && Src[I + 1] == C &&
                                               Src[I + 2] == C))) {
          I += Triple ? 3 : 1;
          break;
        } else if (Src[I] == '\n' && !Triple) {
          break; // Unterminated; the newline ends the line.
        } else {
          ++I;
        }
      }
    } else {
      ++I;
    }
  }
  return Lines;
}

} // namespace

/// Runs the indentation checks over \p Lines; reports the first problem
/// (only the nesting limits when \p OnlyLimits) and returns false if there
/// was one.
static bool checkIndentation(ArrayRef<LogicalLine> Lines,
                             const SourceFile &File, DiagnosticEngine &Diags,
                             bool OnlyLimits) {
  using Problem = IndentChecker::Problem;
  StringRef Src = File.getText();
  IndentChecker Checker;
  for (const LogicalLine &L : Lines) {
    Problem P =
        Checker.add(Src.slice(L.IndentBegin, L.IndentEnd), L.OpensBlock);
    if (P == Problem::None)
      continue;
    if (OnlyLimits && P != Problem::TooManyLevels && P != Problem::TooWide)
      continue;
    Diags.report(File.getBufferID(), L.First, DiagLevel::Error,
                 IndentChecker::message(P));
    return false;
  }
  return true;
}

/// Python rejects U+FEFF (a byte order mark) anywhere but at the very start
/// of the file, unless it is inside a string or a comment; tree-sitter skips
/// it as whitespace. Reports the first stray one; returns false if found.
static bool checkStrayBOM(ts::Node Root, const SourceFile &File,
                          DiagnosticEngine &Diags) {
  StringRef Src = File.getText();
  for (size_t Pos = Src.find(BOM, 1); Pos != StringRef::npos;
       Pos = Src.find(BOM, Pos + BOM.size())) {
    TSNode Raw = ts_node_descendant_for_byte_range(Root.raw(), Pos, Pos + 1);
    bool Quoted = false;
    for (ts::Node N(Raw); N && !Quoted; N = N.parent()) {
      StringRef T = N.type();
      Quoted = T == "string" || T == "comment" || T == "string_content";
    }
    if (Quoted)
      continue;
    Diags.report(File.getBufferID(), Pos, DiagLevel::Error,
                 "invalid non-printable character U+FEFF");
    return false;
  }
  return true;
}

/// Python reads a carriage return without a line feed as a line break (old
/// Mac line endings); tree-sitter does not. When such a file fails to
/// parse, a note says why the errors look odd.
static void noteLoneCarriageReturn(const SourceFile &File,
                                   DiagnosticEngine &Diags) {
  StringRef Src = File.getText();
  for (size_t Pos = Src.find('\r'); Pos != StringRef::npos;
       Pos = Src.find('\r', Pos + 1)) {
    if (Pos + 1 < Src.size() && Src[Pos + 1] == '\n')
      continue;
    Diags.report(File.getBufferID(), Pos, DiagLevel::Note,
                 "this file ends a line with a carriage return alone (old "
                 "Mac line endings); only \\n and \\r\\n line endings are "
                 "supported");
    return;
  }
}

Expected<PythonParser> PythonParser::create(DiagnosticEngine &Diags) {
  auto P = ts::Parser::createPython();
  if (!P)
    return P.takeError();
  return PythonParser(std::move(*P), Diags);
}

Expected<std::unique_ptr<PyModule>> PythonParser::parse(const SourceFile &File,
                                                        StringRef ModuleName,
                                                        bool IsPackage) {
  StringRef Text = File.getText();
  size_t Nul = Text.find('\0');
  if (Nul != StringRef::npos) {
    Diags->report(File.getBufferID(), Nul, DiagLevel::Error,
                  "file contains a NUL byte; this is not Python source");
    return makeDiagnosedError(FailureKind::InputError);
  }
  if (Text.size() > UINT32_MAX / 2) {
    Diags->report(File.getBufferID(), 0, DiagLevel::Error,
                  "file is too large to parse");
    return makeDiagnosedError(FailureKind::InputError);
  }
  ts::Tree Tree = TSParser.parse(Text);
  if (!Tree) {
    Diags->report(File.getBufferID(), 0, DiagLevel::Error,
                  "the parser gave up on this file");
    return makeDiagnosedError(FailureKind::InputError);
  }
  ts::Node Root = Tree.root();
  if (Root.hasError()) {
    // Nesting beyond the scanner's limits shows as bogus errors (often at
    // 1:1); say what is wrong instead.
    if (checkIndentation(logicalLinesOfText(Text), File, *Diags,
                         /*OnlyLimits=*/true)) {
      reportSyntaxErrors(Root, File, *Diags);
      noteLoneCarriageReturn(File, *Diags);
    }
    return makeDiagnosedError(FailureKind::InputError);
  }
  if (!checkIndentation(logicalLinesOfTree(Root, Text), File, *Diags,
                        /*OnlyLimits=*/false) ||
      !checkStrayBOM(Root, File, *Diags))
    return makeDiagnosedError(FailureKind::InputError);
  auto M = std::make_unique<PyModule>();
  M->Name = ModuleName.str();
  M->IsPackage = IsPackage;
  M->File = &File;
  Converter C(File);
  M->Body = C.convertBlock(Root, 0);
  if (C.TooDeepSeen) {
    Diags->report(File.getBufferID(), C.TooDeepOffset, DiagLevel::Error,
                  formatv("nesting deeper than {0} levels is not supported",
                          MaxNestingDepth));
    return makeDiagnosedError(FailureKind::InputError);
  }
  indexModule(*M);
  return M;
}

} // namespace modcost
