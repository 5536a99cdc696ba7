#include "loss.h"

namespace convbp {

template <typename T>
T LossTermAt(const Problem<T>& p, size_t k, T z) {
  switch (p.loss) {
    case LossKind::kHalfSquare: return T(0.5) * z * z;
    case LossKind::kTarget: {
      const T r = z - p.loss_tensor[k];
      return T(0.5) * r * r;
    }
    case LossKind::kGivenGrad: return z * p.loss_tensor[k];
  }
  return T(0);
}

template <typename T>
T LossValue(const Problem<T>& p, const Tensor<T>& z) {
  T sum = 0;
  for (size_t k = 0; k < z.size(); ++k) sum += LossTermAt(p, k, z[k]);
  return sum;
}

template <typename T>
Tensor<T> LossGrad(const Problem<T>& p, const Tensor<T>& z) {
  Tensor<T> delta(z.dims());
  for (size_t k = 0; k < z.size(); ++k) {
    switch (p.loss) {
      case LossKind::kHalfSquare: delta[k] = z[k]; break;
      case LossKind::kTarget: delta[k] = z[k] - p.loss_tensor[k]; break;
      case LossKind::kGivenGrad: delta[k] = p.loss_tensor[k]; break;
    }
  }
  return delta;
}

template float LossValue(const Problem<float>&, const Tensor<float>&);
template double LossValue(const Problem<double>&, const Tensor<double>&);
template float LossTermAt(const Problem<float>&, size_t, float);
template double LossTermAt(const Problem<double>&, size_t, double);
template Tensor<float> LossGrad(const Problem<float>&, const Tensor<float>&);
template Tensor<double> LossGrad(const Problem<double>&, const Tensor<double>&);

}  // namespace convbp
