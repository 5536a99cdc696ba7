#include "number_text.h"

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace convbp {

namespace {

constexpr const char* kMinus = "−";  // U+2212, three bytes in UTF-8

// The locale's decimal point (snprintf and strtod follow LC_NUMERIC).
std::string_view DecimalPoint() {
  const char* p = std::localeconv()->decimal_point;
  return p && *p ? p : ".";
}

// printf of one double, with the locale's decimal point turned back into '.'.
std::string Printf(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  std::string out = buf;
  const std::string_view point = DecimalPoint();
  if (point != ".")
    if (const size_t at = out.find(point); at != std::string::npos)
      out.replace(at, point.size(), ".");
  return out;
}

// "-x" → "−x": a typographic minus for text people read.
std::string RealMinus(std::string s) {
  if (!s.empty() && s[0] == '-') s.replace(0, 1, kMinus);
  return s;
}

// Characters, not bytes: the real minus is one character of three bytes.
int Length(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string CellText(double v, int max_chars) {
  if (std::isnan(v)) return Length("nan") <= max_chars ? "nan" : "";
  if (v == 0) return max_chars >= 1 ? "0" : "";  // also −0: a zero cell reads 0
  // Whole numbers print whole while they fit; then fewer significant digits.
  if (std::isfinite(v) && v == std::round(v) && std::fabs(v) < 1e15) {
    const std::string whole = RealMinus(Printf("%.0f", v));
    if (Length(whole) <= max_chars) return whole;
  }
  for (int digits = 3; digits >= 1; --digits) {
    char format[16];  // "%.Ng" for any int N: GCC -O1 + sanitizers checks the worst case
    std::snprintf(format, sizeof format, "%%.%dg", digits);
    const std::string text = RealMinus(Printf(format, v));
    if (Length(text) <= max_chars) return text;
  }
  return "";  // even one digit does not fit: no text beats a wrong one
}

}  // namespace

std::string FormatNumber(double v, NumberStyle style, int max_chars) {
  switch (style) {
    case NumberStyle::kTerm:
      if (v == 0) return "0";  // also −0
      return RealMinus(Printf("%.6g", v));
    case NumberStyle::kExport: return Printf("%.17g", v);
    case NumberStyle::kCell: return CellText(v, max_chars);
  }
  return "";
}

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text[0] == ' ' || text[0] == '\t' || text[0] == '+' || text[0] == '\n')
    return std::nullopt;
  // strtod reads the locale's decimal point: hand it that one.
  std::string local(text);
  if (local.find('\0') != std::string::npos) return std::nullopt;
  const std::string_view point = DecimalPoint();
  if (point != ".")
    if (const size_t at = local.find('.'); at != std::string::npos) local.replace(at, 1, point);
  char* end = nullptr;
  const double v = std::strtod(local.c_str(), &end);
  if (end != local.c_str() + local.size()) return std::nullopt;
  return v;
}

}  // namespace convbp
