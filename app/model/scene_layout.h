// Builds the CanvasModel for one scene/stage of the backward pass: which
// tensors are on screen, where, in which style, which cells move and which
// are lit by the current step. Pure: same inputs, same model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "canvas_model.h"
#include "engine.h"
#include "model.h"

namespace convbp::app {

// What the current step touches, as the step model reports it, in the
// canvas's tensors (DrawnCell).
struct StepFocus {
  steps::Scene scene = steps::Scene::kForward;
  steps::Stage stage = steps::Stage::kSlide;
  uint64_t index = 0, count = 0;                  // current step within the stage
  std::vector<steps::Cell> targets;               // cells being written (slides, sums, scatter)
  std::vector<steps::Cell> operands;              // cells read by the current window
  std::optional<steps::Cell> move_from, move_to;  // transform stages
  // MAC granularity: the target shows the running sum, not its final value.
  std::optional<double> running_sum;
  // Scatter: ∂L/∂pz as accumulated up to the current window (null: final).
  const Tensor<double>* partial_grad_input = nullptr;
  // The problem is the adjoint conv of a transposed layer (ConvTranspose2d):
  // its tensors are labelled as the layer's (TransposedLabel).
  bool transposed = false;
};

// A step-model cell as the canvas draws it. The step model names canonical
// cells (steps::CanonicalTensor: without padding, `input` and `grad_input`);
// the canvas always draws pz and ∂L/∂pz, and shows the weight gradient
// inside the eq-5 positions box.
steps::Cell DrawnCell(const ConvShape& shape, steps::Cell cell);

// The label of a tensor box for the typesetter: its symbol from the core's
// notation table ("pδ", "δ^{l−1}"); the eq-5 positions box is labelled
// ∂L/∂W, with "(+ρ positions)" only when ρ gives it extra positions.
std::string TensorLabel(const ConvShape& shape, steps::TensorId tensor);

// In transposed mode the canvas shows the adjoint conv's tensors under the
// transposed layer's names, each with the adjoint's symbol after it: its
// input x is the adjoint's δ^l, its output y − b the adjoint's δ^{l−1}
// (before the crop: p(y − b), the adjoint's ∂L/∂pz), ∂L/∂y the adjoint's
// input and ∂L/∂x the adjoint's output (transposed.h). "" for a tensor whose
// name does not change (W, rot180 W, ∂L/∂W).
std::string TransposedLabel(steps::TensorId tensor);

// `region_aspect` is the canvas region's width / height: channels are laid
// out in a grid that fills a region of that shape. `recycled`, the canvas
// this one replaces, lends its cell storage (its contents are discarded):
// on a big layer the cells are ~60 MB, and storage fresh at each change
// was faulted in again and, landing in the heap one time and in a mapping
// of its own the next, left a hole as big (CanvasModel::Recycle).
CanvasModel BuildSceneCanvas(const Problem<double>& problem, const Results<double>& results,
                             const StepFocus& focus, float region_aspect = 1.6f,
                             CanvasModel recycled = {});

}  // namespace convbp::app
