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

namespace convbp::app {

// A cell of a named tensor; names are the CLI's (input_padded, weight, …).
struct CellLink {
  std::string tensor;
  std::vector<int> cell;
};

// What the current step touches, as the step model reports it.
struct StepFocus {
  std::string scene, stage;                    // e.g. "input", "slide"
  uint64_t index = 0, count = 0;               // current step within the stage
  std::vector<CellLink> targets;               // cells being written (slides, sums, scatter)
  std::vector<CellLink> operands;              // cells read by the current window
  std::optional<CellLink> move_from, move_to;  // transform stages
  // MAC granularity: the target shows the running sum, not its final value.
  std::optional<double> running_sum;
  // Scatter: ∂L/∂pz as accumulated up to the current window (null: final).
  const Tensor<double>* partial_grad_input = nullptr;
};

// Symbol and shape of a named tensor, e.g. {"pδ", "1×7×7"}.
std::string TensorSymbol(const std::string& name);

CanvasModel BuildSceneCanvas(const Problem<double>& problem, const Results<double>& results,
                             const StepFocus& focus);

// Which tensor of `results` a name refers to (nullptr for unknown names).
const Tensor<double>* FindTensor(const Problem<double>& problem, const Results<double>& results,
                                 const std::string& name);

}  // namespace convbp::app
