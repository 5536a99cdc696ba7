// number_text.h: the three styles and the parser, checked against
// independent references (strtod of the printed text, hand-made values).
#include "number_text.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace convbp {
namespace {

// The text with "−" (U+2212) turned back into '-', read by strtod in the
// "C" locale: the value a reader of the text sees.
double ReadBack(std::string text) {
  for (size_t at; (at = text.find("−")) != std::string::npos;) text.replace(at, 3, "-");
  return std::strtod(text.c_str(), nullptr);
}

int Characters(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(NumberText, ExportRoundTripsEveryDouble) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<uint64_t> bits;
  for (int k = 0; k < 20000; ++k) {
    // Random bit patterns cover every exponent, subnormals included.
    uint64_t b = bits(rng);
    double v;
    std::memcpy(&v, &b, sizeof v);
    if (!std::isfinite(v)) continue;
    const std::string text = FormatNumber(v, NumberStyle::kExport);
    const std::optional<double> back = ParseNumber(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(std::memcmp(&*back, &v, sizeof v), 0) << text;
    ASSERT_EQ(text.find_first_not_of("0123456789.e+-"), std::string::npos) << text;  // ASCII
  }
  for (double v : {0.1, 1.0 / 3, 1e300, -1e-300, DBL_MIN / 8, DBL_TRUE_MIN, -DBL_MAX, 5e-324})
    EXPECT_EQ(ParseNumber(FormatNumber(v, NumberStyle::kExport)), v);
}

TEST(NumberText, ExportKeepsTheSignOfZeroAndWritesInfAndNanAsPrintfDoes) {
  const std::optional<double> z = ParseNumber(FormatNumber(-0.0, NumberStyle::kExport));
  ASSERT_TRUE(z);
  EXPECT_TRUE(*z == 0 && std::signbit(*z));
  EXPECT_EQ(FormatNumber(INFINITY, NumberStyle::kExport), "inf");
  EXPECT_EQ(FormatNumber(-INFINITY, NumberStyle::kExport), "-inf");
  EXPECT_TRUE(std::isnan(*ParseNumber(FormatNumber(NAN, NumberStyle::kExport))));
}

TEST(NumberText, TermIsSixDigitsWithARealMinus) {
  EXPECT_EQ(FormatNumber(-0.5, NumberStyle::kTerm), "−0.5");
  EXPECT_EQ(FormatNumber(-0.0, NumberStyle::kTerm), "0");
  EXPECT_EQ(FormatNumber(2.0 / 3, NumberStyle::kTerm), "0.666667");
  EXPECT_EQ(FormatNumber(-1234567.0, NumberStyle::kTerm), "−1.23457e+06");
  EXPECT_EQ(FormatNumber(12.0, NumberStyle::kTerm), "12");
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  for (int k = 0; k < 2000; ++k) {
    const double v = u(rng) * std::pow(10.0, int(rng() % 21) - 10);
    const std::string text = FormatNumber(v, NumberStyle::kTerm);
    if (text.find('-') != std::string::npos) {  // an ASCII hyphen only in an exponent
      EXPECT_EQ(text.find('-'), text.find("e-") + 1) << text;
    }
    EXPECT_EQ(text.starts_with("−"), v < 0) << text;
    EXPECT_NEAR(ReadBack(text), v, std::fabs(v) * 5e-6) << text;  // 6 significant digits
  }
}

// At every budget: the text fits, keeps the sign, and equals the value to
// the digits it shows; when nothing fits the text is empty.
TEST(NumberText, CellNeverDropsTheSignAtAnyBudget) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> values = {-1,   1,    -0.5,  0.25,  -123456, 99999, -1e-7,  3.14159,
                                -2.5, 1e20, -1e20, 0.001, -999.9,  1000,  -0.0001};
  for (int k = 0; k < 500; ++k) values.push_back(u(rng) * std::pow(10.0, int(rng() % 17) - 8));
  for (double v : values)
    for (int budget = 0; budget <= 12; ++budget) {
      const std::string text = FormatNumber(v, NumberStyle::kCell, budget);
      SCOPED_TRACE(std::to_string(v) + " in " + std::to_string(budget) + ": " + text);
      EXPECT_LE(Characters(text), budget);
      if (text.empty()) continue;
      EXPECT_EQ(text.starts_with("−"), v < 0);
      if (text.find('-') != std::string::npos) {  // hyphens only in exponents
        EXPECT_EQ(text.find('-'), text.find("e-") + 1);
      }
      // Equal to the digits shown: within half a unit of the last digit.
      std::string mantissa = text.substr(0, text.find('e'));
      const size_t point = mantissa.find('.');
      const double shown = ReadBack(text);
      const int exponent =
          text.find('e') == std::string::npos ? 0 : std::atoi(text.c_str() + text.find('e') + 1);
      const int decimals = point == std::string::npos ? 0 : int(mantissa.size() - point - 1);
      const double unit = std::pow(10.0, exponent - decimals);
      EXPECT_LE(std::fabs(shown - v), unit * 0.5000001);
    }
  EXPECT_EQ(FormatNumber(-123456, NumberStyle::kCell, 7), "−123456");
  EXPECT_EQ(FormatNumber(-123456, NumberStyle::kCell, 6), "−1e+05");
  EXPECT_EQ(FormatNumber(-123456, NumberStyle::kCell, 5), "");
  EXPECT_EQ(FormatNumber(-0.5, NumberStyle::kCell, 2), "");
  EXPECT_EQ(FormatNumber(-0.5, NumberStyle::kCell, 4), "−0.5");
  EXPECT_EQ(FormatNumber(0.0, NumberStyle::kCell, 1), "0");
}

TEST(NumberText, ParseIsStrictAndIgnoresTheLocale) {
  EXPECT_EQ(ParseNumber("0.25"), 0.25);
  EXPECT_EQ(ParseNumber("-3e2"), -300);
  EXPECT_FALSE(ParseNumber(""));
  EXPECT_FALSE(ParseNumber(" 1"));
  EXPECT_FALSE(ParseNumber("+1"));
  EXPECT_FALSE(ParseNumber("1x"));
  EXPECT_FALSE(ParseNumber(std::string_view("1\0", 2)));
  EXPECT_TRUE(std::isinf(*ParseNumber("1e999")));
  // A locale with a decimal comma, when the machine has one.
  for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "fr_FR"}) {
    if (!std::setlocale(LC_NUMERIC, name)) continue;
    EXPECT_EQ(ParseNumber("0.25"), 0.25) << name;
    EXPECT_EQ(FormatNumber(0.25, NumberStyle::kExport), "0.25") << name;
    EXPECT_EQ(FormatNumber(-1.5, NumberStyle::kTerm), "−1.5") << name;
    break;
  }
  std::setlocale(LC_NUMERIC, "C");
}

}  // namespace
}  // namespace convbp
