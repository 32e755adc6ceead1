//===- DocstringShapes.cpp - Input shapes stated in docstrings ------------===//
///
/// \file
/// transformers documents a layer's inputs in its forward()'s docstring,
/// one entry per parameter:
///
///     hidden_states (`torch.FloatTensor`): input to the layer of shape
///         `(batch, seq_len, embed_dim)`
///
/// An input whose shape no convention, consumer or use gives takes the
/// shape its entry states (InputInference.cpp, inferInputShape). The entry
/// runs from the line `NAME (` to the next line indented no deeper; its
/// first backquoted (or single-quoted) `(...)` after the words `shape` or
/// `size` is the shape.
/// Batch and sequence dimensions take the standard symbols; `config.X` is
/// the config attribute's standard symbol (ConfigAliases.def); other names
/// stay as written, so a constructor parameter's name (`embed_dim`) is that
/// parameter, as in the profile's conventions.
///
//===----------------------------------------------------------------------===//

#include "DocstringShapes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost {

/// The docstring of a body: its first statement, a string literal.
static std::optional<StringRef> docstringOf(const Block &Body) {
  if (Body.empty() || Body.front()->Kind != StmtKind::Expr ||
      Body.front()->Exprs.empty() || !Body.front()->Exprs[0] ||
      Body.front()->Exprs[0]->Kind != ExprKind::String)
    return std::nullopt;
  return StringRef(Body.front()->Exprs[0]->Name);
}

/// The standard symbol for a dimension name of a docstring.
static std::string standardDim(StringRef D) {
  if (D.consume_front("config.")) {
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (D == #ATTR)                                                              \
    return #STD;
#include "modcost/Interp/ConfigAliases.def"
    return D.str();
  }
  return StringSwitch<std::string>(D)
      .Cases("batch", "batch_size", "bsz", "bs", "batch_size")
      .Cases("sequence_length", "seq_len", "seq_length", "sequence_len",
             "seq_len")
      .Cases("tgt_len", "target_sequence_length", "target_length", "seq_len")
      .Cases("encoder_sequence_length", "encoder_seq_len", "encoder_seq_len")
      .Default(D.str());
}

/// True for a dimension text the convention parser reads: a number, a
/// name, or a formula of names and numbers with `+ - * //`.
static bool readableDim(StringRef D) {
  if (D.empty())
    return false;
  bool AnyName = false;
  for (char C : D) {
    if (isAlnum(C) || C == '_' || C == '.')
      AnyName = AnyName || isAlpha(C);
    else if (!StringRef(" +-*/").contains(C))
      return false;
  }
  return AnyName || all_of(D, isDigit);
}

/// The shape the entry for \p Param in \p Doc states, if any.
static std::optional<std::string> shapeInDoc(StringRef Param, StringRef Doc) {
  SmallVector<StringRef, 32> Lines;
  Doc.split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef Line = Lines[I];
    StringRef Body = Line.ltrim();
    size_t Indent = Line.size() - Body.size();
    if (!Body.consume_front(Param) || !Body.ltrim().starts_with("("))
      continue;
    // The entry: this line and the deeper-indented ones that follow.
    std::string Entry = Body.str();
    for (size_t J = I + 1; J < Lines.size(); ++J) {
      StringRef Next = Lines[J];
      if (Next.trim().empty())
        break;
      if (Next.size() - Next.ltrim().size() <= Indent)
        break;
      Entry += " " + Next.trim().str();
    }
    StringRef E(Entry);
    size_t Said = std::min(E.find("shape"), E.find("size"));
    if (Said == StringRef::npos)
      return std::nullopt;
    // Backquoted, or (BROS, LiLT) single-quoted: `'(batch_size, 4)'`.
    size_t Open = E.find("`(", Said);
    StringRef CloseText = ")`";
    if (size_t Quoted = E.find("'(", Said);
        Quoted != StringRef::npos && Quoted < Open) {
      Open = Quoted;
      CloseText = ")'";
    }
    if (Open == StringRef::npos)
      return std::nullopt;
    size_t Close = E.find(CloseText, Open);
    if (Close == StringRef::npos)
      return std::nullopt;
    SmallVector<StringRef, 6> Parts;
    E.slice(Open + 2, Close).split(Parts, ',');
    std::string Out;
    unsigned Rank = 0;
    for (StringRef P : Parts) {
      P = P.trim();
      if (P.empty())
        continue; // `(batch_size,)`
      if (!readableDim(P))
        return std::nullopt;
      // Each name of a formula takes its standard symbol.
      std::string Dim;
      for (size_t K = 0; K < P.size();) {
        size_t End = K;
        while (End < P.size() &&
               (isAlnum(P[End]) || P[End] == '_' || P[End] == '.'))
          ++End;
        if (End == K) {
          Dim += P[K++];
          continue;
        }
        StringRef Word = P.slice(K, End);
        Dim += isDigit(Word.front()) ? Word.str() : standardDim(Word);
        K = End;
      }
      Out += (Rank++ ? ", " : "") + Dim;
    }
    if (!Rank)
      return std::nullopt;
    // Its element type: integer ids and masks are int64.
    StringRef Type = E.take_front(Said);
    if (Type.contains("LongTensor"))
      Out += " : int64";
    else if (Type.contains("BoolTensor"))
      Out += " : bool";
    return Out;
  }
  return std::nullopt;
}

std::optional<DocstringShape> docstringShape(StringRef Param,
                                             const FunctionDef &Fn) {
  std::string Owner =
      (Fn.Parent ? Fn.Parent->Name + "." : std::string()) + Fn.Name;
  if (std::optional<StringRef> Doc = docstringOf(Fn.body()))
    if (std::optional<std::string> S = shapeInDoc(Param, *Doc))
      return DocstringShape{*S, "the docstring of `" + Owner + "`"};
  if (Fn.Parent)
    if (std::optional<StringRef> Doc = docstringOf(Fn.Parent->Body))
      if (std::optional<std::string> S = shapeInDoc(Param, *Doc))
        return DocstringShape{*S, "the docstring of `" + Fn.Parent->Name + "`"};
  return std::nullopt;
}

} // namespace modcost
