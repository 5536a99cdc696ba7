#include "geometry.h"

#include <algorithm>
#include <numeric>

namespace convbp {

WindowSpan SlideAxis::Spanning(int y) const {
  // o·s ≤ y  ⇔  o ≤ floor(y / s);   y < o·s + K  ⇔  o ≥ ceil((y − K + 1) / s).
  const int from = y - Extent() + 1;
  const int first = from <= 0 ? 0 : (from + stride - 1) / stride;
  const int last = std::min(n_out, y / stride + 1);
  return {first, std::max(first, last), 1};
}

WindowSpan SlideAxis::Covering(int y) const {
  const WindowSpan span = Spanning(y);
  if (dilation == 1 || span.empty()) return span;
  // A tap lands on y when (y − o·s) mod D = 0. If window o0 qualifies, the
  // next one is o0 + D/gcd(s, D): the smallest step keeping step·s ≡ 0 (mod D).
  const int step = dilation / std::gcd(stride, dilation);
  int first = span.first;
  while (first < span.last && first < span.first + step && (y - first * stride) % dilation != 0)
    ++first;
  if (first >= span.last || (y - first * stride) % dilation != 0)
    return {span.first, span.first, 1};
  const int count = (span.last - 1 - first) / step + 1;
  return {first, first + count * step, step};
}

Reach SlideAxis::ReachOf(int y) const {
  if (!Covering(y).empty()) return Reach::kCovered;
  if (!Spanning(y).empty()) return Reach::kHole;
  // Unread: past the last window's last tap, or between two windows.
  const int end_of_last_window = Tap(n_out - 1, 0) + Extent();
  return y >= end_of_last_window ? Reach::kRemainder : Reach::kGap;
}

AxisGeometry ForRows(const ConvShape& s) {
  return {SlideAxis::Over(s.Hp(), s.k1, s.s1, s.d1), s.p1, s.h};
}
AxisGeometry ForCols(const ConvShape& s) {
  return {SlideAxis::Over(s.Wp(), s.k2, s.s2, s.d2), s.p2, s.w};
}

bool IsPaddingBorder(const ConvShape& s, int y, int x) {
  return ForRows(s).IsPaddingBorder(y) || ForCols(s).IsPaddingBorder(x);
}

template <typename T>
Tensor<T> WindowCountMap(const ConvShape& s) {
  const SlideAxis rows = ForRows(s).slide, cols = ForCols(s).slide;
  Tensor<T> counts({1, s.Hp(), s.Wp()});
  for (int y = 0; y < s.Hp(); ++y) {
    const int per_row = rows.Covering(y).size();
    for (int x = 0; x < s.Wp(); ++x) counts(0, y, x) = T(per_row * cols.Covering(x).size());
  }
  return counts;
}
template Tensor<float> WindowCountMap(const ConvShape&);
template Tensor<double> WindowCountMap(const ConvShape&);

// ---- scatter --------------------------------------------------------------

namespace {
uint64_t U(int v) { return static_cast<uint64_t>(v); }
uint64_t TermsPerWindow(const ConvShape& s) { return U(s.k1) * U(s.k2); }
}  // namespace

uint64_t ScatterPrefix::WindowCount(const ConvShape& s) {
  return U(s.c_in) * U(s.GroupOutChannels()) * U(s.Ho()) * U(s.Wo());
}
ScatterPrefix ScatterPrefix::All(const ConvShape& s) {
  return {WindowCount(s) * TermsPerWindow(s)};
}
ScatterPrefix ScatterPrefix::ThroughWindow(const ConvShape& s, uint64_t window) {
  return {(window + 1) * TermsPerWindow(s)};
}
ScatterPrefix ScatterPrefix::ThroughTerm(const ConvShape& s, uint64_t window, uint64_t term) {
  return {window * TermsPerWindow(s) + term + 1};
}

uint64_t ScatterWindow(const ConvShape& s, int c, int d, int i, int j) {
  const int d_local = d - s.GroupOf(d) * s.GroupOutChannels();
  return ((U(c) * U(s.GroupOutChannels()) + U(d_local)) * U(s.Ho()) + U(i)) * U(s.Wo()) + U(j);
}

template <typename T>
Tensor<T> PartialScatter(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta,
                         ScatterPrefix prefix) {
  const SlideAxis rows = ForRows(s).slide, cols = ForCols(s).slide;
  const uint64_t per_window = TermsPerWindow(s);
  uint64_t left = prefix.products;
  Tensor<T> grad(s.PaddedInputDims());
  for (int c = 0; c < s.c_in; ++c)
    for (int d = s.GroupOfInput(c) * s.GroupOutChannels(), d_end = d + s.GroupOutChannels();
         d < d_end; ++d)
      for (int i = 0; i < s.Ho(); ++i)
        for (int j = 0; j < s.Wo(); ++j) {
          if (left == 0) return grad;
          const uint64_t terms = std::min(left, per_window);
          left -= terms;
          const T dv = delta(d, i, j);
          const int cl = s.LocalInput(c);
          uint64_t t = 0;
          for (int m = 0; m < s.k1 && t < terms; ++m)
            for (int n = 0; n < s.k2 && t < terms; ++n, ++t)
              grad(c, rows.Tap(i, m), cols.Tap(j, n)) += dv * weight(d, cl, m, n);
        }
  return grad;
}

template <typename T>
T ScatterCellAfter(const ConvShape& s, const Tensor<T>& weight, const Tensor<T>& delta, int c,
                   int y, int x, ScatterPrefix prefix) {
  const SlideAxis rows = ForRows(s).slide, cols = ForCols(s).slide;
  const WindowSpan over_y = rows.Covering(y), over_x = cols.Covering(x);
  const uint64_t per_window = TermsPerWindow(s);
  T acc = 0;
  const int cl = s.LocalInput(c), d0 = s.GroupOfInput(c) * s.GroupOutChannels();
  // Product numbers grow with (d, i, j): stop at the first one past the prefix.
  for (int d = d0; d < d0 + s.GroupOutChannels(); ++d)
    for (int i = over_y.first; i < over_y.last; i += over_y.step)
      for (int j = over_x.first; j < over_x.last; j += over_x.step) {
        const int m = rows.TapIndex(i, y), n = cols.TapIndex(j, x);
        const uint64_t product = ScatterWindow(s, c, d, i, j) * per_window + U(m) * U(s.k2) + U(n);
        if (product >= prefix.products) return acc;
        acc += delta(d, i, j) * weight(d, cl, m, n);
      }
  return acc;
}

#define CONVBP_INSTANTIATE(T)                                                                      \
  template Tensor<T> PartialScatter(const ConvShape&, const Tensor<T>&, const Tensor<T>&,          \
                                    ScatterPrefix);                                                \
  template T ScatterCellAfter(const ConvShape&, const Tensor<T>&, const Tensor<T>&, int, int, int, \
                              ScatterPrefix);
CONVBP_INSTANTIATE(float)
CONVBP_INSTANTIATE(double)
#undef CONVBP_INSTANTIATE

}  // namespace convbp
