// Window geometry of one conv layer, answered once: which windows cover a
// position, what a position of pz is (covered, gap, remainder, padding
// border), and the scatter of eq 8 stopped after any product.
//
// Everything is per axis. A slide of windows of k taps with stride s and
// dilation D over an axis of length n_in has extent K = (k − 1)·D + 1 and
//   n_out = floor((n_in − K) / s) + 1   windows, window o starting at o·s;
// window o reads the k taps o·s + m·D, m = 0..k−1 (SlideAxis::Tap, the one
// place that formula lives). Position y is read by window o exactly when
//   o·s ≤ y ≤ o·s + (k − 1)·D   and   (y − o·s) mod D = 0,
// clipped to 0 ≤ o < n_out. The windows satisfying the congruence
// o·s ≡ y (mod D) are every D/gcd(s, D)-th one, so they form an arithmetic
// progression (WindowSpan::step). A position no tap reads is one of:
//   gap        s > K leaves s − K positions between the end of window o
//              and the start of window o + 1;
//   hole       D > 1: inside some window's extent, between two of its taps,
//              and no other window's tap lands there either;
//   remainder  the last window ends at (n_out − 1)·s + K − 1, leaving the
//              trailing ρ = (n_in − K) mod s positions no window reaches.
// A position no tap reads is read by no product, so the gradient there
// is exactly 0. For a conv layer the rows of pz are the axis
// SlideAxis::Over(Hp, k1, s1, D1) (ρ1, H' windows), the columns
// SlideAxis::Over(Wp, k2, s2, D2); the padding border is orthogonal to this
// (a bottom padding row may well be a remainder row too).
#pragma once

#include <cstdint>

#include "shape.h"
#include "tensor.h"

namespace convbp {

// Window indices first, first + step, … below last; empty when
// first ≥ last. last − first is a multiple of step, so back() is the last one.
struct WindowSpan {
  int first = 0, last = 0;
  int step = 1;
  bool empty() const { return first >= last; }
  int size() const { return empty() ? 0 : (last - first) / step; }
  int back() const { return last - step; }
};

// How windows reach a position of the slid-over axis.
enum class Reach : uint8_t {
  kCovered,    // at least one window reads it
  kGap,        // between two windows (only when s > K)
  kRemainder,  // one of the trailing ρ positions past the last window
  kHole,       // between two taps of the windows spanning it (only when D > 1)
};

// One axis of a sliding window: n_out windows of k taps, stride `stride`,
// dilation `dilation`, over an axis of length n_in.
struct SlideAxis {
  int n_in = 1;      // length of the slid-over axis (Hp for the rows of pz)
  int k = 1;         // taps per window
  int stride = 1;    // s
  int n_out = 1;     // window count
  int dilation = 1;  // D: distance between neighbouring taps

  // The slide that fits as many windows as the axis holds.
  static SlideAxis Over(int n_in, int k, int stride, int dilation = 1) {
    return {n_in, k, stride, (n_in - ((k - 1) * dilation + 1)) / stride + 1, dilation};
  }

  // THE tap formula: position of tap m of window o.
  int Tap(int o, int m) const { return o * stride + m * dilation; }
  // Its inverse: the tap m of window o that sits on position y (in range
  // only when window o covers y).
  int TapIndex(int o, int y) const { return (y - o * stride) / dilation; }
  // Positions from a window's first tap to its last, inclusive: K.
  int Extent() const { return (k - 1) * dilation + 1; }
  // ρ = (n_in − k) mod s: trailing positions no window reaches.
  int Remainder() const { return (n_in - Extent()) % stride; }

