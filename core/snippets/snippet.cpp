#include "snippet.h"

#include <cstdio>
#include <string_view>

#include "number_text.h"

namespace convbp::snippets {

namespace {

// A Python float literal that round-trips the double exactly.
void AppendNumber(std::string& out, double v) {
  const std::string text = FormatNumber(v, NumberStyle::kExport);
  out += text;
  if (text.find_first_of(".e") == std::string::npos) out += ".0";
}

// Nested Python list of a tensor, one innermost row per line.
void AppendNested(std::string& out, const Tensor<double>& t, size_t axis, size_t& flat,
                  int indent) {
  const int n = t.dim(int(axis));
  out += '[';
  for (int k = 0; k < n; ++k) {
    if (k) out += ", ";
    if (axis + 1 == size_t(t.rank())) {
      AppendNumber(out, t[flat++]);
    } else {
      if (k && axis + 2 == size_t(t.rank())) out += "\n" + std::string(size_t(indent), ' ');
      AppendNested(out, t, axis + 1, flat, indent + 1);
    }
  }
  out += ']';
}

std::string Literal(const Tensor<double>& t, int indent) {
  std::string out;
  size_t flat = 0;
  AppendNested(out, t, 0, flat, indent);
  return out;
}

std::string Dims(const Tensor<double>& t) {
  std::string s;
  for (int a = 0; a < t.rank(); ++a) s += (a ? "×" : "") + std::to_string(t.dim(a));
  return s;
}

const char* LossComment(LossKind loss) {
  switch (loss) {
    case LossKind::kHalfSquare: return "L = ½‖z‖², so δ = z";
    case LossKind::kTarget: return "L = ½‖z − y‖², so δ = z − y";
    case LossKind::kGivenGrad: return "L = Σ z·g, so δ = g (the given output gradient)";
  }
  return "";
}

// The tensors, as `name = xp(literal)` lines.
std::string Tensors(const Problem<double>& p, const char* ctor, const char* tail) {
  const ConvShape& s = p.shape;
  std::string out;
  auto line = [&](const char* name, const char* what, const Tensor<double>& t) {
    const std::string head = std::string(name) + " = " + ctor + "(";
    out += "# " + std::string(what) + ", " + Dims(t) + "\n";
    out += head + Literal(t, int(head.size()) + 1) + tail + "\n";
  };
  line("x", "input z^{l-1}: C_in × H × W", p.input);
  line("w",
       s.mode == ConvMode::kTransposed
           ? "kernel W: C_in × C_out/groups × k1 × k2 (ConvTranspose2d's layout)"
           : "kernel W: C_out × C_in/groups × k1 × k2 (PyTorch OIHW)",
       p.weight);
  line("b", "bias: C_out", p.bias);
  if (p.loss == LossKind::kTarget) line("y", "target y: C_out × H' × W'", p.loss_tensor);
  if (p.loss == LossKind::kGivenGrad)
    line("g", "given output gradient: C_out × H' × W'", p.loss_tensor);
  out += "stride = (" + std::to_string(s.s1) + ", " + std::to_string(s.s2) + ")\n";
  out += "padding = (" + std::to_string(s.p1) + ", " + std::to_string(s.p2) + ")\n";
  out += "dilation = (" + std::to_string(s.d1) + ", " + std::to_string(s.d2) + ")\n";
  out += "groups = " + std::to_string(s.groups) + "\n";
  if (s.mode == ConvMode::kTransposed)
    out += "output_padding = (" + std::to_string(s.op1) + ", " + std::to_string(s.op2) + ")\n";
  return out;
}

std::string Header(const Problem<double>& p, const char* what) {
  const ConvShape& s = p.shape;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "#!/usr/bin/env python3\n"
                "# convbp: one 2-D convolution layer, forward and backward, %s.\n"
                "# %sinput %d×%d×%d, kernel %d×%d×%d×%d, stride %d×%d, padding %d×%d,\n"
                "# dilation %d×%d, groups %d.\n"
                "# Loss: %s.\n"
                "# Prints loss, output, grad_output, grad_bias, grad_weight and grad_input as\n"
                "# one JSON object, the same keys as `convbp-cli compute CASE.json`.\n",
                what, s.mode == ConvMode::kTransposed ? "transposed (ConvTranspose2d), " : "",
                s.c_in, s.h, s.w, s.WeightDims()[0], s.WeightDims()[1], s.k1, s.k2, s.s1, s.s2,
                s.p1, s.p2, s.d1, s.d2, s.groups, LossComment(p.loss));
  return buf;
}

std::string TorchSnippet(const Problem<double>& p) {
  std::string out = Header(p, "by PyTorch autograd");
  out +=
      "import json\n"
      "\n"
      "import torch\n"
      "import torch.nn.functional as F\n"
      "\n"
      "torch.set_default_dtype(torch.float64)\n";
  out += Tensors(p, "torch.tensor", ", dtype=torch.float64)");
  out +=
      "\n"
      "x.requires_grad_(True)\n"
      "w.requires_grad_(True)\n"
      "b.requires_grad_(True)\n"
      "# one sample (unsqueeze adds the batch axis)\n";
  out += p.shape.mode == ConvMode::kTransposed
             ? "# the transposed layer: eq 8 of the conv it is the gradient of, applied to x\n"
               "z = F.conv_transpose2d(x.unsqueeze(0), w, b, stride=stride, padding=padding,\n"
               "                       output_padding=output_padding, groups=groups,\n"
               "                       dilation=dilation)[0]\n"
             : "# eq 4: z^l = conv(z^{l-1}, W) + b\n"
               "z = F.conv2d(x.unsqueeze(0), w, b, stride=stride, padding=padding,\n"
               "             dilation=dilation, groups=groups)[0]\n";
  switch (p.loss) {
    case LossKind::kHalfSquare: out += "loss = 0.5 * (z * z).sum()\n"; break;
    case LossKind::kTarget: out += "loss = 0.5 * ((z - y) * (z - y)).sum()\n"; break;
    case LossKind::kGivenGrad: out += "loss = (z * g).sum()\n"; break;
  }
  out +=
      "z.retain_grad()\n"
      "loss.backward()\n"
      "\n"
      "print(json.dumps({\n"
      "    \"loss\": loss.item(),\n"
      "    \"output\": z.tolist(),\n"
      "    \"grad_output\": z.grad.tolist(),   # δ^l\n"
      "    \"grad_bias\": b.grad.tolist(),     # eq 6\n"
      "    \"grad_weight\": w.grad.tolist(),   # eq 5\n"
      "    \"grad_input\": x.grad.tolist(),    # eq 8, 9: δ^{l-1}\n"
      "}))\n";
  return out;
}

std::string NumpySnippet(const Problem<double>& p) {
  std::string out = Header(p, "by the seed's derived route in NumPy");
  out +=
      "import json\n"
      "\n"
      "import numpy as np\n"
      "\n";
  out += Tensors(p, "np.array", ", dtype=np.float64)");
  out += R"PY(
C_out, C_in, k1, k2 = w.shape
s1, s2 = stride
p1, p2 = padding
# pz: the input with its zero padding
pz = np.pad(x, ((0, 0), (p1, p1), (p2, p2)))
Hp, Wp = pz.shape[1], pz.shape[2]
Ho, Wo = (Hp - k1) // s1 + 1, (Wp - k2) // s2 + 1
rho1, rho2 = (Hp - k1) % s1, (Wp - k2) % s2   # rows/columns no window reaches

# eq 4: z^l[d,i,j] = Σ_c Σ_m Σ_n W[d,c,m,n]·pz[c, i·s1+m, j·s2+n] + b[d]
z = np.empty((C_out, Ho, Wo))
for i in range(Ho):
    for j in range(Wo):
        window = pz[:, i * s1:i * s1 + k1, j * s2:j * s2 + k2]
        z[:, i, j] = np.einsum("dcmn,cmn->d", w, window) + b
)PY";
  switch (p.loss) {
    case LossKind::kHalfSquare:
      out += "loss = 0.5 * float((z * z).sum())\ndelta = z.copy()\n";
      break;
    case LossKind::kTarget:
      out += "loss = 0.5 * float(((z - y) * (z - y)).sum())\ndelta = z - y\n";
      break;
    case LossKind::kGivenGrad: out += "loss = float((z * g).sum())\ndelta = g.copy()\n"; break;
  }
  out += R"PY(
# eq 6: ∂L/∂b[d] = Σ_i Σ_j δ^l[d,i,j]
grad_bias = delta.sum(axis=(1, 2))

# δ^{l_padding}: s − 1 zeros inserted between the rows and columns of δ^l
DH, DW = (Ho - 1) * s1 + 1, (Wo - 1) * s2 + 1
delta_dilated = np.zeros((C_out, DH, DW))
delta_dilated[:, ::s1, ::s2] = delta

# eq 5: slide δ^{l_padding}_d over pz_c with stride 1; the first k1×k2 of the
# (k1+ρ1)×(k2+ρ2) positions are ∂L/∂W, the rest belong to no weight
grad_weight = np.empty((C_out, C_in, k1, k2))
for m in range(k1):
    for n in range(k2):
        patch = pz[:, m:m + DH, n:n + DW]
        grad_weight[:, :, m, n] = np.einsum("dij,cij->dc", delta_dilated, patch)

# eq 8: pδ = δ^{l_padding} framed by k − 1 zeros (+ ρ at the bottom/right),
# slid under rot180(W) with stride 1
pdelta = np.zeros((C_out, Hp + k1 - 1, Wp + k2 - 1))
pdelta[:, k1 - 1:k1 - 1 + DH, k2 - 1:k2 - 1 + DW] = delta_dilated
w_rot180 = w[:, :, ::-1, ::-1]
grad_pz = np.empty((C_in, Hp, Wp))
for yy in range(Hp):
    for xx in range(Wp):
        window = pdelta[:, yy:yy + k1, xx:xx + k2]
        grad_pz[:, yy, xx] = np.einsum("dcmn,dmn->c", w_rot180, window)

# eq 9: δ^{l-1} is ∂L/∂pz without its padding border
grad_input = grad_pz[:, p1:p1 + x.shape[1], p2:p2 + x.shape[2]]

print(json.dumps({
    "loss": loss,
    "output": z.tolist(),
    "grad_output": delta.tolist(),       # δ^l
    "grad_bias": grad_bias.tolist(),     # eq 6
    "grad_weight": grad_weight.tolist(), # eq 5
    "grad_input": grad_input.tolist(),   # eq 8, 9: δ^{l-1}
}))
)PY";
  return out;
}

}  // namespace

std::optional<SnippetLang> ParseSnippetLang(std::string_view name) {
  if (name == "torch" || name == "pytorch") return SnippetLang::kTorch;
  if (name == "numpy") return SnippetLang::kNumpy;
  return std::nullopt;
}

std::string SnippetSupports(const Problem<double>& p, SnippetLang lang) {
  const ConvShape& s = p.shape;
  if (lang == SnippetLang::kTorch) return "";
  if (s.mode == ConvMode::kTransposed || s.d1 != 1 || s.d2 != 1 || s.groups != 1)
    return "the NumPy script covers dilation 1, groups 1 and no transposed mode; use --lang torch";
  return "";
}

std::string MakeSnippet(const Problem<double>& problem, SnippetLang lang) {
  return lang == SnippetLang::kTorch ? TorchSnippet(problem) : NumpySnippet(problem);
}

}  // namespace convbp::snippets
