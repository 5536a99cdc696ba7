// An independent solver for the quiz: every answer computed again from the
// definitions with plain loops over the problem's own tensors (input,
// weight, bias, the given δ), never through the engine, the geometry or the
// step model the generator uses.
#pragma once

#include <algorithm>
#include <set>
#include <vector>

#include "engine.h"
#include "lookup.h"
#include "model.h"

namespace convbp::quiz::testing {

using steps::Cell;
using steps::TensorId;

class Solver {
 public:
  Solver(const Problem<double>& p, const Tensor<double>& delta)
      : p_(p), s_(p.shape), delta_(delta) {}

  // pz[c,Y,X]: the input or a padding zero.
  double Pz(int c, int Y, int X) const {
    const int y = Y - s_.p1, x = X - s_.p2;
    if (y < 0 || x < 0 || y >= s_.h || x >= s_.w) return 0;
    return p_.input(c, y, x);
  }
  int Hp() const { return s_.h + 2 * s_.p1; }
  int Wp() const { return s_.w + 2 * s_.p2; }
  // Windows along one axis: i ≥ 0 while its last tap stays inside.
  static int Windows(int n, int k, int stride, int dil) {
    int count = 0;
    while (count * stride + (k - 1) * dil <= n - 1) ++count;
    return count;
  }
  int Ho() const { return Windows(Hp(), s_.k1, s_.s1, s_.d1); }
  int Wo() const { return Windows(Wp(), s_.k2, s_.s2, s_.d2); }
  int Cg() const { return s_.c_in / s_.groups; }   // input channels per group
  int Dg() const { return s_.c_out / s_.groups; }  // output channels per group

  double Output(int d, int i, int j) const {
    double sum = p_.bias(d);
    const int g = d / Dg();
    for (int cl = 0; cl < Cg(); ++cl)
      for (int m = 0; m < s_.k1; ++m)
        for (int n = 0; n < s_.k2; ++n)
          sum += p_.weight(d, cl, m, n) *
                 Pz(g * Cg() + cl, i * s_.s1 + m * s_.d1, j * s_.s2 + n * s_.d2);
    return sum;
  }
  double GradBias(int d) const {
    double sum = 0;
    for (int i = 0; i < Ho(); ++i)
      for (int j = 0; j < Wo(); ++j) sum += delta_(d, i, j);
    return sum;
  }
  // Eq-5 position (m, n), also past k1 × k2.
  double WeightPosition(int d, int cl, int m, int n) const {
    double sum = 0;
    const int c = (d / Dg()) * Cg() + cl;
    for (int i = 0; i < Ho(); ++i)
      for (int j = 0; j < Wo(); ++j)
        sum += delta_(d, i, j) * Pz(c, m * s_.d1 + i * s_.s1, n * s_.d2 + j * s_.s2);
    return sum;
  }
  // The products of ∂L/∂pz[c,Y,X]: δ[d,i,j]·W[d,c',m,n] over every window
  // tap landing on (Y, X).
  std::vector<double> GradPzProducts(int c, int Y, int X) const {
    std::vector<double> out;
    const int g = c / Cg();
    for (int dl = 0; dl < Dg(); ++dl)
      for (int i = 0; i < Ho(); ++i)
        for (int j = 0; j < Wo(); ++j)
          for (int m = 0; m < s_.k1; ++m)
            for (int n = 0; n < s_.k2; ++n)
              if (i * s_.s1 + m * s_.d1 == Y && j * s_.s2 + n * s_.d2 == X)
                out.push_back(delta_(g * Dg() + dl, i, j) *
                              p_.weight(g * Dg() + dl, c % Cg(), m, n));
    return out;
  }
  double GradPz(int c, int Y, int X) const {
    double sum = 0;
    for (double v : GradPzProducts(c, Y, X)) sum += v;
    return sum;
  }
  double Dilated(int d, int u, int v) const {
    return (u % s_.s1 || v % s_.s2) ? 0 : delta_(d, u / s_.s1, v / s_.s2);
  }
  int DilatedH() const { return (Ho() - 1) * s_.s1 + 1; }
  int DilatedW() const { return (Wo() - 1) * s_.s2 + 1; }
  int K1() const { return (s_.k1 - 1) * s_.d1 + 1; }
  int K2() const { return (s_.k2 - 1) * s_.d2 + 1; }
  double PaddedDelta(int d, int U, int V) const {
    const int u = U - (K1() - 1), v = V - (K2() - 1);
    if (u < 0 || v < 0 || u >= DilatedH() || v >= DilatedW()) return 0;
    return Dilated(d, u, v);
  }

