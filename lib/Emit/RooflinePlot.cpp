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

/// A placed point: intensity, FLOP/s, label and tooltip.
struct Mark {
  double X, Y;
  std::string Label, Tip, Bound;
  bool IsTotal = false;
};

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

void writeRooflineSVG(const AnalysisUnit &U, raw_ostream &OS) {
  const UnitReport &R = U.getReport();
  const UnitReport::RooflineSummary &S = *R.Roofline;
  double Peak = S.PeakFlops, BW = S.Bandwidth, Ridge = S.RidgePoint;

  // The points that can sit on log axes: numeric, FLOPs and bytes > 0.
  std::vector<Mark> Marks;
  unsigned Symbolic = 0, Degenerate = 0;
  auto Place = [&](const RooflinePoint &P, std::string Label, std::string What,
                   bool IsTotal) {
    if (!(P.Flops > 0) || !(P.Bytes > 0) || !(P.Seconds > 0)) {
      Degenerate += !IsTotal;
      return;
    }
    Mark M;
    M.X = P.Intensity;
    M.Y = P.Flops / P.Seconds;
    M.Label = std::move(Label);
    M.Bound = P.Bound;
    M.IsTotal = IsTotal;
    M.Tip = What + ": " + formatSignificant(P.Intensity) + " FLOP/byte, " +
            formatSeconds(P.Seconds) + ", " + P.Bound + "-bound";
    Marks.push_back(std::move(M));
  };
  for (const KernelInfo &K : R.Kernels) {
    if (!K.Roofline) {
      ++Symbolic;
      continue;
    }
    Place(*K.Roofline, "L" + std::to_string(K.Line),
          "line " + std::to_string(K.Line), false);
  }
  if (S.Total)
    Place(*S.Total, "total", "total", true);

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
  const int W = 760, H = 520;
  OS << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  OS << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W
     << "\" height=\"" << H << "\" viewBox=\"0 0 " << W << " " << H
     << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  OS << "<title>Roofline: " << xml(U.getName()) << " on " << xml(Machine)
     << "</title>\n";
  OS << "<rect width=\"" << W << "\" height=\"" << H << "\" fill=\"white\"/>\n";
  OS << "<text x=\"" << W / 2
     << "\" y=\"24\" text-anchor=\"middle\" "
        "font-size=\"16\" font-weight=\"bold\">Roofline: "
     << xml(U.getName()) << " on " << xml(Machine) << "</text>\n";
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

  // The points: kernels as circles, the totals as a square; labels
  // alternate above and below so neighbours on the roof stay legible.
  OS << "<g id=\"points\">\n";
  unsigned I = 0;
  for (const Mark &M : Marks) {
    std::string X = coord(A.x(M.X)), Y = coord(A.y(M.Y));
    const char *Color = M.Bound == "compute" ? "#d62728" : "#1f77b4";
    if (M.IsTotal)
      OS << "<rect class=\"total\" x=\"" << coord(A.x(M.X) - 5) << "\" y=\""
         << coord(A.y(M.Y) - 5)
         << "\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"black\" "
            "stroke-width=\"2\">";
    else
      OS << "<circle class=\"kernel\" cx=\"" << X << "\" cy=\"" << Y
         << "\" r=\"4\" fill=\"" << Color << "\">";
    OS << "<title>" << xml(M.Tip) << "</title>"
       << (M.IsTotal ? "</rect>\n" : "</circle>\n");
    double DY = M.IsTotal ? 18 : (I++ % 2 ? 16 : -8);
    OS << "<text x=\"" << coord(A.x(M.X) + 6) << "\" y=\""
       << coord(A.y(M.Y) + DY) << "\" font-size=\"11\">" << xml(M.Label)
       << "</text>\n";
  }
  OS << "</g>\n";

  OS << "<text x=\"" << coord(A.Left) << "\" y=\"" << coord(H - 16)
     << "\" fill=\"#555555\">circles: kernels (red compute-bound, blue "
        "memory-bound); square: the totals";
  if (Symbolic)
    OS << "; " << Symbolic << " kernel(s) without numeric values not shown";
  if (Degenerate)
    OS << "; " << Degenerate << " kernel(s) with no FLOPs or bytes not shown";
  OS << "</text>\n</svg>\n";
}

} // namespace modcost
