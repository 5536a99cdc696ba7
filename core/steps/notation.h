// The notation of the step model, once: for every TensorId its machine name,
// its symbol in three forms, its words in English and Chinese, and the order
// in which its indices are shown.
//
//   form     used by                                  e.g. (grad_input)
//   kPlain   plain text people read: the CLI's text     δˡ⁻¹
//            lines, Markdown tables, plain UI text
//   kTex     the app's typesetter (app/typeset.h:       δ^{l−1}
//            ^{…}, _{…}, \frac, UTF-8 letters)
//   kLatex   LaTeX export (amsmath)                     \delta^{l-1}
//
// Plain forms use Unicode super- and subscripts (ˡ ⁻ ¹ ᵖ ₁₈₀) and never
// TeX source: no "^{", "_{" or backslash.
//
// Index order: kernel-shaped tensors (W, rot180 W, ∂L/∂W, P) are stored
// PyTorch OIHW, [d,c,m,n], and JSON and the CLI's --json keep that storage
// order. Everything a person reads writes them as the formulas do,
// W_{m,n,c,d}; DisplayIndices is the one place that reorders.
#pragma once

#include <array>
#include <string>

#include "model.h"

namespace convbp::steps {

enum class Form : uint8_t { kPlain, kTex, kLatex };

struct TensorNotation {
  const char* name;    // CLI/JSON: "grad_output_dilated"
  const char* plain;   // "δˡᵖᵃᵈᵈⁱⁿᵍ"
  const char* tex;     // "δ^{l_{padding}}"
  const char* latex;   // "\delta^{l_{padding}}"
  const char* en;      // "dilated output gradient"
  const char* zh;      // "插零后的输出梯度"
  bool kernel_shaped;  // stored [d,c,m,n], shown (m,n,c,d)
  // For ∂L/∂X: X, so LaTeX can write \frac{\partial L}{\partial X_{…}}.
  TensorId gradient_of;
};

const TensorNotation& Notation(TensorId tensor);
const char* Symbol(TensorId tensor, Form form);
const char* TensorWords(TensorId tensor, Lang lang);

// A cell's indices in the order people read them: (m,n,c,d) for kernels,
// storage order for every other tensor.
struct IndexList {
  std::array<int, 4> values{};
  int size = 0;
};
IndexList DisplayIndices(const Cell& cell);
IndexList StorageIndices(const Cell& cell);

// "1,0,2": the one way indices are joined, in every form.
std::string JoinIndices(const IndexList& indices);

// A cell in formula notation, display order:
//   kPlain  "δˡ⁻¹[0,2,3]"     kTex  "{δ^{l−1}}_{0,2,3}"
//   kLatex  "\delta^{l-1}_{0,2,3}", gradients as \frac{\partial L}{\partial W_{…}}
// The constant 1 is "1" in every form.
std::string CellSymbol(const Cell& cell, Form form);

}  // namespace convbp::steps
