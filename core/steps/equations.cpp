#include "equations.h"

#include <cctype>
#include <utility>

#include "messages.h"

namespace convbp::steps {

namespace {

struct Equation {
  const char* number;  // "4", or "" for the transform stages
  const char* markup;  // typesetter TeX; <name> is a tensor's symbol
  Msg note;            // kCount: none
};

// Indices follow the seed: (d,i,j) for z^l and δ^l, (c,i,j) for pz and its
// gradient, (m,n,c,d) for kernels.
Equation EquationOf(Scene scene, Stage stage) {
  switch (stage) {
    case Stage::kDilate:
      return {"", "<grad_output_dilated>_{d, i·s_1, j·s_2} = <grad_output>_{d,i,j}",
              Msg::kEquationDilateNote};
    case Stage::kPad:
      return {"", "<grad_output_padded>_{d, u+k_1−1, v+k_2−1} = <grad_output_dilated>_{d,u,v}",
              Msg::kEquationPadNote};
    case Stage::kRotate:
      return {"", "<weight_rot180>_{m,n,c,d} = <weight>_{k_1−1−m, k_2−1−n, c, d}", Msg::kCount};
    case Stage::kCrop:
      return {"9", "<grad_input>_{c,i,j} = \\frac{∂L}{∂<input_padded>_{c, i+p_1, j+p_2}}",
              Msg::kCount};
    case Stage::kScatter:
      return {"",
              "\\frac{∂L}{∂<input_padded>_{c, i·s_1+m, j·s_2+n}} += <grad_output>_{d,i,j} · "
              "<weight>_{m,n,c,d}",
              Msg::kCount};
    case Stage::kSum:
      return {"6", "\\frac{∂L}{∂<bias>_d} = \\sum_{i} \\sum_{j} <grad_output>_{d,i,j}",
              Msg::kCount};
    // The layer unrolled: vec() flattens row-major, row (d,i,j) of C holds
    // W_{m,n,c,d} in column (c, i·s_1+m, j·s_2+n) (core/matrix).
    case Stage::kProduct:
      return {"4",
              "vec(<output>) = C · vec(<input_padded>) + <bias>,   "
              "C_{(d,i,j), (c, i·s_1+m, j·s_2+n)} = <weight>_{m,n,c,d}",
              Msg::kCount};
    case Stage::kTransposedProduct:
      return {"8",
              "vec(\\frac{∂L}{∂<input_padded>}) = C^T · vec(<grad_output>),   "
              "\\frac{∂L}{∂<input_padded>_{c,y,x}} = \\sum_{d,i,j} "
              "C_{(d,i,j),(c,y,x)} · <grad_output>_{d,i,j}",
              Msg::kCount};
    case Stage::kSlide: break;
  }
  switch (scene) {
    case Scene::kForward:
      return {"4",
              "<output>_{d,i,j} = \\sum_{c}^{C_{in}} \\sum_{m=0}^{k_1−1} \\sum_{n=0}^{k_2−1} "
              "<weight>_{m,n,c,d} · <input_padded>_{c, i·s_1+m, j·s_2+n} + <bias>_d",
              Msg::kCount};
    case Scene::kWeight:
      return {"5",
              "\\frac{∂L}{∂<weight>_{m,n,c,d}} = \\sum_{i} \\sum_{j} "
              "<grad_output_dilated>_{d, i·s_1, j·s_2} · <input_padded>_{c, m+i·s_1, n+j·s_2}",
              Msg::kCount};
    case Scene::kInput:
      return {"8",
              "\\frac{∂L}{∂<input_padded>_{c,i,j}} = \\sum_{d}^{C_{out}} \\sum_{m=0}^{k_1−1} "
              "\\sum_{n=0}^{k_2−1} <weight_rot180>_{m,n,c,d} · <grad_output_padded>_{d, i+m, j+n}",
              Msg::kCount};
    case Scene::kBias:
    case Scene::kMatrix: break;  // every matrix stage has its own equation above
  }
  return {"", "", Msg::kCount};
}

// Symbols are braced so a following _{…} attaches to the whole symbol.
std::string Render(std::string_view markup, Form form) {
  std::string out;
  for (size_t k = 0; k < markup.size();) {
    const size_t open = markup.find('<', k);
    const size_t close = open == std::string_view::npos ? open : markup.find('>', open);
    const std::string_view text =
        markup.substr(k, open == std::string_view::npos ? open : open - k);
    out += form == Form::kLatex ? TexToLatex(text) : std::string(text);
    if (close == std::string_view::npos) break;
    const auto tensor = ParseTensor(markup.substr(open + 1, close - open - 1));
    const char* symbol = tensor ? Symbol(*tensor, form) : "?";
    const bool single = std::string_view(symbol).size() == 1;
    out += single ? std::string(symbol) : "{" + std::string(symbol) + "}";
    k = close + 1;
  }
  return out;
}

}  // namespace

std::string TexToLatex(std::string_view tex) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"δ", "\\delta"}, {"∂", "\\partial"},   {"·", " \\cdot "}, {"−", "-"},
      {"ρ", "\\rho"},   {"°", "^{\\circ}"},   {"…", "\\dots"},   {"+=", "\\mathrel{+}="},
      {"×", "\\times"}, {"←", "\\leftarrow"}, {"→", "\\to"},
  };
  std::string out;
  for (size_t k = 0; k < tex.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kMap)
      if (tex.substr(k).starts_with(from)) {
        out += to;
        k += from.size();
        mapped = true;
        // "\delta" then "l" must not read as the macro "\deltal".
        if (out.back() >= 'a' && out.back() <= 'z' && k < tex.size() &&
            std::isalpha(static_cast<unsigned char>(tex[k])))
          out += ' ';
        break;
      }
    if (!mapped) out += tex[k++];
  }
  return out;
}

namespace {

// Words inside \text{…}: the few maths characters a note holds go back
// into maths mode.
std::string TexToLatexText(std::string_view text) {
  std::string out;
  for (size_t k = 0; k < text.size();) {
    if (text.substr(k).starts_with("−")) out += "-", k += std::string_view("−").size();
    else if (text.substr(k).starts_with("ρ")) out += "$\\rho$", k += std::string_view("ρ").size();
    else out += text[k++];
  }
  return out;
}

}  // namespace

std::string GeneralEquation(Scene scene, Stage stage, Form form, Lang lang) {
  const Equation e = EquationOf(scene, stage);
  std::string out = Render(e.markup, form);
  const std::string number = e.number;
  if (form == Form::kLatex) {
    if (e.note != Msg::kCount)
      out += " \\quad\\text{" + TexToLatexText(Message(e.note, lang)) + "}";
    if (!number.empty()) out += " \\tag{" + number + "}";
    return out;
  }
  if (e.note != Msg::kCount) out += "     " + Message(e.note, lang);
  return number.empty() ? out : "(" + number + ")   " + out;
}

}  // namespace convbp::steps
