#include "finite_diff.h"

#include "conv_direct.h"
#include "geometry.h"
#include "loss.h"
#include "transposed.h"

namespace convbp {

const char* ParamTensorName(ParamTensor t) {
  switch (t) {
    case ParamTensor::kInput: return "input";
    case ParamTensor::kWeight: return "weight";
    case ParamTensor::kBias: return "bias";
  }
  return "?";
}

namespace {

// One parameter cell read with a different value, so the caller's problem
// is evaluated as if perturbed without copying it.
template <typename T>
struct Perturbed {
  ParamTensor which;
  size_t flat;
  T value;
  T Read(ParamTensor t, const Tensor<T>& tensor, size_t k) const {
    return t == which && k == flat ? value : tensor[k];
  }
};

// z_{d,i,j} by eq 4, reading the unpadded input (taps on the padding border
// read zeros and are skipped).
template <typename T>
T OutputCell(const Problem<T>& p, const Perturbed<T>& q, int d, int i, int j) {
  const ConvShape& s = p.shape;
  const AxisGeometry rows = ForRows(s), cols = ForCols(s);
  T sum = 0;
  for (int cl = 0; cl < s.GroupInChannels(); ++cl)  // the input channels of d's group
    for (int m = 0; m < s.k1; ++m) {
      const int c = s.InputChannel(d, cl);
      const int pz_y = rows.slide.Tap(i, m);
      if (rows.IsPaddingBorder(pz_y)) continue;
      const int y = pz_y - s.p1;
      for (int n = 0; n < s.k2; ++n) {
        const int pz_x = cols.slide.Tap(j, n);
        if (cols.IsPaddingBorder(pz_x)) continue;
        const int x = pz_x - s.p2;
        const size_t wk = ((size_t(d) * s.GroupInChannels() + cl) * s.k1 + m) * s.k2 + n;
        const size_t xk = (size_t(c) * s.h + y) * s.w + x;
        sum +=
            q.Read(ParamTensor::kWeight, p.weight, wk) * q.Read(ParamTensor::kInput, p.input, xk);
      }
    }
  return sum + q.Read(ParamTensor::kBias, p.bias, size_t(d));
}

struct OutputBox {
  int d0, d1, i0, i1, j0, j1;  // half-open ranges of affected output cells
};

// Output cells whose window reads the perturbed parameter.
OutputBox AffectedOutputs(const ConvShape& s, ParamTensor which, size_t flat) {
  if (which == ParamTensor::kBias) {
    const int d = static_cast<int>(flat);
    return {d, d + 1, 0, s.Ho(), 0, s.Wo()};
  }
  if (which == ParamTensor::kWeight) {
    const int d = static_cast<int>(flat / (size_t(s.GroupInChannels()) * s.k1 * s.k2));
    return {d, d + 1, 0, s.Ho(), 0, s.Wo()};
  }
  // Input cell (c, y, x) sits at pz (y + p1, x + p2); the outputs reading
  // it are the output channels of c's group, in the windows covering that
  // row times those covering that column (a superset when dilation skips
  // some of them: those read other cells and difference to 0).
  const int x = static_cast<int>(flat % size_t(s.w));
  const int y = static_cast<int>((flat / size_t(s.w)) % size_t(s.h));
  const int c = static_cast<int>(flat / (size_t(s.w) * size_t(s.h)));
  const int d0 = s.GroupOfInput(c) * s.GroupOutChannels();
  const WindowSpan rows = ForRows(s).slide.Covering(y + s.p1);
  const WindowSpan cols = ForCols(s).slide.Covering(x + s.p2);
  auto end = [](const WindowSpan& w) { return w.empty() ? w.first : w.back() + 1; };
  return {d0, d0 + s.GroupOutChannels(), rows.first, end(rows), cols.first, end(cols)};
}

template <typename T>
T LossOverBox(const Problem<T>& p, const Perturbed<T>& q, const OutputBox& box) {
  const ConvShape& s = p.shape;
  T sum = 0;
  for (int d = box.d0; d < box.d1; ++d)
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j) {
        const size_t k = (size_t(d) * s.Ho() + i) * s.Wo() + j;
        sum += LossTermAt(p, k, OutputCell(p, q, d, i, j));
      }
  return sum;
}

template <typename T>
const Tensor<T>& Param(const Problem<T>& p, ParamTensor which) {
  switch (which) {
    case ParamTensor::kInput: return p.input;
    case ParamTensor::kWeight: return p.weight;
    case ParamTensor::kBias: break;
  }
  return p.bias;
}

// Transposed layers: the loss of the perturbed copy, by a full forward pass
// through the plain loops (every output may read the cell).
template <typename T>
T TransposedDifference(const Problem<T>& problem, ParamTensor which, size_t flat, T eps) {
  Problem<T> q = problem;
  Tensor<T>& cell = which == ParamTensor::kInput    ? q.input
                    : which == ParamTensor::kWeight ? q.weight
                                                    : q.bias;
  const T original = cell[flat];
  cell[flat] = original + eps;
  const T plus = LossOfProblem(q);
  cell[flat] = original - eps;
  const T minus = LossOfProblem(q);
  return (plus - minus) / (T(2) * eps);
}

}  // namespace

template <typename T>
T FiniteDifference(const Problem<T>& problem, ParamTensor which, size_t flat_index, T eps) {
  if (problem.shape.mode == ConvMode::kTransposed)
    return TransposedDifference(problem, which, flat_index, eps);
  // Nothing is copied: the perturbed cell is substituted where it is read.
  const OutputBox box = AffectedOutputs(problem.shape, which, flat_index);
  const T original = Param(problem, which)[flat_index];
  const T plus = LossOverBox(problem, Perturbed<T>{which, flat_index, original + eps}, box);
  const T minus = LossOverBox(problem, Perturbed<T>{which, flat_index, original - eps}, box);
  return (plus - minus) / (T(2) * eps);
}

template <typename T>
T LossOfProblem(const Problem<T>& p) {
  if (p.shape.mode == ConvMode::kTransposed)
    return LossValue(p, TransposedForward(p, Route::kDirect));
  const Tensor<T> pz = PadInput(p.shape, p.input);
  return LossValue(p, ForwardDirect(p.shape, pz, p.weight, p.bias));
}

template float FiniteDifference(const Problem<float>&, ParamTensor, size_t, float);
template double FiniteDifference(const Problem<double>&, ParamTensor, size_t, double);
template float LossOfProblem(const Problem<float>&);
template double LossOfProblem(const Problem<double>&);

}  // namespace convbp
