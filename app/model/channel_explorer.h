// The channel explorer (issue 14): a C_in × C_out grid of the kernel slices
// W[·,·,c,d] and their gradients ∂W[·,·,c,d]. Clicking a pair (c, d)
// focuses every scene on it: the step jumps to the first window of the
// current stage that works on that pair — eq 5's correlation of pz_c with
// the dilated δ_d, eq 8's window of ∂L/∂pz_c, where the contribution of
// output channel d is one layer of the stacked sum over d. Pure model code:
// no ImGui, no GL.
#pragma once

#include <cstdint>
#include <vector>

#include "model.h"
#include "shape.h"
#include "step.h"

namespace convbp::app {

// An input channel c and an output channel d: the kernel slice W[·,·,c,d]
// (stored at weight[d][c'] with c' = c's index inside its group).
struct ChannelPair {
  int c = 0, d = 0;
  bool operator==(const ChannelPair&) const = default;
};

// With groups g, output channel d reads only the input channels of its own
// group: the other pairs have no kernel slice ("not connected").
bool PairConnected(const ConvShape& shape, ChannelPair pair);

// Whether the explorer belongs with this scene: eq 5, eq 8 and the matrix
// C (one C_out·H'·W' × C_in·Hp·Wp block of taps per pair) are where the
// channel pairs meet (each kernel slice's gradient, each input channel's sum
// over d), and only a layer with more than one pair has a choice to make.
bool ExplorerApplies(const ConvShape& shape, steps::Scene scene);

// The window of (scene, stage) that does the same work as `current_window`
// (same position inside its channel slice) but for `pair`. Each stage's
// windows run channel slice by channel slice (model.h): forward, bias, dilate
// and pad by output channel d; eq 5's slide and rotate by (d, c'); eq 8's
// slide and crop by input channel c; the scatter by (c, d'); the matrix
// scene's rows of C by d and its columns by c. Precondition:
// HasStage and PairConnected.
uint64_t WindowOfPair(const ConvShape& shape, steps::Scene scene, steps::Stage stage,
                      ChannelPair pair, uint64_t current_window);

// Eq 8 split by output channel: the terms (d', m, n) of an input/slide
// window, summed per d' — output channel d = γ·C_out/g + d' adds
// Σ_m Σ_n rot180W_{m,n,c,d}·pδ_{d,y+m,x+n} to ∂L/∂pz_{c,y,x}. The entries
// add up to the window's sum. Also for a row of Cᵀ (matrix /
// transposed_product), whose terms are the same. Empty for other windows,
// at MAC granularity, or when the window's terms were not all kept.
struct OutputChannelSplit {
  std::vector<int> d;                // the output channels of c's group, increasing
  std::vector<double> contribution;  // parallel to d
  int c = 0, y = 0, x = 0;           // the target ∂L/∂pz[c, y, x]
  double total = 0;                  // the window's sum
};
OutputChannelSplit SplitByOutputChannel(const ConvShape& shape, const steps::Step& window);

}  // namespace convbp::app
