// Undo and redo of the student's layer: value edits, shape changes and
// loaded cases (Ctrl+Z / Ctrl+Shift+Z), and the rule that a shape change
// keeps every tensor whose shape it did not change. No ImGui here.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "problem.h"
#include "step.h"

namespace convbp::app {

struct AppState;

// How many changes Ctrl+Z can take back: at most kMaxUndo, and fewer on
// big layers, where the snapshots' values (input, W, b, δ or the target)
// may take at most kUndoBytes together — one 1×1024×1024 snapshot holds
// ~17 MB, and dragging a slider makes one per step. The latest change can
// always be undone.
inline constexpr size_t kMaxUndo = 64;
inline constexpr size_t kUndoBytes = size_t{48} << 20;

// Which of the problem's own tensors a change replaced although the
// student had given them values (edited, or loaded from a file) that the
// preset would not make again.
struct DiscardedValues {
  std::vector<steps::TensorId> tensors;  // kInput, kWeight, kBias, kGradOutput (δ or the target)
  bool any() const { return !tensors.empty(); }
};

// What a change did to the layer's own tensors (CarryOverValues).
struct CarryOver {
  using Flags = std::array<bool, 4>;  // input, W, b, δ-or-target
  DiscardedValues lost;
  // Which of `fresh`'s tensors (input, W, b, δ-or-target) still hold the
  // preset's values afterwards (EditHistory::preset_values).
  std::array<bool, 4> preset_values{};
};

// Moves into `fresh` (the preset's values for the new shape) every tensor of
// `old` whose dims did not change, so a padding change keeps the input and
// the weights and a kernel change keeps δ. A replaced tensor that differs
// from what the preset makes for the old shape held the student's values,
// and is named in `lost`. `old_known[k]` says tensor k of `old` is known to
// hold those preset values; `old_preset` makes them, and is called only
// when a replaced tensor is not known to.
CarryOver CarryOverValues(const Problem<double>& old, const std::array<bool, 4>& old_known,
                          const std::function<Problem<double>()>& old_preset,
                          Problem<double>& fresh);

// The one notice line for a change that discarded values, in `lang`.
std::string DiscardedNotice(const DiscardedValues& d, steps::Lang lang);

// Records the current layer (before a change) for Ctrl+Z and forgets redo.
void RememberForUndo(AppState& s);
// The same for a caller about to replace the layer: `previous` (the layer
// as it was) is moved in rather than copied.
void RememberForUndo(AppState& s, Problem<double>&& previous);
// Anything that writes the layer's values other than a preset: they are no
// longer known to be the preset's (EditHistory::preset_values).
void ForgetPresetValues(AppState& s);
// Ctrl+Z / Ctrl+Shift+Z: back to the layer before the last change and
// forward again. False when there is nothing to undo/redo.
bool Undo(AppState& s);
bool Redo(AppState& s);

}  // namespace convbp::app
