#include "shape.h"

#include <sstream>

namespace convbp {

int64_t ConvShape::ForwardMacs() const { return int64_t{c_out} * Ho() * Wo() * c_in * k1 * k2; }

namespace {

// Checks lo <= value <= hi and writes the rule into `why` when it fails.
bool InRange(const char* name, int value, int lo, int hi, std::string& why) {
  if (value >= lo && value <= hi) return true;
  std::ostringstream s;
  s << name << " = " << value << " must be between " << lo << " and " << hi;
  why = s.str();
  return false;
}

}  // namespace

std::string ValidateShape(const ConvShape& s) {
  std::string why;
  if (!InRange("C_in", s.c_in, 1, kMaxChannels, why) || !InRange("H", s.h, 1, kMaxSpatial, why) ||
      !InRange("W", s.w, 1, kMaxSpatial, why) || !InRange("C_out", s.c_out, 1, kMaxChannels, why) ||
      !InRange("k1", s.k1, 1, kMaxKernel, why) || !InRange("k2", s.k2, 1, kMaxKernel, why) ||
      !InRange("s1", s.s1, 1, kMaxStride, why) || !InRange("s2", s.s2, 1, kMaxStride, why) ||
      !InRange("p1", s.p1, 0, kMaxPadding, why) || !InRange("p2", s.p2, 0, kMaxPadding, why)) {
    return why;
  }
  std::ostringstream out;
  if (s.k1 > s.Hp()) {
    out << "k1 = " << s.k1 << " is larger than the padded input height H + 2·p1 = " << s.Hp();
    return out.str();
  }
  if (s.k2 > s.Wp()) {
    out << "k2 = " << s.k2 << " is larger than the padded input width W + 2·p2 = " << s.Wp();
    return out.str();
  }
  // Every tensor the engine materialises, largest ones included.
  struct Named {
    const char* name;
    int64_t elements;
  };
  const Named tensors[] = {
      {"input_padded", int64_t{s.c_in} * s.Hp() * s.Wp()},
      {"weight", int64_t{s.c_out} * s.c_in * s.k1 * s.k2},
      {"output", int64_t{s.c_out} * s.Ho() * s.Wo()},
      {"grad_output_padded", int64_t{s.c_out} * s.PaddedDeltaH() * s.PaddedDeltaW()},
      {"weight positions", int64_t{s.c_out} * s.c_in * s.WeightPositionsH() * s.WeightPositionsW()},
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
