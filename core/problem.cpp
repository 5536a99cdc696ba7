#include "problem.h"

#include <cmath>
#include <sstream>

namespace convbp {

namespace {

template <typename T>
std::string CheckTensor(const char* name, const Tensor<T>& t, const std::vector<int>& want) {
  if (t.dims() != want) {
    std::ostringstream s;
    s << name << " has dims [";
    for (size_t k = 0; k < t.dims().size(); ++k) s << (k ? "," : "") << t.dims()[k];
    s << "] but the shape needs [";
    for (size_t k = 0; k < want.size(); ++k) s << (k ? "," : "") << want[k];
    s << "]";
    return s.str();
  }
  for (size_t k = 0; k < t.size(); ++k) {
    if (!std::isfinite(t[k])) {
      std::ostringstream s;
      s << name << " holds a non-finite value at flat index " << k;
      return s.str();
    }
  }
  return "";
}

template <size_t R>
std::vector<int> Vec(const std::array<int, R>& a) {
  return {a.begin(), a.end()};
}

}  // namespace

template <typename T>
std::string ValidateProblemTensors(const Problem<T>& p) {
  const ConvShape& s = p.shape;
  std::string why = CheckTensor("input", p.input, Vec(s.InputDims()));
  if (why.empty()) why = CheckTensor("weight", p.weight, Vec(s.WeightDims()));
  if (why.empty()) why = CheckTensor("bias", p.bias, {s.c_out});
  if (why.empty() && p.loss == LossKind::kTarget)
    why = CheckTensor("target", p.loss_tensor, Vec(s.OutputDims()));
  if (why.empty() && p.loss == LossKind::kGivenGrad)
    why = CheckTensor("grad_output", p.loss_tensor, Vec(s.OutputDims()));
  return why;
}

template <typename T>
Problem<T> ZeroProblem(const ConvShape& shape, LossKind loss) {
  Problem<T> p;
  p.shape = shape;
  p.input = Tensor<T>(shape.InputDims());
  p.weight = Tensor<T>(shape.WeightDims());
  p.bias = Tensor<T>(std::vector<int>{shape.c_out});
  p.loss = loss;
  if (loss != LossKind::kHalfSquare) p.loss_tensor = Tensor<T>(shape.OutputDims());
  return p;
}

template std::string ValidateProblemTensors(const Problem<float>&);
template std::string ValidateProblemTensors(const Problem<double>&);
template Problem<float> ZeroProblem<float>(const ConvShape&, LossKind);
template Problem<double> ZeroProblem<double>(const ConvShape&, LossKind);

}  // namespace convbp
