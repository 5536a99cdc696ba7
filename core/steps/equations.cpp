#include "equations.h"

#include <cctype>
#include <utility>
#include <vector>

#include "messages.h"

namespace convbp::steps {

namespace {

struct Equation {
  const char* number;              // "4", or "" for the transform stages
  const char* markup;              // typesetter TeX; <name> is a tensor's symbol, see Variant
  Msg note;                        // kCount: none
  Msg group_note = Msg::kCount;    // added when the layer has groups
  Msg dilated_note = Msg::kCount;  // replaces `note` when the layer is dilated
};

// Indices follow the seed: (d,i,j) for z^l and δ^l, (c,i,j) for pz and its
// gradient, (m,n,c,d) for kernels. A markup segment [D:…] is written only for
// a dilated layer: with dilation D, tap m of a window sits m·D rows below its
// first tap, so m becomes m·D wherever a kernel index meets an image index,
// and the outer frame of eq 8 is (k−1)·D wide (the dilated kernel's extent
// minus one). The seed's equations are the D = 1 case.
Equation EquationOf(Scene scene, Stage stage) {
  switch (stage) {
    case Stage::kDilate:
      return {"", "<grad_output_dilated>_{d, i·s_1, j·s_2} = <grad_output>_{d,i,j}",
              Msg::kEquationDilateNote};
    case Stage::kPad:
      return {"",
              "<grad_output_padded>_{d, u+(k_1−1)[D:·D_1], v+(k_2−1)[D:·D_2]} = "
              "<grad_output_dilated>_{d,u,v}",
              Msg::kEquationPadNote, Msg::kCount, Msg::kEquationPadDilatedNote};
    case Stage::kOverlap:
      return {"", "<window_count>_{0,i,j} = \\sum_{m=0}^{k_1−1} \\sum_{n=0}^{k_2−1} 1_{m,n}",
              Msg::kEquationOverlapNote, Msg::kCount, Msg::kEquationOverlapDilatedNote};
    case Stage::kRotate:
      return {"", "<weight_rot180>_{m,n,c[G:'],d} = <weight>_{k_1−1−m, k_2−1−n, c[G:'], d}",
              Msg::kCount, Msg::kEquationGroupWeightNote};
    case Stage::kCrop:
      return {"9", "<grad_input>_{c,i,j} = \\frac{∂L}{∂<input_padded>_{c, i+p_1, j+p_2}}",
              Msg::kCount};
    case Stage::kScatter:
      return {"",
              "\\frac{∂L}{∂<input_padded>_{c, i·s_1+m[D:·D_1], j·s_2+n[D:·D_2]}} += "
              "<grad_output>_{d,i,j} · <weight>_{m,n,c[G:'],d}",
              Msg::kCount, Msg::kEquationGroupScatterNote};
    case Stage::kSum:
      return {"6", "\\frac{∂L}{∂<bias>_d} = \\sum_{i} \\sum_{j} <grad_output>_{d,i,j}",
              Msg::kCount};
    // The layer unrolled: vec() flattens row-major, row (d,i,j) of C holds
    // W_{m,n,c,d} in column (c, i·s_1+m, j·s_2+n) (core/matrix).
    case Stage::kProduct:
      return {"4",
              "vec(<output>) = C · vec(<input_padded>) + <bias>,   "
              "C_{(d,i,j), (c, i·s_1+m[D:·D_1], j·s_2+n[D:·D_2])} = <weight>_{m,n,c[G:'],d}",
              Msg::kCount, Msg::kEquationGroupWeightNote};
    case Stage::kTransposedProduct:
      return {"8",
              "vec(\\frac{∂L}{∂<input_padded>}) = C^T · vec(<grad_output>),   "
              "\\frac{∂L}{∂<input_padded>_{c,y,x}} = \\sum_{d,i,j} "
              "C_{(d,i,j),(c,y,x)} · <grad_output>_{d,i,j}",
              Msg::kCount, Msg::kEquationGroupInputNote};
    case Stage::kSlide: break;
  }
  switch (scene) {
    case Scene::kForward:
      return {"4",
              "<output>_{d,i,j} = \\sum_{c}^{C_{in}[G:/g]} \\sum_{m=0}^{k_1−1} "
              "\\sum_{n=0}^{k_2−1} <weight>_{m,n,c[G:'],d} · "
              "<input_padded>_{c, i·s_1+m[D:·D_1], j·s_2+n[D:·D_2]} + <bias>_d",
              Msg::kCount, Msg::kEquationGroupForwardNote};
    case Scene::kWeight:
      return {"5",
              "\\frac{∂L}{∂<weight>_{m,n,c[G:'],d}} = \\sum_{i} \\sum_{j} "
              "<grad_output_dilated>_{d, i·s_1, j·s_2} · "
              "<input_padded>_{c, m[D:·D_1]+i·s_1, n[D:·D_2]+j·s_2}",
              Msg::kCount, Msg::kEquationGroupWeightNote};
    case Scene::kInput:
      return {"8",
              "\\frac{∂L}{∂<input_padded>_{c,i,j}} = \\sum_{d}^{C_{out}[G:/g]} "
              "\\sum_{m=0}^{k_1−1} \\sum_{n=0}^{k_2−1} <weight_rot180>_{m,n,c[G:'],d} · "
              "<grad_output_padded>_{d, i+m[D:·D_1], j+n[D:·D_2]}",
              Msg::kCount, Msg::kEquationGroupInputNote};
    case Scene::kBias:
    case Scene::kMatrix: break;  // every matrix stage has its own equation above
  }
  return {"", "", Msg::kCount};
}

// Keeps or drops the [D:…] and [G:…] segments of a markup.
std::string Specialise(std::string_view markup, const EquationVariant& v) {
  std::string out;
  for (size_t k = 0; k < markup.size();) {
    const bool dilation = markup.substr(k).starts_with("[D:");
    const bool groups = markup.substr(k).starts_with("[G:");
    if (!dilation && !groups) {
      out += markup[k++];
      continue;
    }
    const size_t close = markup.find(']', k);
    if ((dilation && v.dilated) || (groups && v.grouped))
      out += markup.substr(k + 3, close - k - 3);
    k = close + 1;
  }
  return out;
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

EquationVariant EquationVariant::Of(const ConvShape& shape) {
  return {shape.d1 > 1 || shape.d2 > 1, shape.groups > 1};
}

std::string EquationFormula(Scene scene, Stage stage, Form form, const EquationVariant& variant) {
  const Equation e = EquationOf(scene, stage);
  const std::string out = Render(Specialise(e.markup, variant), form);
  const std::string number = e.number;
  if (form == Form::kLatex) return number.empty() ? out : out + " \\tag{" + number + "}";
  return number.empty() ? out : "(" + number + ")   " + out;
}

std::vector<std::string> EquationNotes(Scene scene, Stage stage, Lang lang,
                                       const EquationVariant& variant) {
  const Equation e = EquationOf(scene, stage);
  std::vector<std::string> notes;
  if (variant.dilated && e.dilated_note != Msg::kCount)
    notes.push_back(Message(e.dilated_note, lang));
  else if (e.note != Msg::kCount) notes.push_back(Message(e.note, lang));
  if (variant.grouped && e.group_note != Msg::kCount) notes.push_back(Message(e.group_note, lang));
  return notes;
}

std::string GeneralEquation(Scene scene, Stage stage, Form form, Lang lang,
                            const EquationVariant& variant) {
  std::string out = EquationFormula(scene, stage, form, variant);
  const std::vector<std::string> notes = EquationNotes(scene, stage, lang, variant);
  if (form == Form::kLatex) {
    // The notes go before \tag so the tag stays at the end of the line.
    const size_t tag = out.rfind(" \\tag{");
    std::string text;
    for (const std::string& note : notes) text += " \\quad\\text{" + TexToLatexText(note) + "}";
    return tag == std::string::npos ? out + text : out.insert(tag, text);
  }
  for (const std::string& note : notes) out += "     " + note;
  return out;
}

}  // namespace convbp::steps
