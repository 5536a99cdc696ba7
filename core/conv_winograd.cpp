#include "conv_winograd.h"

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "shifted_gemm.h"
#include "simd.h"

namespace convbp {

namespace {

using fast::kQPad;
using fast::OddLinePitch;
using fast::RoundUp;
using fast::Scratch;
using enum fast::Slot;
using S = simd::Simd<float>;
constexpr int kLanes = S::kLanes;

constexpr int kXi = 16;  // transform-domain positions ξ = 4·a + b of a tile (a: row, b: column)

// Tiles per block: a block's V (16·C_in rows) and M (16·C_out rows) are
// reused from cache while its 16 GEMMs run, instead of 16 whole-layer
// matrices streaming through memory. A multiple of the full panels' tile
// width (3 vectors), so no GEMM column is computed for nothing but in the
// last block. Measured on 64×56×56 → 64 forward (conv_bench, µs): 48: 645,
// 96: 649, 144: 603, 192: 603, 240: 612.
constexpr int kBlockTiles = 144;

// A 3×3 stride-1 correlation of ci source planes (h × w, read as if framed
// by `pad` zeros) giving co planes of ho × wo = (h + 2·pad − 2) × (w + 2·pad − 2):
//   dst[o][y][x] = bias[o] + Σ_i Σ_{m,n<3} g(o,i,m,n) · src[i][y+m−pad][x+n−pad].
// Output tiles are 2×2: th × tw of them, the last row/column ragged when
// ho/wo is odd (their extra outputs are computed and dropped).
struct Correlation {
  int ci, h, w, pad, co;
  int Ho() const { return h + 2 * pad - 2; }
  int Wo() const { return w + 2 * pad - 2; }
  int TileRows() const { return (Ho() + 1) / 2; }
  int TileCols() const { return (Wo() + 1) / 2; }
};

// 16 matrices, one per ξ: row r of matrix ξ at data + ξ·xi + r·ld. The
// matrix pitch xi is an odd number of cache lines: 16 streams at a pitch of
// 4 KiB multiples (a 64 × 64 float matrix) would all land in one L1 set.
struct PerXi {
  float* data;
  int64_t ld, xi;
};

PerXi PerXiScratch(fast::Slot slot, int rows, int64_t ld, int64_t slack = 0) {
  const int64_t xi = OddLinePitch<float>(rows * ld);
  return {Scratch<float>(slot, kXi * xi + slack), ld, xi};
}

// U[ξ][o][i] = (G g_{o,i} Gᵀ)_ξ, written straight into the packed layout
// of the GEMMs' left operand (fast::PackedAIndex). The G rows:
// g0, (g0+g1+g2)/2, (g0−g1+g2)/2, g2 — applied to kernel rows, then columns.
template <typename Filter>
PerXi TransformFilters(int co, int ci, Filter g) {
  const PerXi u = PerXiScratch(kPackedA, co, ci);
  auto apply_g = [](const float x[3], float out[4]) {
    out[0] = x[0];
    out[1] = 0.5f * (x[0] + x[1] + x[2]);
    out[2] = 0.5f * (x[0] - x[1] + x[2]);
    out[3] = x[2];
  };
  for (int o = 0; o < co; ++o)
    for (int i = 0; i < ci; ++i) {
      float rows[4][3];  // G g: 4 × 3
      for (int n = 0; n < 3; ++n) {
        const float col[3] = {g(o, i, 0, n), g(o, i, 1, n), g(o, i, 2, n)};
        float out[4];
        apply_g(col, out);
        for (int a = 0; a < 4; ++a) rows[a][n] = out[a];
      }
      float* dst = u.data + fast::PackedAIndex(co, ci, o, i);
      for (int a = 0; a < 4; ++a) {
        float out[4];  // (G g) Gᵀ, row a
        apply_g(rows[a], out);
        for (int b = 0; b < 4; ++b) dst[(4 * a + b) * u.xi] = out[b];
      }
    }
  return u;
}

// The source with its frame, split into even and odd columns: row y of
// channel i holds E[j] = src[i][y−pad][2j−pad] then O[j] = src[i][y−pad][2j+1−pad],
// j ≤ tw (zeros outside the source). Tile (ti, tj) reads rows 2ti … 2ti+3 at
// E[tj], O[tj], E[tj+1], O[tj+1]: unit-stride in tj, so the transforms
// vectorise across tiles.
struct SplitSource {
  const float* data;
  int64_t row, plane;  // row = 2·(tw + 1)
};

SplitSource SplitColumns(const Correlation& c, const float* src) {
  const int ew = c.TileCols() + 1, rows = 2 * c.TileRows() + 2;
  const int64_t row = 2 * int64_t{ew}, plane = rows * row;
  float* dst =
      Scratch<float>(kSource, c.ci * plane + int64_t{2} * kLanes);  // + what vectors overread
  // Columns j in [lo, hi) have both 2j − pad and 2j + 1 − pad inside the row.
  const int lo = std::min((c.pad + 1) / 2, ew), hi = std::clamp((c.w + c.pad) / 2, lo, ew);
  for (int i = 0; i < c.ci; ++i)
    for (int y = 0; y < rows; ++y) {
      float* e = dst + i * plane + y * row;
      float* o = e + ew;
      const int sy = y - c.pad;
      if (sy < 0 || sy >= c.h) {
        std::fill_n(e, row, 0.0f);
        continue;
      }
      const float* in = src + (int64_t{i} * c.h + sy) * c.w;
      auto edge = [&](int j) {
        const int x = 2 * j - c.pad;  // source column of E[j]; O[j] reads x + 1
        e[j] = x >= 0 && x < c.w ? in[x] : 0.0f;
        o[j] = x + 1 >= 0 && x + 1 < c.w ? in[x + 1] : 0.0f;
      };
      for (int j = 0; j < lo; ++j) edge(j);
      for (int j = lo; j < hi; ++j) e[j] = in[2 * j - c.pad], o[j] = in[2 * j + 1 - c.pad];
      for (int j = hi; j < ew; ++j) edge(j);
    }
  return {dst, row, plane};
}

// The tiles [p0, p0 + n) of the linear tile order p = ti·tw + tj, visited
// as runs within one tile row: f(ti, tj0, count, q) with q = p − p0.
template <typename F>
void ForTileRuns(int tw, int64_t p0, int n, F&& f) {
  for (int64_t p = p0; p < p0 + n;) {
    const int ti = static_cast<int>(p / tw), tj0 = static_cast<int>(p % tw);
    const int count = static_cast<int>(std::min<int64_t>(tw - tj0, p0 + n - p));
    f(ti, tj0, count, static_cast<int>(p - p0));
    p += count;
  }
}

// V[ξ][i][q] = (Bᵀ d B)_ξ of tile p0 + q. Bᵀ's
// rows: d0 − d2, d1 + d2, d2 − d1, d1 − d3 — on the 4 rows, then on the
// 4 columns of the result. One vector holds the same cell of `kLanes`
// consecutive tiles; a run's last vector spills up to kLanes − 1 cells past
// it (into the next run's cells, written after, or the row's slack).
void TransformInput(const Correlation& c, const SplitSource& src, int64_t p0, int n,
                    const PerXi& v) {
  const int ew = c.TileCols() + 1;
  const int64_t xi_pitch = v.xi;
  ForTileRuns(c.TileCols(), p0, n, [&](int ti, int tj0, int count, int q) {
    for (int i = 0; i < c.ci; ++i) {
      const float* e0 = src.data + i * src.plane + 2 * int64_t{ti} * src.row + tj0;
      const float *e1 = e0 + src.row, *e2 = e1 + src.row, *e3 = e2 + src.row;
      float* out = v.data + int64_t{i} * v.ld + q;
      for (int j = 0; j < count; j += kLanes) {
        // Column k of the 4×4 patches: E[j], O[j], E[j+1], O[j+1].
        S::V t[4][4];  // t[a][k] = (Bᵀ d)[a][k]
        for (int k = 0; k < 4; ++k) {
          const int at = (k & 1) * ew + j + k / 2;
          const S::V x0 = S::Load(e0 + at), x1 = S::Load(e1 + at), x2 = S::Load(e2 + at),
                     x3 = S::Load(e3 + at);
          t[0][k] = x0 - x2, t[1][k] = x1 + x2, t[2][k] = x2 - x1, t[3][k] = x1 - x3;
        }
        for (int a = 0; a < 4; ++a) {
          float* o = out + int64_t{4} * a * xi_pitch + j;
          S::Store(o, t[a][0] - t[a][2]);
          S::Store(o + xi_pitch, t[a][1] + t[a][2]);
          S::Store(o + 2 * xi_pitch, t[a][2] - t[a][1]);
          S::Store(o + 3 * xi_pitch, t[a][1] - t[a][3]);
        }
      }
    }
  });
}

// Y = Aᵀ M A for the tiles [p0, p0 + n) from M[ξ][o][q],
// plus the bias, into dst (co × Ho × Wo) — ragged tiles cropped. Aᵀ's rows:
// m0 + m1 + m2 and m1 − m2 − m3. Vectors of kLanes tiles, as in
// TransformInput; the even and odd output columns are interleaved back.
void TransformOutput(const Correlation& c, const PerXi& m, int64_t p0, int n, const float* bias,
                     float* dst) {
  const int ho = c.Ho(), wo = c.Wo();
  const int64_t xi_pitch = m.xi;
  float rows[2][2 * (kBlockTiles + kLanes)];
  ForTileRuns(c.TileCols(), p0, n, [&](int ti, int tj0, int count, int q) {
    const int y = 2 * ti, x = 2 * tj0;
    const int width = std::min(2 * count, wo - x);
    for (int o = 0; o < c.co; ++o) {
      const float* in = m.data + int64_t{o} * m.ld + q;
      const S::V b = S::Splat(bias ? bias[o] : 0.0f);
      for (int j = 0; j < count; j += kLanes) {
        S::V s[2][4];  // Aᵀ M: 2 × 4
        for (int k = 0; k < 4; ++k) {
          const float* mk = in + k * xi_pitch + j;
          const S::V m0 = S::Load(mk), m1 = S::Load(mk + 4 * xi_pitch),
                     m2 = S::Load(mk + 8 * xi_pitch), m3 = S::Load(mk + 12 * xi_pitch);
          s[0][k] = m0 + m1 + m2, s[1][k] = m1 - m2 - m3;
        }
        for (int r = 0; r < 2; ++r) {
          S::V lo, hi;
          S::Interleave(s[r][0] + s[r][1] + s[r][2] + b, s[r][1] - s[r][2] - s[r][3] + b, lo, hi);
          S::Store(rows[r] + int64_t{2} * j, lo);
          S::Store(rows[r] + int64_t{2} * j + kLanes, hi);
        }
      }
      float* out = dst + (int64_t{o} * ho + y) * wo + x;
      std::copy_n(rows[0], width, out);
      if (y + 1 < ho) std::copy_n(rows[1], width, out + wo);
    }
  });
}

// The whole correlation, a block of tiles at a time: transform the block's
// input, 16 GEMMs M[ξ] = U[ξ]·V[ξ], transform back.
template <typename Filter>
void Correlate3x3(const Correlation& c, const float* src, Filter g, const float* bias, float* dst) {
  const PerXi u = TransformFilters(c.co, c.ci, g);
  const SplitSource split = SplitColumns(c, src);
  const int64_t tiles = int64_t{c.TileRows()} * c.TileCols();
  // Rows of V hold a block's tiles plus what a last vector spills; the GEMM
  // reads up to kQPad past a row of V (slack after the last one) and writes
  // rows of M up to RoundUp(n, kQPad).
  const PerXi v =
      PerXiScratch(kTransformed, c.ci, OddLinePitch<float>(kBlockTiles + kLanes), kQPad<float>);
  const PerXi m =
      PerXiScratch(kOut, c.co, OddLinePitch<float>(RoundUp(kBlockTiles + kLanes, kQPad<float>)));
  thread_local std::vector<int64_t> off;  // row i of V[ξ]: a plain GEMM
  off.resize(static_cast<size_t>(c.ci));
  for (int i = 0; i < c.ci; ++i) off[static_cast<size_t>(i)] = i * v.ld;
  for (int64_t p0 = 0; p0 < tiles; p0 += kBlockTiles) {
    const int n = static_cast<int>(std::min<int64_t>(kBlockTiles, tiles - p0));
    TransformInput(c, split, p0, n, v);
    for (int xi = 0; xi < kXi; ++xi)
      fast::PackedShiftedGemm(c.co, c.ci, u.data + xi * u.xi, off.data(), v.data + xi * v.xi, n,
                              m.data + xi * m.xi, m.ld);
    TransformOutput(c, m, p0, n, bias, dst);
  }
}

bool WinogradGeometry(const ConvShape& s) {
  return s.mode == ConvMode::kConv && s.k1 == 3 && s.k2 == 3 && s.s1 == 1 && s.s2 == 1 &&
         s.d1 == 1 && s.d2 == 1 && s.groups == 1;
}

void Resize(Tensor<float>& t, const std::array<int, 3>& dims) {
  if (t.dims() != std::vector<int>(dims.begin(), dims.end())) t = Tensor<float>(dims);
}

}  // namespace

// Measured (conv_bench, f32, forward / grad_input, Winograd ÷ shifted GEMM):
// 64×56×56 → 64: 0.64 / 0.62; 16×32×32 → 16: 0.90 / 0.88; but 8×32×32 → 8:
// 1.18 / 1.16, 32×16×16 → 32: 1.23 / 0.97, 64×8×8 → 64: 2.3 / 1.1 and
// 3×64×64 → 32: 1.5 / 1.8. Few channels: the transforms (O(C_in + C_out) per
// tile) eat the GEMMs' 2.25× saving (C_in·C_out per tile); few tiles: the
// fixed costs (filter transform, GEMM columns padded to the register tile)
// dominate.
constexpr int kMinChannels = 16;
constexpr int64_t kMinTiles = 200;

template <typename T>
bool UseWinograd(const ConvShape& s) {
  if (!std::is_same_v<T, float> || !WinogradGeometry(s)) return false;
  const int64_t tiles = int64_t{(s.Ho() + 1) / 2} * ((s.Wo() + 1) / 2);
  return s.c_in >= kMinChannels && s.c_out >= kMinChannels && tiles >= kMinTiles;
}
template bool UseWinograd<float>(const ConvShape&);
template bool UseWinograd<double>(const ConvShape&);

void ForwardWinograd(const ConvShape& s, const Tensor<float>& pz, const Tensor<float>& weight,
                     const Tensor<float>& bias, Tensor<float>& z) {
  Resize(z, s.OutputDims());  // every cell is written
  const Correlation c{s.c_in, s.Hp(), s.Wp(), 0, s.c_out};
  const float* w = weight.data();
  Correlate3x3(
      c, pz.data(),
      [&](int o, int i, int m, int n) { return w[((int64_t{o} * s.c_in + i) * 3 + m) * 3 + n]; },
      bias.data(), z.data());
}

// ∂L/∂pz_{c,y,x} = Σ_d Σ_{m,n} W_{d,c,m,n} · δ_{d,y−m,x−n}: with m' = 2 − m
// a correlation of δ framed by 2 zeros (pδ) with rot180 W, whose output
// channels are the layer's input channels.
void InputGradPaddedWinograd(const ConvShape& s, const Tensor<float>& weight,
                             const Tensor<float>& delta, Tensor<float>& grad) {
  Resize(grad, s.PaddedInputDims());  // stride 1: every cell is written
  const Correlation c{s.c_out, s.Ho(), s.Wo(), 2, s.c_in};
  const float* w = weight.data();
  Correlate3x3(
      c, delta.data(),
      [&](int ci, int d, int m, int n) {
        return w[((int64_t{d} * s.c_in + ci) * 3 + (2 - m)) * 3 + (2 - n)];
      },
      nullptr, grad.data());
}

}  // namespace convbp
