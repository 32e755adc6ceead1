//===- JSONDumpTest.cpp - dumpJSON writes what nlohmann's dump writes -----===//

#include "modcost/Emit/JSONDump.h"

#include "gtest/gtest.h"

#include <limits>
#include <random>

using namespace modcost;
using json = nlohmann::ordered_json;

namespace {

std::string viaNlohmann(const json &J) {
  return J.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string viaDumpJSON(const json &J) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  dumpJSON(J, OS);
  OS.flush();
  return S;
}

TEST(JSONDumpTest, Scalars) {
  for (const json &J :
       {json(nullptr), json(true), json(false), json(0), json(-7),
        json(std::numeric_limits<int64_t>::min()),
        json(std::numeric_limits<uint64_t>::max()), json(1.5), json(2.0),
        json(1e300), json(-0.0), json(0.1), json(""), json("plain text")})
    EXPECT_EQ(viaDumpJSON(J), viaNlohmann(J)) << viaNlohmann(J);
}

TEST(JSONDumpTest, EscapesAndUTF8) {
  std::string Control;
  for (int C = 0; C < 0x20; ++C)
    Control += static_cast<char>(C);
  Control += "\x7f\"\\/";
  for (const std::string &S :
       {Control, std::string("tab\there, \"quoted\" and C:\\path"),
        std::string("caf\xc3\xa9 \xe2\x86\x92 x"),    // valid UTF-8
        std::string("bad \xff byte and \xc3 cut"),    // invalid: replaced
        std::string("\xe2\x86"),                      // truncated sequence
        std::string("\x01 then \xc3\xa9 then \x02")}) // both at once
    EXPECT_EQ(viaDumpJSON(json(S)), viaNlohmann(json(S))) << S;
}

TEST(JSONDumpTest, Containers) {
  json J;
  J["empty_object"] = json::object();
  J["empty_array"] = json::array();
  J["array"] = {1, "two", nullptr, json::array(), json::object(), 3.25};
  J["nested"]["deeper"]["key with \"quotes\""] = {{"a", 1}, {"b", {1, 2}}};
  J["\xff key"] = "value";
  EXPECT_EQ(viaDumpJSON(J), viaNlohmann(J));
  EXPECT_EQ(viaDumpJSON(json::array()), "[]");
  EXPECT_EQ(viaDumpJSON(json::object()), "{}");
}

/// A random tree of every kind of value, strings drawn from bytes that
/// need every treatment (plain, escaped, multi-byte, invalid).
json randomTree(std::mt19937 &Rng, unsigned Depth) {
  static const char *const Pieces[] = {"a",    "Z9 ",  "\"",   "\\",
                                       "\n",   "\x03", "\x7f", "\xc3\xa9",
                                       "\xff", "\xe2", "\t",   "/"};
  auto Str = [&] {
    std::string S;
    for (unsigned I = Rng() % 6; I; --I)
      S += Pieces[Rng() % (sizeof(Pieces) / sizeof(*Pieces))];
    return S;
  };
  unsigned Kind = Depth ? Rng() % 8 : Rng() % 6;
  switch (Kind) {
  case 0:
    return nullptr;
  case 1:
    return Rng() % 2 == 0;
  case 2:
    return static_cast<int64_t>(Rng()) - (1ll << 31);
  case 3:
    return static_cast<double>(Rng()) / 7.0;
  case 4:
  case 5:
    return Str();
  case 6: {
    json A = json::array();
    for (unsigned I = Rng() % 4; I; --I)
      A.push_back(randomTree(Rng, Depth - 1));
    return A;
  }
  default: {
    json O = json::object();
    for (unsigned I = Rng() % 4; I; --I)
      O[Str()] = randomTree(Rng, Depth - 1);
    return O;
  }
  }
}

TEST(JSONDumpTest, RandomTreesMatchByteForByte) {
  std::mt19937 Rng(20261202);
  for (int I = 0; I < 2000; ++I) {
    json J = randomTree(Rng, 4);
    ASSERT_EQ(viaDumpJSON(J), viaNlohmann(J)) << "tree " << I;
  }
}

} // namespace
