#include "derivation.h"

#include <cmath>
#include <cstdio>

#include "shown_terms.h"

namespace convbp::snippets {

namespace {

using steps::Cell;
using steps::Scene;
using steps::Stage;
using steps::Step;
using steps::TensorId;

// Gradients are written ∂L/∂X_{idx}, the index inside the denominator.
const char* GradientOf(TensorId t) {
  switch (t) {
    case TensorId::kGradInputPadded: return "pz";
    case TensorId::kGradWeight: return "W";
    case TensorId::kGradBias: return "b";
    default: return nullptr;
  }
}

std::string Indices(const Cell& c) {
  std::string s;
  for (int k = 0; k < c.rank; ++k) s += (k ? "," : "") + std::to_string(c.idx[size_t(k)]);
  return s;
}

std::string LatexCell(const Cell& c) {
  if (c.tensor == TensorId::kOne) return "1";
  if (const char* g = GradientOf(c.tensor))
    return std::string("\\frac{\\partial L}{\\partial ") + g + "_{" + Indices(c) + "}}";
  return std::string(LatexSymbol(c.tensor)) + "_{" + Indices(c) + "}";
}

// %.6g with an ASCII minus; a negative factor gets parentheses.
std::string Number(double v, bool factor = false) {
  if (v == 0) v = 0;  // no "-0"
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  if (factor && v < 0) s = "(" + s + ")";
  return s;
}

// The stage's formula with symbolic indices (storage order, as in the app).
const char* GeneralLatex(Scene scene, Stage stage) {
  switch (stage) {
    case Stage::kSlide:
      if (scene == Scene::kForward)
        return "z^{l}_{d,i,j} = \\sum_{c}\\sum_{m=0}^{k_1-1}\\sum_{n=0}^{k_2-1} W_{d,c,m,n}\\, "
               "pz_{c,\\,i s_1+m,\\,j s_2+n} + b_{d}";
      if (scene == Scene::kWeight)
        return "\\frac{\\partial L}{\\partial W_{d,c,m,n}} = \\sum_{i}\\sum_{j} "
               "\\delta^{l_{padding}}_{d,\\,i s_1,\\,j s_2}\\, pz_{c,\\,m+i s_1,\\,n+j s_2}";
      return "\\frac{\\partial L}{\\partial pz_{c,y,x}} = \\sum_{d}\\sum_{m=0}^{k_1-1}"
             "\\sum_{n=0}^{k_2-1} \\mathrm{rot180}(W)_{d,c,m,n}\\, p\\delta_{d,\\,y+m,\\,x+n}";
    case Stage::kSum:
      return "\\frac{\\partial L}{\\partial b_{d}} = \\sum_{i}\\sum_{j} \\delta^{l}_{d,i,j}";
    case Stage::kDilate:
      return "\\delta^{l_{padding}}_{d,\\,i s_1,\\,j s_2} = \\delta^{l}_{d,i,j}"
             " \\quad(\\text{the other cells are the } s-1 \\text{ inserted zeros})";
    case Stage::kPad:
      return "p\\delta_{d,\\,u+k_1-1,\\,v+k_2-1} = \\delta^{l_{padding}}_{d,u,v}"
             " \\quad(\\text{framed by } k-1 \\text{ zeros, plus } \\rho \\text{ at the "
             "bottom/right})";
    case Stage::kRotate: return "\\mathrm{rot180}(W)_{d,c,\\,k_1-1-m,\\,k_2-1-n} = W_{d,c,m,n}";
    case Stage::kCrop:
      return "\\delta^{l-1}_{c,y,x} = \\frac{\\partial L}{\\partial pz_{c,\\,y+p_1,\\,x+p_2}}";
    case Stage::kScatter:
      return "\\frac{\\partial L}{\\partial pz_{c,\\,i s_1+m,\\,j s_2+n}} \\mathrel{+}= "
             "\\delta^{l}_{d,i,j}\\, W_{d,c,m,n}";
  }
  return "";
}

// Σ of the terms (indices or numbers). A long sum shows its products with
// no zero factor and counts the others (steps/shown_terms.h).
std::string SumOf(const Step& step, bool numbers, int max_terms, steps::Lang lang) {
  const steps::ShownTerms shown = steps::PickShownTerms(
      step.terms.size(), max_terms,
      [&](uint64_t k) { return steps::HasZeroFactor(step.terms[size_t(k)]); });
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
    s += " + \\text{" +
         steps::ZeroFactorPhrase(shown.zero_factor, step.stage != Stage::kSum, lang) + "}";
  if (step.has_bias)
    s += (s.empty() ? "" : " + ") +
         (numbers ? Number(step.bias, true) : "b_{" + std::to_string(step.target.idx[0]) + "}");
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
    l.indices = "\\text{window } " + LatexCell(delta) + ": \\ \\text{adds } " + LatexCell(delta) +
                "\\, W_{" + std::to_string(w.idx[0]) + "," + std::to_string(w.idx[1]) +
                ",:,:} \\text{ into } \\frac{\\partial L}{\\partial pz_{" +
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
  return std::string(steps::SceneTitle(step.scene, lang)) + " — " +
         steps::StageTitle(step.stage, lang) + ", step " + std::to_string(step.index) + " of " +
         std::to_string(step.count) +
         (step.granularity == steps::Granularity::kMac ? " (multiply-adds)" : "");
}

std::string ShapeLine(const ConvShape& s) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "input %d×%d×%d, kernel %d×%d×%d×%d, stride %d×%d, padding %d×%d",
                s.c_in, s.h, s.w, s.c_out, s.c_in, s.k1, s.k2, s.s1, s.s2, s.p1, s.p2);
  return buf;
}

