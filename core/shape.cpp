#include "shape.h"

#include <algorithm>
#include <sstream>

namespace convbp {

int64_t ConvShape::ForwardMacs() const {
  return int64_t{c_out} * Ho() * Wo() * GroupInChannels() * k1 * k2;
}

ConvShape ConvShape::Adjoint() const {
  ConvShape a = *this;
  a.mode = ConvMode::kConv;
  a.c_in = c_out, a.h = TransposedOutH(), a.w = TransposedOutW();
  a.c_out = c_in;
  a.op1 = a.op2 = 0;
  return a;
}

std::string ValidateShape(const ConvShape& s);

namespace {

// Checks lo <= value <= hi and writes the rule into `why` when it fails.
bool InRange(const char* name, int value, int lo, int hi, std::string& why) {
  if (value >= lo && value <= hi) return true;
  std::ostringstream s;
  s << name << " = " << value << " must be between " << lo << " and " << hi;
  why = s.str();
  return false;
}

// Transposed mode: output_padding below max(s, D) (PyTorch's rule: larger
// values would add rows no tap can ever reach), a positive output size,
// then the adjoint conv must itself be valid.
std::string ValidateTransposed(const ConvShape& s) {
  std::ostringstream out;
  const int op[2] = {s.op1, s.op2}, st[2] = {s.s1, s.s2}, dl[2] = {s.d1, s.d2};
  for (int a = 0; a < 2; ++a) {
    const int limit = std::max(st[a], dl[a]);
    if (op[a] < 0 || op[a] >= limit) {
      out << "output_padding op" << a + 1 << " = " << op[a] << " must be ≥ 0 and smaller than max(s"
          << a + 1 << ", D" << a + 1 << ") = " << limit;
      return out.str();
    }
  }
  if (s.TransposedOutH() < 1 || s.TransposedOutW() < 1) {
    out << "the transposed output would be " << s.TransposedOutH() << " × " << s.TransposedOutW()
        << ": (H−1)·s − 2p + (k−1)·D + output_padding + 1 must be ≥ 1";
    return out.str();
  }
  const std::string why = ValidateShape(s.Adjoint());
  return why.empty() ? "" : "transposed layer: " + why;
}

}  // namespace

std::string ValidateShape(const ConvShape& s) {
  std::string why;
  if (!InRange("C_in", s.c_in, 1, kMaxChannels, why) || !InRange("H", s.h, 1, kMaxSpatial, why) ||
      !InRange("W", s.w, 1, kMaxSpatial, why) || !InRange("C_out", s.c_out, 1, kMaxChannels, why) ||
      !InRange("k1", s.k1, 1, kMaxKernel, why) || !InRange("k2", s.k2, 1, kMaxKernel, why) ||
      !InRange("s1", s.s1, 1, kMaxStride, why) || !InRange("s2", s.s2, 1, kMaxStride, why) ||
      !InRange("p1", s.p1, 0, kMaxPadding, why) || !InRange("p2", s.p2, 0, kMaxPadding, why) ||
      !InRange("dilation D1", s.d1, 1, kMaxDilation, why) ||
      !InRange("dilation D2", s.d2, 1, kMaxDilation, why) ||
      !InRange("groups", s.groups, 1, kMaxChannels, why)) {
    return why;
  }
  std::ostringstream out;
  if (s.c_in % s.groups != 0 || s.c_out % s.groups != 0) {
    out << "groups = " << s.groups << " must divide both C_in = " << s.c_in
        << " and C_out = " << s.c_out;
    return out.str();
  }
  if (s.mode == ConvMode::kTransposed) return ValidateTransposed(s);
  if (s.K1() > s.Hp()) {
    out << "k1 = " << s.k1;
    if (s.d1 > 1)
      out << " with dilation D1 = " << s.d1 << " spans (k1−1)·D1+1 = " << s.K1() << ", which";
    out << " is larger than the padded input height H + 2·p1 = " << s.Hp();
    return out.str();
  }
  if (s.K2() > s.Wp()) {
    out << "k2 = " << s.k2;
    if (s.d2 > 1)
      out << " with dilation D2 = " << s.d2 << " spans (k2−1)·D2+1 = " << s.K2() << ", which";
    out << " is larger than the padded input width W + 2·p2 = " << s.Wp();
    return out.str();
  }
  // Every tensor the engine materialises, largest ones included.
  struct Named {
    const char* name;
    int64_t elements;
  };
  const Named tensors[] = {
      {"input_padded", int64_t{s.c_in} * s.Hp() * s.Wp()},
      {"weight", int64_t{s.c_out} * s.GroupInChannels() * s.k1 * s.k2},
      {"output", int64_t{s.c_out} * s.Ho() * s.Wo()},
      {"grad_output_padded", int64_t{s.c_out} * s.PaddedDeltaH() * s.PaddedDeltaW()},
      {"weight positions",
       int64_t{s.c_out} * s.GroupInChannels() * s.WeightPositionsH() * s.WeightPositionsW()},
  };
  for (const Named& t : tensors) {
    if (t.elements > kMaxTensorElements) {
      out << "the " << t.name << " tensor would have " << t.elements
          << " elements, over the cap of " << kMaxTensorElements;
      return out.str();
    }
  }
  return "";
}

}  // namespace convbp
