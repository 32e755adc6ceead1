//===- RooflinePlot.cpp - The roofline as an SVG plot ---------------------===//

#include "modcost/Emit/RooflinePlot.h"
#include "modcost/Support/NumberFormat.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace llvm;

namespace modcost {

namespace {

/// Escapes text for SVG character data and attribute values.
std::string xml(StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// A coordinate with one decimal.
std::string coord(double V) {
  std::string S;
  raw_string_ostream(S) << format("%.1f", V);
  return S;
}

/// A placed point: intensity, FLOP/s, its number in the legend, tooltip.
struct Mark {
  double X, Y;
  std::string Label, Tip;
  unsigned Series = 0;
  bool IsTotal = false;
};

/// One colour per series: blue, orange, then green and purple.
const char *colorOf(unsigned Series) {
  static const char *Colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"};
  return Colors[Series % 4];
}

/// The widest text of \p Chars characters at \p FontSize: an upper bound
/// of sans-serif advance widths (0.6 em per character).
double textWidth(size_t Chars, double FontSize) {
  return Chars * FontSize * 0.6;
}

/// \p S cut to \p Max characters with a `...` mark.
std::string fit(StringRef S, size_t Max) {
  if (S.size() <= Max)
    return S.str();
  return (S.take_front(Max > 3 ? Max - 3 : 0) + "...").str();
}

/// \p S broken at spaces into lines of at most \p Max characters.
std::vector<std::string> wrap(StringRef S, size_t Max) {
  std::vector<std::string> Lines;
  std::string Cur;
  SmallVector<StringRef, 16> Words;
  S.split(Words, ' ', -1, false);
  for (StringRef W : Words) {
    if (!Cur.empty() && Cur.size() + 1 + W.size() > Max) {
      Lines.push_back(Cur);
      Cur.clear();
    }
    Cur += (Cur.empty() ? "" : " ") + fit(W, Max);
  }
  if (!Cur.empty())
    Lines.push_back(Cur);
  return Lines;
}

/// Log-log mapping of the data range onto the plot area.
struct Axes {
  static constexpr double Left = 96, Top = 64, Width = 620, Height = 360;
  int XLo, XHi, YLo, YHi; ///< Decades: 10^XLo .. 10^XHi.
  double x(double V) const {
    return Left + (std::log10(V) - XLo) / (XHi - XLo) * Width;
  }
  double y(double V) const {
    return Top + Height - (std::log10(V) - YLo) / (YHi - YLo) * Height;
  }
};

/// `10` with the exponent \p E raised.
std::string decadeLabel(int E) {
  return "10<tspan dy=\"-7\" font-size=\"9\">" + std::to_string(E) + "</tspan>";
}

} // namespace

RooflineSeries rooflineSeriesOf(const UnitReport &R, StringRef Name) {
  RooflineSeries S;
  S.Name = Name.str();
  S.Leaves = collectRooflineLeaves(R, targetOf(*R.Roofline), S.Symbolic);
  S.Total = R.Roofline->Total;
  return S;
}

void writeRooflineSVG(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  writeRooflineSVG(U.getName(), *R.Roofline, {rooflineSeriesOf(R, "")}, OS);
}

void writeRooflineSVG(StringRef Title, const UnitReport::RooflineSummary &S,
                      ArrayRef<RooflineSeries> Series, raw_ostream &OS) {
  double Peak = S.PeakFlops, BW = S.Bandwidth, Ridge = S.RidgePoint;

  // The points that can sit on log axes: numeric, FLOPs and bytes > 0.
  std::vector<Mark> Marks;
  unsigned Symbolic = 0, Degenerate = 0;
  auto Place = [&](const RooflinePoint &P, unsigned SI, std::string Label,
                   std::string What, bool IsTotal) {
    if (!(P.Flops > 0) || !(P.Bytes > 0) || !(P.Seconds > 0)) {
      Degenerate += !IsTotal;
      return;
    }
    Mark M;
    M.X = P.Intensity;
    M.Y = P.Flops / P.Seconds;
    M.Label = std::move(Label);
    M.Series = SI;
    M.IsTotal = IsTotal;
    M.Tip = What + ": " + formatSignificant(P.Intensity) + " FLOP/byte, " +
            formatSeconds(P.Seconds) + ", " + P.Bound + "-bound";
    Marks.push_back(std::move(M));
  };
  for (unsigned SI = 0; SI < Series.size(); ++SI) {
    const RooflineSeries &Ser = Series[SI];
    std::string Prefix = Ser.Name.empty() ? "" : Ser.Name + " ";
    Symbolic += Ser.Symbolic;
    for (const RooflineLeaf &L : Ser.Leaves)
      Place(L.Point, SI, Prefix + L.Label,
            Prefix + L.Label + " (" + L.Where + ")", false);
    if (Ser.Total)
      Place(*Ser.Total, SI, Prefix + "total", Prefix + "total", true);
  }

  // Decade ranges covering the points and the ridge point, at least two
  // decades wide on each axis.
  double XMin = Ridge, XMax = Ridge, YMin = Peak;
  for (const Mark &M : Marks) {
    XMin = std::min(XMin, M.X);
    XMax = std::max(XMax, M.X);
    YMin = std::min(YMin, M.Y);
  }
  Axes A;
  A.XLo = static_cast<int>(std::floor(std::log10(XMin))) - 1;
  A.XHi = static_cast<int>(std::ceil(std::log10(XMax))) + 1;
  YMin = std::min(YMin, BW * std::pow(10.0, A.XLo));
  A.YLo = static_cast<int>(std::floor(std::log10(YMin)));
  A.YHi = static_cast<int>(std::floor(std::log10(Peak))) + 1;
  if (A.YHi - A.YLo < 2)
    A.YLo = A.YHi - 2;
  double YFloor = std::pow(10.0, A.YLo);

  std::string Machine = S.HardwareName.empty()
                            ? std::string("the given machine")
                            : S.HardwareName;
  // The legend lists every point right of the axes; the footer wraps under
  // them. The canvas grows to hold both, so no text runs past its edges.
  const int W = 1180;
  const double LegendX = A.Left + A.Width + 24, LegendStep = 14;
  const int LegendFont = 10;
  const size_t LegendChars =
      static_cast<size_t>((W - 8 - LegendX) / textWidth(1, LegendFont));
  std::string Footer =
      "circles: the leaves of the expanded tree (each basic op of every "
      "composite, all its calls in one run), numbered in the legend";
  if (Series.size() > 1) {
    Footer += "; colours:";
    for (unsigned SI = 0; SI < Series.size(); ++SI)
      Footer += (SI ? ", " : " ") + Series[SI].Name + " " +
                (SI == 0   ? "blue"
                 : SI == 1 ? "orange"
                           : colorOf(SI));
  }
  Footer += "; squares: the totals";
  std::string Hidden;
  if (Symbolic)
    Hidden += std::to_string(Symbolic) + (Symbolic == 1 ? " line" : " lines") +
              " without numeric values";
  if (Degenerate)
    Hidden += (Hidden.empty() ? "" : "; ") + std::to_string(Degenerate) +
              (Degenerate == 1 ? " leaf" : " leaves") +
              " with no FLOPs or bytes (no place on log axes)";
  size_t FooterChars = static_cast<size_t>((W - 2 * 16) / textWidth(1, 12));
  std::vector<std::string> FooterLines = wrap(Footer, FooterChars);
  if (!Hidden.empty())
    for (std::string &L : wrap("not shown: " + Hidden, FooterChars))
      FooterLines.push_back(std::move(L));
  double LegendBottom = A.Top + 8 + LegendStep * (Marks.size() + 1);
  double FooterTop = std::max<double>(A.Top + A.Height + 70, LegendBottom + 16);
  const int H =
      static_cast<int>(std::ceil(FooterTop + 16 * FooterLines.size() + 8));
  std::string Heading = fit("Roofline: " + Title.str() + " on " + Machine,
                            static_cast<size_t>((W - 16) / textWidth(1, 16)));
  OS << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  OS << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W
     << "\" height=\"" << H << "\" viewBox=\"0 0 " << W << " " << H
     << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  OS << "<title>Roofline: " << xml(Title) << " on " << xml(Machine)
     << "</title>\n";
  OS << "<rect width=\"" << W << "\" height=\"" << H << "\" fill=\"white\"/>\n";
  OS << "<text x=\"" << W / 2
     << "\" y=\"24\" text-anchor=\"middle\" "
        "font-size=\"16\" font-weight=\"bold\">"
     << xml(Heading) << "</text>\n";
  OS << "<text x=\"" << W / 2 << "\" y=\"44\" text-anchor=\"middle\">peak "
     << xml(formatSI(Peak, "FLOP/s")) << " (" << xml(S.Precision)
     << "), bandwidth " << xml(formatSI(BW, "B/s")) << ", ridge point "
     << formatSignificant(Ridge) << " FLOP/byte</text>\n";

  // Frame, decade grid, ticks and labels.
  OS << "<g id=\"axes\" stroke=\"black\" fill=\"none\">\n";
  OS << "<rect x=\"" << coord(A.Left) << "\" y=\"" << coord(A.Top)
     << "\" width=\"" << coord(A.Width) << "\" height=\"" << coord(A.Height)
     << "\"/>\n";
  OS << "</g>\n<g id=\"x-ticks\">\n";
  for (int E = A.XLo; E <= A.XHi; ++E) {
    std::string X = coord(A.x(std::pow(10.0, E)));
    OS << "<line x1=\"" << X << "\" y1=\"" << coord(A.Top) << "\" x2=\"" << X
       << "\" y2=\"" << coord(A.Top + A.Height) << "\" stroke=\"#dddddd\"/>\n";
    OS << "<line x1=\"" << X << "\" y1=\"" << coord(A.Top + A.Height)
       << "\" x2=\"" << X << "\" y2=\"" << coord(A.Top + A.Height + 6)
       << "\" stroke=\"black\"/>\n";
    OS << "<text x=\"" << X << "\" y=\"" << coord(A.Top + A.Height + 22)
       << "\" text-anchor=\"middle\">" << decadeLabel(E) << "</text>\n";
  }
  OS << "</g>\n<g id=\"y-ticks\">\n";
  for (int E = A.YLo; E <= A.YHi; ++E) {
    std::string Y = coord(A.y(std::pow(10.0, E)));
    OS << "<line x1=\"" << coord(A.Left) << "\" y1=\"" << Y << "\" x2=\""
       << coord(A.Left + A.Width) << "\" y2=\"" << Y
       << "\" stroke=\"#dddddd\"/>\n";
    OS << "<line x1=\"" << coord(A.Left - 6) << "\" y1=\"" << Y << "\" x2=\""
       << coord(A.Left) << "\" y2=\"" << Y << "\" stroke=\"black\"/>\n";
    OS << "<text x=\"" << coord(A.Left - 10) << "\" y=\"" << Y
       << "\" dy=\"4\" text-anchor=\"end\">" << decadeLabel(E) << "</text>\n";
  }
  OS << "</g>\n";
  OS << "<text x=\"" << coord(A.Left + A.Width / 2) << "\" y=\""
     << coord(A.Top + A.Height + 44)
     << "\" text-anchor=\"middle\">arithmetic intensity (FLOP/byte)</text>\n";
  OS << "<text transform=\"translate(24 " << coord(A.Top + A.Height / 2)
     << ") rotate(-90)\" text-anchor=\"middle\">attainable FLOP/s</text>\n";

  // The roof: bandwidth * intensity up to the ridge point, then the peak.
  double X0 = std::pow(10.0, A.XLo), X1 = std::pow(10.0, A.XHi);
  double XStart = std::max(X0, YFloor / BW);
  OS << "<polyline id=\"roof\" fill=\"none\" stroke=\"#333333\" "
        "stroke-width=\"2\" points=\""
     << coord(A.x(XStart)) << "," << coord(A.y(BW * XStart)) << " "
     << coord(A.x(Ridge)) << "," << coord(A.y(Peak)) << " " << coord(A.x(X1))
     << "," << coord(A.y(Peak)) << "\"/>\n";
  OS << "<line id=\"ridge\" x1=\"" << coord(A.x(Ridge)) << "\" y1=\""
     << coord(A.y(Peak)) << "\" x2=\"" << coord(A.x(Ridge)) << "\" y2=\""
     << coord(A.Top + A.Height)
     << "\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n";
  OS << "<text id=\"ridge-label\" x=\"" << coord(A.x(Ridge) + 4) << "\" y=\""
     << coord(A.Top + A.Height - 6) << "\" fill=\"#555555\">ridge "
     << formatSignificant(Ridge) << "</text>\n";

  // The points: leaves as numbered circles, the totals as squares; the
  // legend right of the axes names each number.
  OS << "<g id=\"points\">\n";
  for (size_t I = 0; I < Marks.size(); ++I) {
    const Mark &M = Marks[I];
    std::string X = coord(A.x(M.X)), Y = coord(A.y(M.Y));
    const char *Color = colorOf(M.Series);
    if (M.IsTotal)
      OS << "<rect class=\"total\" x=\"" << coord(A.x(M.X) - 5) << "\" y=\""
         << coord(A.y(M.Y) - 5)
         << "\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"" << Color
         << "\" stroke-width=\"2\">";
    else
      OS << "<circle class=\"leaf\" cx=\"" << X << "\" cy=\"" << Y
         << "\" r=\"4\" fill=\"" << Color << "\" fill-opacity=\"0.8\">";
    OS << "<title>" << xml(M.Tip) << "</title>"
       << (M.IsTotal ? "</rect>\n" : "</circle>\n");
    OS << "<text x=\"" << coord(A.x(M.X) + 6) << "\" y=\""
       << coord(A.y(M.Y) + (I % 2 ? 12 : -4)) << "\" font-size=\"9\" fill=\""
       << Color << "\">" << I + 1 << "</text>\n";
  }
  OS << "</g>\n<g id=\"legend\" font-size=\"" << LegendFont << "\">\n";
  OS << "<text x=\"" << coord(LegendX) << "\" y=\"" << coord(A.Top + 8)
     << "\" font-weight=\"bold\" font-size=\"" << LegendFont << "\">"
     << fit("points", LegendChars) << "</text>\n";
  for (size_t I = 0; I < Marks.size(); ++I)
    OS << "<text x=\"" << coord(LegendX) << "\" y=\""
       << coord(A.Top + 8 + LegendStep * (I + 1)) << "\" font-size=\""
       << LegendFont << "\" fill=\"" << colorOf(Marks[I].Series) << "\">"
       << xml(fit(std::to_string(I + 1) + " " + Marks[I].Label, LegendChars))
       << "</text>\n";
  OS << "</g>\n";

  for (size_t I = 0; I < FooterLines.size(); ++I)
    OS << "<text class=\"footer\" x=\"16\" y=\"" << coord(FooterTop + 16 * I)
       << "\" fill=\"#555555\">" << xml(FooterLines[I]) << "</text>\n";
  OS << "</svg>\n";
}

} // namespace modcost
