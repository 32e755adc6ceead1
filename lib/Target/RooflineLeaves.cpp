//===- RooflineLeaves.cpp - The expanded tree's leaves on a roofline ------===//
///
/// \file
/// Walks the unit's lines and, through the breakdown tree, every composite
/// report: a line without composite calls is a leaf; a line with calls
/// descends into each callee and keeps what the line does itself besides
/// the calls as a leaf of its own (RooflineLeaves.h).
///
//===----------------------------------------------------------------------===//

#include "modcost/Target/RooflineLeaves.h"
#include "modcost/Symbolic/Rational.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <map>
#include <optional>

using namespace llvm;

namespace modcost {

RooflineTarget targetOf(const UnitReport::RooflineSummary &S) {
  RooflineTarget T;
  T.HardwareID = S.HardwareID;
  T.HardwareName = S.HardwareName;
  T.Source = S.Source;
  T.Precision = S.Precision;
  T.PeakFlops = S.PeakFlops;
  T.Bandwidth = S.Bandwidth;
  return T;
}

namespace {

using sym::Rational;

/// FLOPs and bytes (read + written), exact.
struct Cost {
  Rational Flops, Bytes;
};

std::optional<Cost> costOf(StringRef F, StringRef R, StringRef W) {
  auto Fl = Rational::fromString(F), Rd = Rational::fromString(R),
       Wr = Rational::fromString(W);
  if (!Fl || !Rd || !Wr)
    return std::nullopt;
  return Cost{*Fl, *Rd + *Wr};
}

/// The attributes a line calls (`self.q_proj(...)` -> `q_proj`) in the
/// order the calls finish, which is the order they ran and were recorded
/// (`self.down(F.silu(self.gate(x)) * self.up(x))`: gate, up, down).
std::vector<std::string> calledAttributes(StringRef Code) {
  auto IsIdent = [](char Ch) { return isAlnum(Ch) || Ch == '_'; };
  std::vector<std::pair<size_t, std::string>> Calls;
  for (size_t At = Code.find("self."); At != StringRef::npos;
       At = Code.find("self.", At + 1)) {
    if (At > 0 && (IsIdent(Code[At - 1]) || Code[At - 1] == '.'))
      continue;
    size_t NameStart = At + 5, NameEnd = NameStart;
    while (NameEnd < Code.size() && IsIdent(Code[NameEnd]))
      ++NameEnd;
    if (NameEnd == NameStart || isDigit(Code[NameStart]))
      continue;
    size_t Open = NameEnd;
    while (Open < Code.size() && isSpace(Code[Open]))
      ++Open;
    if (Open == Code.size() || Code[Open] != '(')
      continue;
    int Depth = 0;
    size_t Close = Open;
    for (; Close < Code.size(); ++Close) {
      Depth += Code[Close] == '(' ? 1 : Code[Close] == ')' ? -1 : 0;
      if (Depth == 0)
        break;
    }
    Calls.push_back({Close, Code.slice(NameStart, NameEnd).str()});
  }
  llvm::sort(Calls);
  std::vector<std::string> Out;
  for (auto &[Close, Name] : Calls)
    Out.push_back(std::move(Name));
  return Out;
}

/// The path segment of call \p I of a line's \p N calls: its attribute
/// when the line's `self.X(...)` calls match its calls one to one, else the
/// callee's short name (numbered when the line has several calls).
std::string segmentFor(StringRef Code, size_t I, size_t N, StringRef Callee) {
  std::vector<std::string> Attrs = calledAttributes(Code);
  if (Attrs.size() == N)
    return Attrs[I];
  std::string Short = Callee.rsplit('.').second.empty()
                          ? Callee.str()
                          : Callee.rsplit('.').second.str();
  return N == 1 ? Short : Short + "#" + std::to_string(I + 1);
}

/// The short name of a basic line's first op (`torch.matmul` -> `matmul`,
/// `` `+` `` -> `add`).
std::string opName(StringRef Operation) {
  StringRef First = Operation.split(" + ").first.trim().trim('`');
  static const std::pair<StringRef, StringRef> Operators[] = {
      {"+", "add"},    {"-", "sub"},  {"*", "mul"},       {"/", "div"},
      {"@", "matmul"}, {"**", "pow"}, {"//", "floordiv"}, {"%", "mod"}};
  for (auto [Op, Name] : Operators)
    if (First == Op)
      return Name.str();
  StringRef Last = First.rsplit('.').second;
  return (Last.empty() ? First : Last).str();
}

std::string join(StringRef Path, StringRef Seg) {
  return Path.empty() ? Seg.str() : (Path + "." + Seg).str();
}

class LeafCollector {
public:
  LeafCollector(const UnitReport &Root, const RooflineTarget &T) : T(T) {
    for (const UnitReport &C : Root.CalleeReports)
      ByStem[C.ReportName] = &C;
  }

