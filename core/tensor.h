// A dense row-major tensor of rank 1–4, just enough for one conv layer.
//
// Indexing reads like the formulas: x(c, i, j) for C×H×W tensors and
// w(o, c, m, n) for OIHW kernels. Bounds are checked with assert in debug
// builds; the engine computes every index from a validated ConvShape.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace convbp {

template <typename T>
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::vector<int> dims, T fill = T(0)) : dims_(std::move(dims)) {
    assert(!dims_.empty() && dims_.size() <= 4);
    size_t n = 1;
    for (int d : dims_) {
      assert(d >= 0);
      n *= static_cast<size_t>(d);
    }
    data_.assign(n, fill);
  }
  template <size_t R>
  explicit Tensor(const std::array<int, R>& dims, T fill = T(0))
      : Tensor(std::vector<int>(dims.begin(), dims.end()), fill) {}

  int rank() const { return static_cast<int>(dims_.size()); }
  int dim(int axis) const { return dims_[static_cast<size_t>(axis)]; }
  const std::vector<int>& dims() const { return dims_; }
  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::vector<T>& values() { return data_; }
  const std::vector<T>& values() const { return data_; }

  T& operator[](size_t flat) { return data_[flat]; }
  const T& operator[](size_t flat) const { return data_[flat]; }

  T& operator()(int a) { return data_[Offset1(a)]; }
  const T& operator()(int a) const { return data_[Offset1(a)]; }
  T& operator()(int a, int b, int c) { return data_[Offset3(a, b, c)]; }
  const T& operator()(int a, int b, int c) const { return data_[Offset3(a, b, c)]; }
  T& operator()(int a, int b, int c, int d) { return data_[Offset4(a, b, c, d)]; }
  const T& operator()(int a, int b, int c, int d) const { return data_[Offset4(a, b, c, d)]; }

  // Flat offset of a cell given as a list of indices (rank must match).
  size_t OffsetOf(const std::vector<int>& cell) const {
    assert(cell.size() == dims_.size());
    size_t off = 0;
    for (size_t k = 0; k < dims_.size(); ++k) {
      assert(cell[k] >= 0 && cell[k] < dims_[k]);
      off = off * static_cast<size_t>(dims_[k]) + static_cast<size_t>(cell[k]);
    }
    return off;
  }
  bool Contains(const std::vector<int>& cell) const {
    if (cell.size() != dims_.size()) return false;
    for (size_t k = 0; k < dims_.size(); ++k)
      if (cell[k] < 0 || cell[k] >= dims_[k]) return false;
    return true;
  }

  // Same shape, values cast to U.
  template <typename U>
  Tensor<U> Cast() const {
    Tensor<U> out(dims_);
    for (size_t k = 0; k < data_.size(); ++k) out[k] = static_cast<U>(data_[k]);
    return out;
  }

  void Fill(T v) { data_.assign(data_.size(), v); }

 private:
  size_t Offset1(int a) const {
    assert(rank() == 1 && a >= 0 && a < dims_[0]);
    return static_cast<size_t>(a);
  }
  size_t Offset3(int a, int b, int c) const {
    assert(rank() == 3);
    assert(a >= 0 && a < dims_[0] && b >= 0 && b < dims_[1] && c >= 0 && c < dims_[2]);
    return (static_cast<size_t>(a) * dims_[1] + b) * dims_[2] + c;
  }
  size_t Offset4(int a, int b, int c, int d) const {
    assert(rank() == 4);
    assert(a >= 0 && a < dims_[0] && b >= 0 && b < dims_[1] && c >= 0 && c < dims_[2] && d >= 0 &&
           d < dims_[3]);
    return ((static_cast<size_t>(a) * dims_[1] + b) * dims_[2] + c) * dims_[3] + d;
  }

  std::vector<int> dims_;
  std::vector<T> data_;
};

}  // namespace convbp
