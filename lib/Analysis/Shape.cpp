//===- Shape.cpp - Symbolic shapes of the unit's tensor values ------------===//

#include "modcost/Analysis/Shape.h"
#include "modcost/Analysis/Locate.h"
#include "modcost/Analysis/Prune.h"
#include "modcost/IR/SourceFile.h"

using namespace llvm;

namespace modcost {

AnalysisKey ShapeAnalysis::Key;

std::string formatTensor(const Value &V) {
  std::string S;
  if (V.DimsKnown) {
    S = "[";
    for (size_t I = 0; I < V.Dims.size(); ++I)
      S += (I ? ", " : "") + (V.Dims[I] ? V.Dims[I]->str() : std::string("?"));
    S += "]";
  } else {
    S = V.Rank >= 0 ? "[rank " + std::to_string(V.Rank) + ", dims unknown]"
                    : "[unknown]";
  }
  S += " " + V.Bytes;
  S += V.Contiguous ? " contiguous" : " strided";
  return S;
}

static bool fullyKnown(const Value &V) {
  return V.DimsKnown && !llvm::is_contained(V.Dims, nullptr);
}

Expected<ShapeInfo> ShapeAnalysis::run(AnalysisUnit &U, AnalysisManager &AM) {
  Expected<PruneResult &> P = AM.getResult<PruneAnalysis>(U);
  if (!P)
    return P.takeError();
  ShapeInfo Info;
  Info.Sym = P->Sym;
  Info.Entries = P->Shapes;
  for (const ShapeEntry &E : Info.Entries)
    if (!fullyKnown(E.Val))
      ++Info.Unknown;
  return Info;
}

Expected<PreservedAnalyses> ShapePass::run(AnalysisUnit &U,
                                           AnalysisManager &AM) {
  Expected<ShapeInfo &> S = AM.getResult<ShapeAnalysis>(U);
  if (!S)
    return S.takeError();
  Expected<LocationInfo &> L = AM.getResult<LocateAnalysis>(U);
  if (!L)
    return L.takeError();
  const PruneResult *P = nullptr;
  if (Expected<PruneResult &> PR = AM.getResult<PruneAnalysis>(U))
    P = &*PR;
  else
    return PR.takeError();
  const SourceFile *File = P->BuiltLocation
                               ? P->BuiltLocation->ForwardModule->File
                               : L->ForwardModule->File;
  for (const ShapeEntry &E : S->Entries)
    if (!fullyKnown(E.Val) && File) {
      // Point at the line; the value's text names the expression.
      StringRef Text = File->getText();
      size_t Offset = 0;
      for (unsigned Line = 1; Line < E.Line && Offset < Text.size(); ++Line)
        Offset = Text.find('\n', Offset) + 1;
      size_t Indent = Text.find_first_not_of(" \t", Offset);
      U.getDiags().report(File->getBufferID(),
                          Indent == StringRef::npos ? Offset : Indent,
                          DiagLevel::Warning,
                          "shape of `" + E.Name +
                              "` is not fully known: " + formatTensor(E.Val));
    }
  return PreservedAnalyses::all();
}

Expected<PreservedAnalyses> PrintShapePass::run(AnalysisUnit &U,
                                                AnalysisManager &AM) {
  Expected<ShapeInfo &> S = AM.getResult<ShapeAnalysis>(U);
  if (!S)
    return S.takeError();
  raw_ostream &OS = U.getContext().PrintOS;
  OS << "shape: " << U.getName() << "\n";
  for (const ShapeEntry &E : S->Entries)
    OS << "  " << E.Line << ": " << E.Name << " : " << formatTensor(E.Val)
       << "\n";
  return PreservedAnalyses::all();
}

} // namespace modcost