  void visit(const UnitReport &R, const Rational &Calls, StringRef Path,
             ArrayRef<UnitReport::BreakdownItem> Items) {
    std::string Name =
        R.ReportName.empty()
            ? (R.Location ? R.Location->QualifiedName : std::string())
            : R.ReportName;
    unsigned Basic = count_if(
        R.Kernels, [](const KernelInfo &K) { return K.References.empty(); });
    std::vector<bool> Used(Items.size(), false);
    for (const KernelInfo &K : R.Kernels) {
      std::string Where = Name + " line " + std::to_string(K.Line);
      std::optional<Cost> Line =
          costOf(K.FlopsValue, K.ReadValue, K.WriteValue);
      if (!Line) {
        ++Symbolic;
        continue;
      }
      Cost Here{Line->Flops * Calls, Line->Bytes * Calls};
      if (K.References.empty()) {
        std::string Label = Path.str();
        if (Basic > 1 || Label.empty())
          Label = join(Path, opName(K.Operation));
        add(Label, Where, Here);
        continue;
      }
      // Each call of the line: its item in the breakdown and its report.
      struct Call {
        const UnitReport::BreakdownItem *Item;
        const UnitReport *Report;
        Rational Times;
      };
      std::vector<Call> Found;
      for (const ReferenceInfo &Ref : K.References) {
        const UnitReport::BreakdownItem *Item = nullptr;
        for (size_t I = 0; I < Items.size() && !Item; ++I)
          if (!Used[I] && Items[I].Line == K.Line &&
              Items[I].Callee == Ref.Callee && Items[I].Report == Ref.Report) {
            Used[I] = true;
            Item = &Items[I];
          }
        auto It = ByStem.find(Ref.Report);
        auto Times = Item ? Rational::fromString(Item->CallsValue)
                          : std::optional<Rational>();
        if (!Item || It == ByStem.end() || !Times)
          break;
        Found.push_back({Item, It->second, *Times});
      }
      if (Found.size() != K.References.size()) {
        // Not expanded further (too deep, or not numeric): one leaf.
        add(join(Path, segmentFor(K.Code, 0, 1, K.References.front().Callee)),
            Where, Here);
        continue;
      }
      Cost Rest = Here;
      for (size_t CI = 0; CI < Found.size(); ++CI) {
        const Call &C = Found[CI];
        std::optional<Cost> Total =
            costOf(C.Report->TotalFlopsValue, C.Report->TotalReadValue,
                   C.Report->TotalWriteValue);
        if (Total) {
          Rest.Flops = Rest.Flops - Total->Flops * C.Times;
          Rest.Bytes = Rest.Bytes - Total->Bytes * C.Times;
        }
        std::string Seg = segmentFor(K.Code, CI, Found.size(), C.Item->Callee);
        visit(*C.Report, C.Times, join(Path, Seg), C.Item->Children);
      }
      // What the line does besides its calls (a residual add, a reshape).
      if (!Rest.Flops.isZero() || !Rest.Bytes.isZero())
        add(join(Path, "L" + std::to_string(K.Line)), Where, Rest);
    }
  }

  std::vector<RooflineLeaf> take() {
    std::vector<RooflineLeaf> Out;
    for (const std::string &L : Order) {
      const Acc &A = Leaves[L];
      double F = exactToDouble(A.C.Flops.toString()).value_or(0),
             B = exactToDouble(A.C.Bytes.toString()).value_or(0);
      Out.push_back({L, A.Where, computeRooflinePoint(F, B, T)});
    }
    return Out;
  }

  unsigned Symbolic = 0;

private:
  struct Acc {
    Cost C;
    std::string Where;
  };

  void add(const std::string &Label, const std::string &Where, const Cost &C) {
    auto [It, New] = Leaves.try_emplace(Label, Acc{C, Where});
    if (New) {
      Order.push_back(Label);
      return;
    }
    It->second.C.Flops = It->second.C.Flops + C.Flops;
    It->second.C.Bytes = It->second.C.Bytes + C.Bytes;
  }

  const RooflineTarget &T;
  std::map<std::string, const UnitReport *> ByStem;
  std::map<std::string, Acc> Leaves;
  std::vector<std::string> Order;
};

} // namespace

std::vector<RooflineLeaf> collectRooflineLeaves(const UnitReport &Root,
                                                const RooflineTarget &T,
                                                unsigned &Symbolic) {
  LeafCollector C(Root, T);
  C.visit(Root, Rational(1), "", Root.Breakdown);
  Symbolic = C.Symbolic;
  return C.take();
}

} // namespace modcost
