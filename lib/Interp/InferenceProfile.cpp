//===- InferenceProfile.cpp - Facts of the default inference run ----------===//

#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Interp/ConfigFile.h"

#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace modcost {

bool InferenceProfile::isSection(StringRef S) {
  return S == "facts" || S == "calls" || S == "inputs" || S == "input_rank" ||
         S == "input_shape" || S == "tensors" || S == "set" || S == "config" ||
         S == "config_sizes" || S == "input_sizes" || S == "input_value" ||
         S == "packages" || S == "rank_shape" || S == "layer_index" ||
         S == "config_defaults";
}

/// A call parsed by parseLiteral, or a dotted word (`nn.BatchNorm2d`).
static bool isExpression(const Value &V) {
  return V.is(ValueKind::Str) &&
         (V.Why == "expression" ||
          (V.Why == "word" && StringRef(V.Name).contains('.')));
}

Expected<Value> InferenceProfile::parseLiteral(StringRef Text) {
  Text = Text.trim();
  if (Text.empty())
    return createStringError("missing value");
  if (Text == "True")
    return Value::boolean(true);
  if (Text == "False")
    return Value::boolean(false);
  if (Text == "None")
    return Value::none();
  if ((Text.front() == '\'' || Text.front() == '"') && Text.size() >= 2 &&
      Text.back() == Text.front())
    return Value::string(Text.drop_front().drop_back());
  // A call, `Config(16, 3, use_se=True)`, or a list or tuple holding calls,
  // `[Config(16, 3, True), Config(24, 5, False)]`: a Python expression the
  // evaluator runs in the analyzed module's scope (a --set value).
  bool HasCall = false;
  for (size_t I = 1; I < Text.size(); ++I)
    if (Text[I] == '(' && (isAlnum(Text[I - 1]) || Text[I - 1] == '_'))
      HasCall = true;
  bool QuotesOpen = false; // An unterminated string is no expression.
  for (char C : Text)
    if (C == '\'' || C == '"')
      QuotesOpen = !QuotesOpen;
  if (HasCall && !QuotesOpen &&
      (Text.back() == ')' || (Text.front() == '[' && Text.back() == ']'))) {
    Value V = Value::string(Text);
    V.Why = "expression";
    return V;
  }
  // A tuple or list of literals: [7, 7], (1, 2), 7,7.
  if (Text.front() == '[' || Text.front() == '(' || Text.contains(',')) {
    StringRef Inner = Text;
    if ((Inner.front() == '[' && Inner.back() == ']') ||
        (Inner.front() == '(' && Inner.back() == ')'))
      Inner = Inner.drop_front().drop_back();
    else if (Inner.front() == '[' || Inner.front() == '(')
      return createStringError("'" + Text +
                               "' is not a Python literal or a name");
    std::vector<Value> Elems;
    SmallVector<StringRef, 8> Parts;
    Inner.split(Parts, ',');
    for (StringRef P : Parts) {
      if (P.trim().empty())
        continue;
      Expected<Value> E = parseLiteral(P);
      if (!E)
        return E.takeError();
      Elems.push_back(*E);
    }
    return Value::tuple(std::move(Elems));
  }
  int64_t I;
  if (!Text.getAsInteger(10, I))
    return Value::integer(I);
  double D;
  if (!Text.getAsDouble(D))
    return Value::floating(D);
  for (char C : Text)
    if (!isAlnum(C) && C != '_' && C != '.')
      return createStringError("'" + Text +
                               "' is not a Python literal or a name");
  // A bare word: `passed`, or another parameter's name in [inputs].
  Value V = Value::string(Text);
  V.Why = "word";
  return V;
}

