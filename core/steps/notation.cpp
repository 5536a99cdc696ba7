#include "notation.h"

namespace convbp::steps {

namespace {

using T = TensorId;

// One row per TensorId, in enum order (the notation test checks it).
constexpr TensorNotation kNotation[kTensorIdCount] = {
    {"none", "", "", "", "", "", false, T::kNone},
    {"one", "1", "1", "1", "the constant 1", "常数 1", false, T::kNone},
    {"input", "zˡ⁻¹", "z^{l−1}", "z^{l-1}", "input", "输入", false, T::kNone},
    {"input_padded", "pz", "pz", "pz", "padded input", "补零后的输入", false, T::kNone},
    {"weight", "W", "W", "W", "weight", "权重", true, T::kNone},
    {"weight_rot180", "rot₁₈₀W", "rot_{180°}W", "\\mathrm{rot}_{180^{\\circ}}W",
     "weight rotated by 180°", "旋转 180° 的权重", true, T::kNone},
    {"bias", "b", "b", "b", "bias", "偏置", false, T::kNone},
    {"output", "zˡ", "z^{l}", "z^{l}", "output", "输出", false, T::kNone},
    {"grad_output", "δˡ", "δ^{l}", "\\delta^{l}", "output gradient", "输出梯度", false, T::kNone},
    {"grad_output_dilated", "δˡᵖᵃᵈᵈⁱⁿᵍ", "δ^{l_{padding}}", "\\delta^{l_{padding}}",
     "output gradient with inserted zeros", "插零后的输出梯度", false, T::kNone},
    {"grad_output_padded", "pδ", "pδ", "p\\delta", "padded output gradient", "补零后的输出梯度",
     false, T::kNone},
    {"grad_input_padded", "∂L/∂pz", "∂L/∂pz", "\\partial L/\\partial pz",
     "gradient of the padded input", "补零输入的梯度", false, T::kInputPadded},
    {"grad_input", "δˡ⁻¹", "δ^{l−1}", "\\delta^{l-1}", "input gradient", "输入梯度", false,
     T::kNone},
    {"grad_weight", "∂L/∂W", "∂L/∂W", "\\partial L/\\partial W", "weight gradient", "权重梯度",
     true, T::kWeight},
    {"grad_bias", "∂L/∂b", "∂L/∂b", "\\partial L/\\partial b", "bias gradient", "偏置梯度", false,
     T::kBias},
    {"weight_positions", "P", "P", "P", "eq-5 positions", "式 5 的位置", true, T::kNone},
    {"window_count", "N", "N", "N", "windows reading the cell", "读取该格的窗口数", false,
     T::kNone},
};

}  // namespace

const TensorNotation& Notation(TensorId t) { return kNotation[static_cast<int>(t)]; }

const char* Symbol(TensorId t, Form form) {
  const TensorNotation& n = Notation(t);
  switch (form) {
    case Form::kPlain: return n.plain;
    case Form::kTex: return n.tex;
    case Form::kLatex: return n.latex;
  }
  return "";
}

const char* TensorWords(TensorId t, Lang lang) {
  return lang == Lang::kZh ? Notation(t).zh : Notation(t).en;
}

// Machine names live in the notation table too (declared in model.h).
const char* TensorName(TensorId t) { return Notation(t).name; }
std::optional<TensorId> ParseTensor(std::string_view name) {
  // "none" and "one" are not tensors a user can name.
  for (int k = 2; k < kTensorIdCount; ++k)
    if (name == kNotation[k].name) return static_cast<TensorId>(k);
  return std::nullopt;
}

IndexList StorageIndices(const Cell& c) {
  IndexList out;
  out.size = c.rank;
  out.values = c.idx;
  return out;
}

IndexList DisplayIndices(const Cell& c) {
  IndexList out = StorageIndices(c);
  if (Notation(c.tensor).kernel_shaped && c.rank == 4)
    out.values = {c.idx[2], c.idx[3], c.idx[1], c.idx[0]};  // [d,c,m,n] → (m,n,c,d)
  return out;
}

std::string JoinIndices(const IndexList& indices) {
  std::string out;
  for (int k = 0; k < indices.size; ++k) {
    if (k) out += ',';
    out += std::to_string(indices.values[static_cast<size_t>(k)]);
  }
  return out;
}

std::string CellSymbol(const Cell& c, Form form) {
  if (c.tensor == TensorId::kOne) return "1";
  std::string symbol = Symbol(c.tensor, form);
  if (c.rank == 0) return symbol;
  const std::string idx = JoinIndices(DisplayIndices(c));
  switch (form) {
    case Form::kPlain: return symbol + "[" + idx + "]";
    case Form::kTex: return "{" + symbol + "}_{" + idx + "}";
    case Form::kLatex: {
      const TensorId of = Notation(c.tensor).gradient_of;
      if (of != TensorId::kNone)
        return std::string("\\frac{\\partial L}{\\partial ") + Symbol(of, form) + "_{" + idx + "}}";
      return "{" + symbol + "}_{" + idx + "}";
    }
  }
  return symbol;
}

}  // namespace convbp::steps