  // The window whose tap m sits on position y, or −1 when there is none
  // (y − m·D negative, not a multiple of s, or past the last window).
  int WindowOfTap(int y, int m) const {
    const int start = y - m * dilation;
    if (start < 0 || start % stride != 0 || start / stride >= n_out) return -1;
    return start / stride;
  }
  // Windows with a tap on position y (0 ≤ y < n_in), in increasing order.
  WindowSpan Covering(int y) const;
  // Windows whose extent holds y, tap or hole (step 1).
  WindowSpan Spanning(int y) const;
  // Covered, gap or remainder.
  Reach ReachOf(int y) const;
};

// Position y of pz along one axis: how windows reach it, and whether it is
// one of the p zeros added on either side of the input.
struct PositionClass {
  Reach reach = Reach::kCovered;
  bool padding_border = false;
  bool operator==(const PositionClass&) const = default;
};

// One axis of a conv layer: the slide over pz plus the padding p around the
// unpadded length n (h for rows, w for columns).
struct AxisGeometry {
  SlideAxis slide;  // over the padded length n + 2p
  int pad = 0;      // p
  int n = 1;        // unpadded length

  bool IsPaddingBorder(int y) const { return y < pad || y >= pad + n; }
  PositionClass Classify(int y) const { return {slide.ReachOf(y), IsPaddingBorder(y)}; }
};

// Rows of pz: SlideAxis::Over(Hp, k1, s1, D1), padding p1 around h.
AxisGeometry ForRows(const ConvShape& shape);
// Columns of pz: SlideAxis::Over(Wp, k2, s2, D2), padding p2 around w.
AxisGeometry ForCols(const ConvShape& shape);

// Is pz cell (·, y, x) a padding zero (in the border, on either axis)?
bool IsPaddingBorder(const ConvShape& shape, int y, int x);

// How many windows (i, j) read each cell (y, x) of pz, 1 × Hp × Wp: the
// rows' count times the columns' (a window reads (y, x) when one of its row
// taps sits on y and one of its column taps on x). It is also how many
// products of eq 8 land on real δ cells, and in transposed mode how many
// windows of x·W add into each output cell: where k is not a multiple of s
// the counts form a checkerboard. 0 marks a gap, hole or remainder cell.
template <typename T>
Tensor<T> WindowCountMap(const ConvShape& shape);

// ---- the scatter of eq 8, stopped anywhere ------------------------------
//
// Scatter window (c, d, i, j) adds δ_{d,i,j} · W_{d,c',m,n} into
// ∂L/∂pz_{c, Tap(i,m), Tap(j,n)} for its k1·k2 terms (m, n), for the output
// channels d of c's group only (c' = c's index in its group, d' = d's:
// d = γ·C_out/g + d'). Windows run in row-major (c, d', i, j) order, terms
// in row-major (m, n) order — the step model's order — so product number q is
//   q = (((c·C_out/g + d')·H' + i)·W' + j)·k1·k2 + m·k2 + n.
// A ScatterPrefix is "the first `products` of them"; the full scatter is
// ScatterPrefix::All, and it equals ∂L/∂pz.

struct ScatterPrefix {
  uint64_t products = 0;

  // Scatter windows: C_in · C_out/g · H' · W'.
  static uint64_t WindowCount(const ConvShape& shape);
  // Every window, i.e. the whole ∂L/∂pz.
  static ScatterPrefix All(const ConvShape& shape);
  // Windows 0..window, each complete.
  static ScatterPrefix ThroughWindow(const ConvShape& shape, uint64_t window);
  // Windows before `window`, then its terms 0..term.
  static ScatterPrefix ThroughTerm(const ConvShape& shape, uint64_t window, uint64_t term);
};

// Number of scatter window (c, d, i, j); d is a global output channel of
// c's group.
uint64_t ScatterWindow(const ConvShape& shape, int c, int d, int i, int j);

// ∂L/∂pz after the products of `prefix`: C_in × Hp × Wp.
//   weight: C_out × C_in/g × k1 × k2, delta: C_out × H' × W'.
template <typename T>
Tensor<T> PartialScatter(const ConvShape& shape, const Tensor<T>& weight, const Tensor<T>& delta,
                         ScatterPrefix prefix);

// ∂L/∂pz_{c,y,x} after the products of `prefix`, visiting only the windows
// with a tap on (y, x): at most C_out/g · k1 · k2 of them. Adds
// in the same order as PartialScatter, so the two agree bit for bit.
template <typename T>
T ScatterCellAfter(const ConvShape& shape, const Tensor<T>& weight, const Tensor<T>& delta, int c,
                   int y, int x, ScatterPrefix prefix);

}  // namespace convbp
