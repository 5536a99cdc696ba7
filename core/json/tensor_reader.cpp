#include "tensor_reader.h"

#include <cmath>
#include <sstream>

#include "shape.h"

namespace convbp::json {

namespace {

std::string Path(std::string_view field, const std::vector<int>& index, size_t len) {
  std::string p(field);
  for (size_t k = 0; k < len; ++k) p += "[" + std::to_string(index[k]) + "]";
  return p;
}

std::string AxesText(std::span<const Axis> axes) {
  std::string s;
  for (const Axis& a : axes) s += std::string("[") + a.name + "]";
  return s;
}

// Walks the nested arrays in row-major order, checking every length against
// `dims` and writing the numbers into `out`.
class Filler {
 public:
  Filler(std::string_view field, std::span<const Axis> axes, const std::vector<int>& dims,
         Tensor<double>& out)
      : field_(field), axes_(axes), dims_(dims), out_(out), index_(dims.size(), 0) {}

  std::string Walk(const nlohmann::json& node, size_t axis) {
    const size_t rank = dims_.size();
    if (axis == rank) {
      if (!node.is_number())
        return Here(axis) + ": expected a number, got " + DescribeJson(node) +
               (node.is_array() ? " (" + std::string(field_) + " is " + AxesText(axes_) + ")" : "");
      out_[flat_++] = node.get<double>();
      return "";
    }
    const bool innermost = axis + 1 == rank;
    if (!node.is_array())
      return Here(axis) + ": expected an array of " + (innermost ? "numbers" : "arrays") + " (" +
             std::string(field_) + " is " + AxesText(axes_) + "), got " + DescribeJson(node);
    const int want = dims_[axis];
    if (node.size() != static_cast<size_t>(want)) {
      std::ostringstream s;
      s << Here(axis) << ": expected " << Count(want, innermost ? "number" : "array") << " ("
        << axes_[axis].name << " from " << Path(field_, std::vector<int>(rank, 0), axis)
        << ") but found " << node.size();
      return s.str();
    }
    for (int k = 0; k < want; ++k) {
      index_[axis] = k;
      std::string why = Walk(node[static_cast<size_t>(k)], axis + 1);
      if (!why.empty()) return why;
    }
    return "";
  }

 private:
  std::string Here(size_t axis) const { return Path(field_, index_, axis); }

  std::string_view field_;
  std::span<const Axis> axes_;
  const std::vector<int>& dims_;
  Tensor<double>& out_;
  std::vector<int> index_;
  size_t flat_ = 0;
};

}  // namespace

std::string Count(int n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string DescribeJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::array: return j.empty() ? "an empty array" : "an array";
    case nlohmann::json::value_t::object: return "an object";
    default: return j.is_number() ? "the number " + j.dump() : "an unsupported value";
  }
}

std::string ReadTensor(const nlohmann::json& value, std::string_view field,
                       std::span<const Axis> axes, Tensor<double>& out) {
  // Dims from the first element along each axis; caps before allocating.
  std::vector<int> dims;
  int64_t elements = 1;
  const nlohmann::json* cur = &value;
  for (size_t axis = 0; axis < axes.size(); ++axis) {
    const std::string here = Path(field, std::vector<int>(axes.size(), 0), axis);
    if (!cur->is_array())
      return here + ": expected an array (" + std::string(field) + " is " + AxesText(axes) +
             "), got " + DescribeJson(*cur);
    if (cur->empty())
      return here + ": " + axes[axis].name + " must be at least 1, got an empty array";
    if (cur->size() > static_cast<size_t>(axes[axis].cap))
      return here + ": " + axes[axis].name + " = " + std::to_string(cur->size()) +
             " is over the cap of " + std::to_string(axes[axis].cap);
    dims.push_back(static_cast<int>(cur->size()));
    elements *= dims.back();
    cur = &(*cur)[0];
  }
  if (elements > kMaxTensorElements)
    return std::string(field) + ": " + std::to_string(elements) + " numbers is over the cap of " +
           std::to_string(kMaxTensorElements);
  out = Tensor<double>(dims);
  return Filler(field, axes, dims, out).Walk(value, 0);
}

std::string ReadIntPair(const nlohmann::json& value, std::string_view field, const char* names,
                        int lo, int hi, int& a, int& b) {
  const std::string f(field);
  if (!value.is_array())
    return f + ": expected an array of 2 integers " + names + ", got " + DescribeJson(value);
  if (value.size() != 2)
    return f + ": expected 2 integers " + names + " but found " + std::to_string(value.size());
  int* slots[2] = {&a, &b};
  for (size_t k = 0; k < 2; ++k) {
    const nlohmann::json& v = value[k];
    const double d = v.is_number() ? v.get<double>() : std::nan("");
    if (!(d >= lo && d <= hi && d == std::floor(d))) {
      std::ostringstream s;
      s << f << "[" << k << "]: must be an integer ≥ " << lo;
      if (d >= lo) s << " and ≤ " << hi;
      s << ", got " << (v.is_number() ? v.dump() : DescribeJson(v));
      return s.str();
    }
    *slots[k] = static_cast<int>(d);
  }
  return "";
}

}  // namespace convbp::json