  // The value of any cell a cell_value question may ask.
  double Value(const Cell& c) const {
    const auto& x = c.idx;
    switch (c.tensor) {
      case TensorId::kOutput: return Output(x[0], x[1], x[2]);
      case TensorId::kGradBias: return GradBias(x[0]);
      case TensorId::kGradWeight:
      case TensorId::kWeightPositions: return WeightPosition(x[0], x[1], x[2], x[3]);
      case TensorId::kGradInputPadded: return GradPz(x[0], x[1], x[2]);
      case TensorId::kGradInput: return GradPz(x[0], x[1] + s_.p1, x[2] + s_.p2);
      case TensorId::kGradOutputDilated: return Dilated(x[0], x[1], x[2]);
      case TensorId::kGradOutputPadded: return PaddedDelta(x[0], x[1], x[2]);
      case TensorId::kWeightRot180:
        return p_.weight(x[0], x[1], s_.k1 - 1 - x[2], s_.k2 - 1 - x[3]);
      case TensorId::kInputPadded: return Pz(x[0], x[1], x[2]);
      case TensorId::kInput: return p_.input(x[0], x[1], x[2]);
      case TensorId::kGradOutput: return delta_(x[0], x[1], x[2]);
      case TensorId::kWindowCount: {  // windows (i, j) with a tap (m, n) on (y, x)
        int count = 0;
        for (int i = 0; i < Ho(); ++i)
          for (int j = 0; j < Wo(); ++j)
            for (int m = 0; m < s_.k1; ++m)
              for (int n = 0; n < s_.k2; ++n)
                count += i * s_.s1 + m * s_.d1 == x[1] && j * s_.s2 + n * s_.d2 == x[2];
        return count;
      }
      default: ADD_FAILURE() << "no solver for tensor " << steps::TensorName(c.tensor); return 0;
    }
  }

  // Windows (one axis) with a tap on position y.
  static std::vector<int> Reading(int y, int windows, int k, int stride, int dil) {
    std::vector<int> out;
    for (int o = 0; o < windows; ++o)
      for (int m = 0; m < k; ++m)
        if (o * stride + m * dil == y) out.push_back(o);
    return out;
  }
  std::vector<int> RowsReading(int Y) const { return Reading(Y, Ho(), s_.k1, s_.s1, s_.d1); }
  std::vector<int> ColsReading(int X) const { return Reading(X, Wo(), s_.k2, s_.s2, s_.d2); }

  // Why one axis position is unread: past the last window's last tap
  // (remainder), inside some window's extent (hole), else between windows
  // (gap). 0 = read.
  enum class Unread { kRead, kRemainder, kHole, kGap };
  static Unread Classify(int y, int windows, int k, int stride, int dil) {
    if (!Reading(y, windows, k, stride, dil).empty()) return Unread::kRead;
    const int last = (windows - 1) * stride + (k - 1) * dil;
    if (y > last) return Unread::kRemainder;
    for (int o = 0; o < windows; ++o)
      if (o * stride <= y && y <= o * stride + (k - 1) * dil) return Unread::kHole;
    return Unread::kGap;
  }

  // Why δ^{l-1}[c,y,x] = 0, as the set of reasons.
  std::set<steps::Reason> WhyGradZero(int c, int y, int x) const {
    using R = steps::Reason;
    const int Y = y + s_.p1, X = x + s_.p2;
    std::set<R> out;
    const Unread row = Classify(Y, Ho(), s_.k1, s_.s1, s_.d1);
    const Unread col = Classify(X, Wo(), s_.k2, s_.s2, s_.d2);
    if (row == Unread::kRemainder) out.insert(R::kRemainderRow);
    if (row == Unread::kHole) out.insert(R::kHoleRow);
    if (row == Unread::kGap) out.insert(R::kGapRow);
    if (col == Unread::kRemainder) out.insert(R::kRemainderCol);
    if (col == Unread::kHole) out.insert(R::kHoleCol);
    if (col == Unread::kGap) out.insert(R::kGapCol);
    if (out.empty()) {
      const std::vector<double> products = GradPzProducts(c, Y, X);
      const bool all_zero =
          std::all_of(products.begin(), products.end(), [](double v) { return v == 0; });
      out.insert(all_zero ? R::kAllProductsZero : R::kTermsCancel);
    }
    return out;
  }
  // Why pδ[d,U,V] holds a zero: the rows/columns past the bottom/right frame
  // are the remainder (named first when a corner is both), then the frame,
  // then the zeros inserted between δ's cells.
  std::set<steps::Reason> WhyPaddedDeltaZero(int U, int V) const {
    using R = steps::Reason;
    const int u = U - (K1() - 1), v = V - (K2() - 1);
    if (u >= DilatedH() + K1() - 1 || v >= DilatedW() + K2() - 1) return {R::kRemainderZero};
    if (u < 0 || v < 0 || u >= DilatedH() || v >= DilatedW()) return {R::kFrameZero};
    if (u % s_.s1 || v % s_.s2) return {R::kInsertedZero};
    return {};
  }

  // δ^l cells whose window reads pz[c,Y,X].
  std::vector<Cell> Contributors(int c, int y, int x) const {
    std::vector<Cell> out;
    const int g = c / Cg();
    for (int dl = 0; dl < Dg(); ++dl)
      for (int i : RowsReading(y + s_.p1))
        for (int j : ColsReading(x + s_.p2))
          out.push_back(Cell::Of(TensorId::kGradOutput, g * Dg() + dl, i, j));
    return out;
  }

  const ConvShape& shape() const { return s_; }

 private:
  const Problem<double>& p_;
  ConvShape s_;
  const Tensor<double>& delta_;
};

}  // namespace convbp::quiz::testing