std::string Latex(const ConvShape& shape, const Step& step, steps::Lang lang,
                  const DerivationOptions& o) {
  const Lines l = StepLines(step, o.max_terms, lang);
  std::string out;
  out += "% convbp: " + Heading(step, lang) + "\n";
  out += "% " + ShapeLine(shape) + "; indices in storage order (W_{d,c,m,n}, OIHW).\n";
  out += "% Needs amsmath (\\text). Formula of the stage:\n";
  out += "\\[ " + std::string(GeneralLatex(step.scene, step.stage)) + " \\]\n";
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
  out += "Layer: " + ShapeLine(shape) + "; indices in storage order (`W[d,c,m,n]`, OIHW).\n\n";
  out += "Formula of the stage:\n\n$$\n" + std::string(GeneralLatex(step.scene, step.stage)) +
         "\n$$\n\n";
  out += "This step, with its indices:\n\n$$\n" + l.indices + "\n$$\n\n";
  if (!l.numbers.empty()) out += "With its numbers:\n\n$$\n" + l.numbers + "\n$$\n\n";
  if (step.no_weight) out += "This position belongs to no weight (the remainder ρ > 0).\n\n";
  if (step.is_move) {
    out += "| from | to | value |\n|---|---|---|\n";
    out += "| `" + steps::CellLabel(step.move.from) + "` | `" + steps::CellLabel(step.move.to) +
           "` | " + Number(step.move.value) + " |\n";
    return out;
  }
  const bool scatter = step.stage == Stage::kScatter;
  out += scatter ? "| # | a | b | a·b | into | value after |\n|---|---|---|---|---|---|\n"
                 : "| # | a | b | a·b |\n|---|---|---|---|\n";
  const size_t rows = std::min(step.terms.size(), size_t(std::max(o.max_rows, 0)));
  for (size_t k = 0; k < rows; ++k) {
    const steps::Term& t = step.terms[k];
    out += "| " + std::to_string(k) + " | `" + steps::CellLabel(t.a.cell) +
           "` = " + Number(t.a.value) + " | `" + steps::CellLabel(t.b.cell) +
           "` = " + Number(t.b.value) + " | " + Number(t.product);
    if (scatter) out += " | `" + steps::CellLabel(t.target) + "` | " + Number(t.accumulated);
    out += " |\n";
  }
  if (rows < step.terms.size())
    out += "\n(" + std::to_string(step.terms.size() - rows) + " more terms not listed.)\n";
  if (step.has_bias)
    out += "\nplus the bias b[" + std::to_string(step.target.idx[0]) + "] = " + Number(step.bias) +
           "\n";
  if (!scatter) out += "\nSum: " + Number(step.sum) + "\n";
  return out;
}

}  // namespace

const char* LatexSymbol(TensorId tensor) {
  switch (tensor) {
    case TensorId::kNone: return "";
    case TensorId::kOne: return "1";
    case TensorId::kInput: return "z^{l-1}";
    case TensorId::kInputPadded: return "pz";
    case TensorId::kWeight: return "W";
    case TensorId::kWeightRot180: return "\\mathrm{rot180}(W)";
    case TensorId::kBias: return "b";
    case TensorId::kOutput: return "z^{l}";
    case TensorId::kGradOutput: return "\\delta^{l}";
    case TensorId::kGradOutputDilated: return "\\delta^{l_{padding}}";
    case TensorId::kGradOutputPadded: return "p\\delta";
    case TensorId::kGradInputPadded: return "\\partial L/\\partial pz";
    case TensorId::kGradInput: return "\\delta^{l-1}";
    case TensorId::kGradWeight: return "\\partial L/\\partial W";
    case TensorId::kGradBias: return "\\partial L/\\partial b";
    case TensorId::kWeightPositions: return "P";
  }
  return "";
}

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