Error InferenceProfile::parse(StringRef Text, StringRef Origin) {
  std::string Section;
  unsigned LineNo = 0;
  SmallVector<StringRef, 64> Lines;
  Text.split(Lines, '\n');
  for (StringRef Line : Lines) {
    ++LineNo;
    StringRef L = Line.split('#').first.trim();
    if (L.empty())
      continue;
    std::string Where = formatv("{0}:{1}", Origin, LineNo).str();
    if (L.front() == '[') {
      if (!L.ends_with("]"))
        return createStringError(Where + ": expected ']'");
      Section = L.drop_front().drop_back().trim().str();
      if (!isSection(Section))
        return createStringError(Where + ": unknown section [" + Section +
                                 "] (expected facts, calls, inputs, "
                                 "input_rank, input_shape, rank_shape, "
                                 "tensors or set)");
      continue;
    }
    if (Section.empty())
      return createStringError(Where + ": entry before any [section]");
    auto [Name, Rest] = L.split('=');
    Name = Name.trim();
    if (Name.empty() || !L.contains('='))
      return createStringError(Where + ": expected 'name = value'");
    Expected<Value> V = (Section == "input_shape" || Section == "rank_shape")
                            ? Expected<Value>(Value::string(Rest.trim()))
                            : parseLiteral(Rest);
    if (!V)
      return createStringError(Where + ": " + toString(V.takeError()));
    bool Expression = isExpression(*V);
    V->Why = ("profile " + Section + "." + Name.str() + " = " +
              Rest.trim().str() + " (" + Where + ")");
    Sections[Section][Name.str()] = {*V, Where, Expression};
  }
  return Error::success();
}

Error InferenceProfile::loadFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError("cannot read profile '" + Path +
                             "': " + Buf.getError().message());
  return parse((*Buf)->getBuffer(), sys::path::filename(Path));
}

Error InferenceProfile::define(StringRef Assignment) {
  auto [Lhs, Rhs] = Assignment.split('=');
  if (!Assignment.contains('=') || Lhs.trim().empty())
    return createStringError("-D expects NAME=VALUE, got '" + Assignment + "'");
  StringRef Section = "facts", Name = Lhs.trim();
  auto [Maybe, RestName] = Name.split('.');
  if (Name.contains('.') && isSection(Maybe)) {
    Section = Maybe;
    Name = RestName;
  }
  Expected<Value> V = (Section == "input_shape" || Section == "rank_shape")
                          ? Expected<Value>(Value::string(Rhs.trim()))
                          : parseLiteral(Rhs);
  if (!V)
    return createStringError("-D " + Assignment + ": " +
                             toString(V.takeError()));
  // A bare name given to --set (`--set block=Bottleneck`) is a name in the
  // analyzed module, like a dotted one; if it names nothing it stays a
  // string.
  bool Expression =
      isExpression(*V) ||
      (Section == "set" && V->is(ValueKind::Str) && V->Why == "word");
  V->Why = ("-D " + Section + "." + Name + "=" + Rhs.trim()).str();
  Sections[Section.str()][Name.str()] = {*V, "-D", Expression};
  return Error::success();
}

