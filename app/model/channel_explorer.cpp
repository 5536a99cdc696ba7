#include "channel_explorer.h"

namespace convbp::app {

using steps::Scene;
using steps::Stage;

bool PairConnected(const ConvShape& shape, ChannelPair pair) {
  return pair.c >= 0 && pair.c < shape.c_in && pair.d >= 0 && pair.d < shape.c_out &&
         shape.GroupOfInput(pair.c) == shape.GroupOf(pair.d);
}

bool ExplorerApplies(const ConvShape& shape, Scene scene) {
  return (scene == Scene::kWeight || scene == Scene::kInput || scene == Scene::kMatrix) &&
         shape.c_in * shape.c_out > 1;
}

namespace {

// How a stage's windows are grouped into channel slices, and which slice
// `pair` is (model.h lists each stage's window order).
struct SliceOf {
  uint64_t slices = 1, index = 0;
};

SliceOf SliceOfPair(const ConvShape& s, Scene scene, Stage stage, ChannelPair pair) {
  const uint64_t c_local = uint64_t(s.LocalInput(pair.c));
  const uint64_t d_local = uint64_t(pair.d % s.GroupOutChannels());
  const uint64_t per_group_in = uint64_t(s.GroupInChannels());
  const uint64_t per_group_out = uint64_t(s.GroupOutChannels());
  switch (stage) {
    case Stage::kSlide:
      if (scene == Scene::kWeight)  // window (d, c', m, n)
        return {uint64_t(s.c_out) * per_group_in, uint64_t(pair.d) * per_group_in + c_local};
      if (scene == Scene::kInput) return {uint64_t(s.c_in), uint64_t(pair.c)};  // (c, y, x)
      return {uint64_t(s.c_out), uint64_t(pair.d)};                             // forward (d, i, j)
    case Stage::kRotate:  // move (d, c', m, n)
      return {uint64_t(s.c_out) * per_group_in, uint64_t(pair.d) * per_group_in + c_local};
    case Stage::kCrop: return {uint64_t(s.c_in), uint64_t(pair.c)};  // move (c, y, x)
    case Stage::kScatter:                                            // window (c, d', i, j)
      return {uint64_t(s.c_in) * per_group_out, uint64_t(pair.c) * per_group_out + d_local};
    case Stage::kSum:
    case Stage::kDilate:
    case Stage::kPad:
    case Stage::kProduct:  // rows of C: (d, i, j)
      return {uint64_t(s.c_out), uint64_t(pair.d)};
    case Stage::kOverlap: return {};  // windows (y, x): the same for every pair
    case Stage::kTransposedProduct:
      return {uint64_t(s.c_in), uint64_t(pair.c)};  // columns (c, y, x)
  }
  return {};
}

}  // namespace

uint64_t WindowOfPair(const ConvShape& shape, Scene scene, Stage stage, ChannelPair pair,
                      uint64_t current_window) {
  const SliceOf slice = SliceOfPair(shape, scene, stage, pair);
  const uint64_t per_slice = steps::WindowCount(shape, scene, stage) / slice.slices;
  return slice.index * per_slice + (per_slice ? current_window % per_slice : 0);
}

OutputChannelSplit SplitByOutputChannel(const ConvShape& shape, const steps::Step& window) {
  OutputChannelSplit out;
  // Eq 8's slide, or the same sum as a row of Cᵀ (term for term the same).
  const bool eq8 = (window.scene == Scene::kInput && window.stage == Stage::kSlide) ||
                   (window.scene == Scene::kMatrix && window.stage == Stage::kTransposedProduct);
  if (!eq8 || window.granularity != steps::Granularity::kWindow || window.terms_per_window == 0 ||
      window.terms.size() != window.terms_per_window)
    return out;
  // Terms run (d', m, n): k1·k2 consecutive terms per output channel.
  const size_t per_d = size_t(shape.k1) * size_t(shape.k2);
  out.c = window.target.idx[0], out.y = window.target.idx[1], out.x = window.target.idx[2];
  out.total = window.sum;
  for (size_t first = 0; first < window.terms.size(); first += per_d) {
    double sum = 0;
    for (size_t k = first; k < first + per_d && k < window.terms.size(); ++k)
      sum += window.terms[k].product;
    // Operand b of every term is pδ[d, …] (or δ[d, …] in Cᵀ's row): its
    // first index names d.
    out.d.push_back(window.terms[first].b.cell.idx[0]);
    out.contribution.push_back(sum);
  }
  return out;
}

}  // namespace convbp::app
