#include "derivation.h"

#include <cmath>
#include <cstdio>

#include "equations.h"
#include "matrix/conv_matrix_layout.h"
#include "messages.h"
#include "notation.h"
#include "number_text.h"
#include "shown_terms.h"

namespace convbp::snippets {

namespace {

using steps::Cell;
using steps::Scene;
using steps::Stage;
using steps::Step;
using steps::TensorId;

// Cells in LaTeX (notation.h): kernels W_{m,n,c,d}, gradients as
// \frac{\partial L}{\partial W_{…}}.
std::string LatexCell(const Cell& c) { return steps::CellSymbol(c, steps::Form::kLatex); }
std::string PlainCell(const Cell& c) { return steps::CellSymbol(c, steps::Form::kPlain); }

// Plain text (Markdown tables): %.6g with a real minus sign.
std::string Plain(double v) { return FormatNumber(v, NumberStyle::kTerm); }
// LaTeX: the same digits, an ASCII minus; a negative factor gets parentheses.
std::string Number(double v, bool factor = false) {
  std::string s = steps::TexToLatex(Plain(v));
  if (factor && v < 0) s = "(" + s + ")";
  return s;
}

// Σ of the terms (indices or numbers). A long sum shows its products with
// no zero factor and counts the others (steps/shown_terms.h).
std::string SumOf(const Step& step, bool numbers, int max_terms, steps::Lang lang) {
  const steps::ShownTerms shown = steps::PickShownTermsOf(
      step.stage, step.terms.size(), max_terms, [&](uint64_t k) { return step.terms[size_t(k)]; });
  std::string s;
  auto term = [&](size_t k) {
    const steps::Term& t = step.terms[k];
    return numbers ? Number(t.a.value, true) + " \\cdot " + Number(t.b.value, true)
                   : LatexCell(t.a.cell) + "\\, " + LatexCell(t.b.cell);
  };
  for (uint64_t k : shown.indices) {
    if (shown.more_nonzero > 0 && k == shown.ellipsis_before) s += " + \\cdots";
    s += (s.empty() ? "" : " + ") + term(size_t(k));
  }
  if (shown.zero_factor > 0)
    s += (s.empty() ? "" : " + ") + std::string("\\text{") +
         steps::LeftOutPhrase(shown.zero_factor, step.stage, lang) + "}";
  if (step.has_bias)
    s += (s.empty() ? "" : " + ") +
         (numbers ? Number(step.bias, true)
                  : LatexCell(Cell::Of(TensorId::kBias, step.target.idx[0])));
  if (s.empty()) s = "0";
  return s;
}

struct Lines {
  std::string indices, numbers;      // one display line each (LaTeX)
  std::vector<std::string> scatter;  // scatter: one line per term
};

Lines StepLines(const Step& step, int max_terms, steps::Lang lang) {
  Lines l;
  if (step.is_move) {
    l.indices = LatexCell(step.move.to) + " = " + LatexCell(step.move.from);
    l.numbers = LatexCell(step.move.to) + " = " + Number(step.move.value);
    return l;
  }
  if (step.stage == Stage::kScatter) {
    const Cell delta = step.terms.empty() ? step.target : step.terms[0].a.cell;
    const Cell w = step.terms.empty() ? step.target : step.terms[0].b.cell;
    // W_{:,:,c,d}: the whole k1×k2 slice (kernels read (m,n,c,d); w.idx is [d,c,m,n]).
    l.indices = "\\text{window } " + LatexCell(delta) + ": \\ \\text{adds } " + LatexCell(delta) +
                "\\, " + steps::Symbol(TensorId::kWeight, steps::Form::kLatex) + "_{:,:," +
                std::to_string(w.idx[1]) + "," + std::to_string(w.idx[0]) +
                "} \\text{ into } \\frac{\\partial L}{\\partial " +
                steps::Symbol(TensorId::kInputPadded, steps::Form::kLatex) + "_{" +
                std::to_string(w.idx[1]) + "}}";
    for (const steps::Term& t : step.terms)
      l.scatter.push_back(LatexCell(t.target) + " \\mathrel{+}= " + Number(t.a.value, true) +
                          " \\cdot " + Number(t.b.value, true) + " = " + Number(t.product) +
                          " \\;\\to\\; " + Number(t.accumulated));
    // No "Σ =" line: the products land in different cells, so adding them
    // up would be a number no cell holds. Each line above says what its
    // cell received and its value after.
    return l;
  }
  const std::string target = LatexCell(step.target);
  l.indices = target + " = " + SumOf(step, false, max_terms, lang);
  l.numbers = target + " = " + SumOf(step, true, max_terms, lang) + " = " + Number(step.sum);
  return l;
}

std::string Heading(const Step& step, steps::Lang lang) {
  return steps::Message(steps::Msg::kDerivationHeading, lang,
                        {{"scene", steps::SceneTitle(step.scene, lang)},
                         {"stage", steps::StageTitle(step.stage, lang)},
                         {"n", std::to_string(step.index)},
                         {"count", std::to_string(step.count)}}) +
         (step.granularity == steps::Granularity::kMac
              ? steps::Message(steps::Msg::kDerivationMacs, lang)
              : "");
}

std::string ShapeLine(const ConvShape& s) {
  const auto w = s.WeightDims();  // C_out × C_in/g × k1 × k2 (transposed: C_in × C_out/g × …)
  char buf[240];
  std::snprintf(buf, sizeof buf, "input %d×%d×%d, kernel %d×%d×%d×%d, stride %d×%d, padding %d×%d",
                s.c_in, s.h, s.w, w[0], w[1], w[2], w[3], s.s1, s.s2, s.p1, s.p2);
  std::string line = buf;
  if (s.d1 != 1 || s.d2 != 1)
    line += ", dilation " + std::to_string(s.d1) + "×" + std::to_string(s.d2);
  if (s.groups != 1) line += ", groups " + std::to_string(s.groups);
  return line;
}

// ---- the matrix C (scene 5) -------------------------------------------------

// C itself fits on a page only for small layers: up to 16 rows × 36 columns.
constexpr int64_t kMaxPrintedRows = 16, kMaxPrintedCols = 36;

bool MatrixFits(const ConvShape& s) {
  return matrix::RowCount(s) <= kMaxPrintedRows && matrix::ColCount(s) <= kMaxPrintedCols;
}

// C as a bmatrix of W_{m,n,c,d} symbols (0 where no tap lands).
std::string MatrixBody(const ConvShape& s) {
  std::string out = "C = \\begin{bmatrix}\n";
  for (int64_t r = 0; r < matrix::RowCount(s); ++r) {
    std::vector<std::string> row(size_t(matrix::ColCount(s)), "0");
    matrix::ForEachEntryInRow(s, r, [&](const matrix::Entry& e) {
      row[size_t(e.col)] = LatexCell(Cell::Of(TensorId::kWeight, e.d, e.c_local, e.m, e.n));
    });
    out += "  ";
    for (size_t k = 0; k < row.size(); ++k) out += (k ? " & " : "") + row[k];
    out += r + 1 < matrix::RowCount(s) ? " \\\\\n" : "\n";
  }
  return out + "\\end{bmatrix}";
}

// "C is R × N with E entries: too large to print …"
std::string MatrixOmitted(const ConvShape& s, steps::Lang lang) {
  return steps::Message(steps::Msg::kDerivationMatrixOmitted, lang,
                        {{"rows", std::to_string(matrix::RowCount(s))},
                         {"cols", std::to_string(matrix::ColCount(s))},
                         {"n", std::to_string(matrix::NonzeroCount(s))}});
}

std::string LatexMatrix(const ConvShape& s, steps::Lang lang) {
  std::string out = "% " + steps::Message(steps::Msg::kDerivationMatrixIndex, lang) + "\n";
  if (!MatrixFits(s)) return out + "% " + MatrixOmitted(s, lang) + "\n";
  // amsmath's matrices hold 10 columns unless told otherwise.
  if (matrix::ColCount(s) > 10)
    out += "\\setcounter{MaxMatrixCols}{" + std::to_string(matrix::ColCount(s)) + "}\n";
  return out + "\\[ " + MatrixBody(s) + " \\]\n";
}

std::string MarkdownMatrix(const ConvShape& s, steps::Lang lang) {
  std::string out = steps::Message(steps::Msg::kDerivationMatrixIndex, lang) + "\n\n";
  if (!MatrixFits(s)) return out + MatrixOmitted(s, lang) + "\n\n";
  return out + "$$\n" + MatrixBody(s) + "\n$$\n\n";
}

std::string Latex(const ConvShape& shape, const Step& step, steps::Lang lang,
                  const DerivationOptions& o) {
  const Lines l = StepLines(step, o.max_terms, lang);
  std::string out;
  out += "% convbp: " + Heading(step, lang) + "\n";
  out += "% " + ShapeLine(shape) + "; kernels written W_{m,n,c,d} as in the formulas\n";
  out += "% (stored OIHW, [d,c,m,n]).\n";
  out += "% Needs amsmath (\\text). Formula of the stage:\n";
  out += "\\[ " +
         steps::GeneralEquation(step.scene, step.stage, steps::Form::kLatex, lang,
                                steps::EquationVariant::Of(shape)) +
         " \\]\n";
  if (step.scene == Scene::kMatrix) out += LatexMatrix(shape, lang);
  out += "% This step, with its indices:\n";
  out += "\\[ " + l.indices + " \\]\n";
  if (!l.scatter.empty()) {
    out += "% Its multiply-adds, each into its own cell (value after the addition):\n";
    out += "\\begin{align*}\n";
    for (size_t k = 0; k < l.scatter.size(); ++k)
      out += "  " + l.scatter[k] + (k + 1 < l.scatter.size() ? " \\\\\n" : "\n");
    out += "\\end{align*}\n";
  }
  if (!l.numbers.empty()) {
    out += "% and with its numbers:\n";
    out += "\\[ " + l.numbers + " \\]\n";
  }
  if (step.no_weight) out += "% This position belongs to no weight (remainder rho > 0).\n";
  return out;
}

std::string Markdown(const ConvShape& shape, const Step& step, steps::Lang lang,
                     const DerivationOptions& o) {
  const Lines l = StepLines(step, o.max_terms, lang);
  std::string out;
  out += "### " + Heading(step, lang) + "\n\n";
  out += "Layer: " + ShapeLine(shape) +
         "; kernels written `W[m,n,c,d]` as in the formulas (stored OIHW, `[d,c,m,n]`).\n\n";
  out += "Formula of the stage:\n\n$$\n" +
         steps::GeneralEquation(step.scene, step.stage, steps::Form::kLatex, lang,
                                steps::EquationVariant::Of(shape)) +
         "\n$$\n\n";
  if (step.scene == Scene::kMatrix) out += MarkdownMatrix(shape, lang);
  out += "This step, with its indices:\n\n$$\n" + l.indices + "\n$$\n\n";
  if (!l.numbers.empty()) out += "With its numbers:\n\n$$\n" + l.numbers + "\n$$\n\n";
  if (step.no_weight) out += "This position belongs to no weight (the remainder ρ > 0).\n\n";
  if (step.is_move) {
    out += "| from | to | value |\n|---|---|---|\n";
    out += "| `" + PlainCell(step.move.from) + "` | `" + PlainCell(step.move.to) + "` | " +
           Plain(step.move.value) + " |\n";
    return out;
  }
  const bool scatter = step.stage == Stage::kScatter;
  out += scatter ? "| # | a | b | a·b | into | value after |\n|---|---|---|---|---|---|\n"
                 : "| # | a | b | a·b |\n|---|---|---|---|\n";
  const size_t rows = std::min(step.terms.size(), size_t(std::max(o.max_rows, 0)));
  for (size_t k = 0; k < rows; ++k) {
    const steps::Term& t = step.terms[k];
    out += "| " + std::to_string(k) + " | `" + PlainCell(t.a.cell) + "` = " + Plain(t.a.value) +
           " | `" + PlainCell(t.b.cell) + "` = " + Plain(t.b.value) + " | " + Plain(t.product);
    if (scatter) out += " | `" + PlainCell(t.target) + "` | " + Plain(t.accumulated);
    out += " |\n";
  }
  if (rows < step.terms.size())
    out += "\n(" + std::to_string(step.terms.size() - rows) + " more terms not listed.)\n";
  if (step.has_bias)
    out += "\nplus the bias " + PlainCell(Cell::Of(TensorId::kBias, step.target.idx[0])) + " = " +
           Plain(step.bias) + "\n";
  if (!scatter) out += "\nSum: " + Plain(step.sum) + "\n";
  return out;
}

}  // namespace

std::optional<DerivationFormat> ParseDerivationFormat(std::string_view name) {
  if (name == "latex" || name == "tex") return DerivationFormat::kLatex;
  if (name == "markdown" || name == "md") return DerivationFormat::kMarkdown;
  return std::nullopt;
}

std::string MakeDerivation(const ConvShape& shape, const Step& step, DerivationFormat format,
                           steps::Lang lang, const DerivationOptions& options) {
  return format == DerivationFormat::kLatex ? Latex(shape, step, lang, options)
                                            : Markdown(shape, step, lang, options);
}

}  // namespace convbp::snippets