bool InferenceProfile::isConfigSize(StringRef Name) {
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (Name == #ATTR || Name == #STD)                                           \
    return true;
#include "modcost/Interp/ConfigAliases.def"
  return false;
}

StringRef InferenceProfile::standardConfigName(StringRef Attr) {
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (Attr == #ATTR)                                                           \
    return #STD;
#include "modcost/Interp/ConfigAliases.def"
  return "";
}

/// A JSON scalar (or a list of scalars) as a Value; nullopt for integers
/// (sizes) and for anything nested deeper.
static std::optional<Value> configScalar(const nlohmann::json &J) {
  if (J.is_string())
    return Value::string(J.get<std::string>());
  if (J.is_boolean())
    return Value::boolean(J.get<bool>());
  if (J.is_null())
    return Value::none();
  if (J.is_number_float())
    return Value::floating(J.get<double>());
  if (J.is_array()) {
    std::vector<Value> Elems;
    for (const nlohmann::json &E : J) {
      if (E.is_number_integer()) {
        Elems.push_back(Value::integer(E.get<int64_t>()));
        continue;
      }
      std::optional<Value> V = configScalar(E);
      if (!V || V->is(ValueKind::Tuple))
        return std::nullopt;
      Elems.push_back(*V);
    }
    return Value::tuple(std::move(Elems));
  }
  return std::nullopt;
}

Expected<nlohmann::json> readConfigJSON(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError("cannot read config '" + Path +
                             "': " + Buf.getError().message());
  nlohmann::json J = nlohmann::json::parse((*Buf)->getBuffer().begin(),
                                           (*Buf)->getBuffer().end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object())
    return createStringError("config '" + Path +
                             "' is not a JSON object (expected a "
                             "HuggingFace config.json)");
  return J;
}

std::vector<const nlohmann::json *> configLevels(const nlohmann::json &J) {
  std::vector<const nlohmann::json *> Levels{&J};
  auto It = J.find("text_config");
  if (It != J.end() && It->is_object())
    Levels.push_back(&*It);
  return Levels;
}

Error InferenceProfile::loadConfigJSON(StringRef Path) {
  Expected<nlohmann::json> File = readConfigJSON(Path);
  if (!File)
    return File.takeError();
  const nlohmann::json &J = *File;
  std::string Origin = ("--config " + Path).str();
  auto &Config = Sections["config"];
  auto Put = [&](const std::string &Name, Value V) {
    if (Config.count(Name) && Config[Name].Origin == Origin)
      return; // The top level was read first and wins.
    V.Why = "`" + Name + "` = " + V.str() + " (" + Origin + ")";
    Config[Name] = {std::move(V), Origin, false};
  };
  for (const nlohmann::json *L : configLevels(J))
    for (auto It = L->begin(); It != L->end(); ++It) {
      if (It.key() == "text_config") {
        // Its values are read as the model's; its model type picks the
        // nested config's class (`CONFIG_MAPPING[text_config["model_type"]]`
        // of an `AutoConfig` sub-config, SubConfigs.cpp).
        auto T = It->find("model_type");
        if (It->is_object() && T != It->end() && T->is_string())
          Put("text_config.model_type", Value::string(T->get<std::string>()));
        continue;
      }
      // An integer that is not a model size (`chunk_size_feed_forward`,
      // `max_position_embeddings`) is a value; sizes stay symbols.
      if (It->is_number_integer() && !isConfigSize(It.key())) {
        Put(It.key(), Value::integer(It->get<int64_t>()));
        continue;
      }
      // A size stays a symbol; its number decides branches (SizeHints).
      if (It->is_number_integer()) {
        auto &Sizes = Sections["config_sizes"];
        if (!Sizes.count(It.key()))
          Sizes[It.key()] = {Value::integer(It->get<int64_t>()), Origin, false};
        continue;
      }
      if (It->is_object()) {
        for (auto S = It->begin(); S != It->end(); ++S)
          if (S->is_number_integer())
            Put(It.key() + "." + S.key(), Value::integer(S->get<int64_t>()));
          else if (std::optional<Value> V = configScalar(*S))
            Put(It.key() + "." + S.key(), *V);
        continue;
      }
      if (std::optional<Value> V = configScalar(*It))
        Put(It.key(), *V);
    }
  return Error::success();
}

const ProfileEntry *InferenceProfile::get(StringRef Section,
                                          StringRef Name) const {
  auto S = Sections.find(Section.str());
  if (S == Sections.end())
    return nullptr;
  auto E = S->second.find(Name.str());
  return E == S->second.end() ? nullptr : &E->second;
}

std::string InferenceProfile::defaultProfilePath(StringRef Argv0,
                                                 void *MainAddr) {
  if (std::optional<std::string> Dir =
          sys::Process::GetEnv("MODCOST_PROFILE_DIR")) {
    SmallString<256> P(*Dir);
    sys::path::append(P, "default.profile");
    return std::string(P);
  }
  std::string Exe = sys::fs::getMainExecutable(Argv0.str().c_str(), MainAddr);
  SmallString<256> P(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(P, "share", "modcost", "default.profile");
  return std::string(P);
}

} // namespace modcost
