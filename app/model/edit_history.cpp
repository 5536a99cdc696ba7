#include "edit_history.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <utility>

#include "app_state.h"
#include "i18n.h"
#include "notation.h"
#include "presets.h"

namespace convbp::app {

namespace {

// The problem's own tensors, named as the canvas names them.
struct OwnTensor {
  steps::TensorId id;
  Tensor<double> Problem<double>::*member;
};
constexpr OwnTensor kOwnTensors[] = {
    {steps::TensorId::kInput, &Problem<double>::input},
    {steps::TensorId::kWeight, &Problem<double>::weight},
    {steps::TensorId::kBias, &Problem<double>::bias},
    {steps::TensorId::kGradOutput, &Problem<double>::loss_tensor},
};

}  // namespace

CarryOver CarryOverValues(const Problem<double>& old, const std::array<bool, 4>& old_known,
                          const std::function<Problem<double>()>& old_preset,
                          Problem<double>& fresh) {
  static_assert(std::size(kOwnTensors) == std::tuple_size_v<CarryOver::Flags>);
  CarryOver r;
  std::optional<Problem<double>> made;  // the old preset, made only if needed
  for (size_t k = 0; k < std::size(kOwnTensors); ++k) {
    const OwnTensor& t = kOwnTensors[k];
    const Tensor<double>& before = old.*t.member;
    Tensor<double>& after = fresh.*t.member;
    // δ and a target y are different things: a loss change replaces it.
    const bool same_meaning = t.id != steps::TensorId::kGradOutput || old.loss == fresh.loss;
    if (same_meaning && before.dims() == after.dims()) {
      r.preset_values[k] = before.values() == after.values();
      after = before;
      continue;
    }
    r.preset_values[k] = true;
    if (before.empty() || old_known[k]) continue;
    if (!made) made = old_preset();
    if (before.values() != (*made.*t.member).values()) r.lost.tensors.push_back(t.id);
  }
  return r;
}

std::string DiscardedNotice(const DiscardedValues& d, steps::Lang lang) {
  std::string names;
  for (steps::TensorId id : d.tensors) {
    if (!names.empty()) names += ", ";
    names += steps::TensorWords(id, lang);
  }
  return TF(lang, "history.discarded", {{"tensors", names}});
}

namespace {

size_t ValueBytes(const Problem<double>& p) {
  return sizeof(double) * (p.input.size() + p.weight.size() + p.bias.size() + p.loss_tensor.size());
}

}  // namespace

void RememberForUndo(AppState& s) {
  if (s.layer.input.empty()) return;  // nothing computed yet (start-up)
  RememberForUndo(s, Problem<double>(s.layer));
}

namespace {

// The layer as a snapshot: the tensors its preset makes again are dropped.
LayerSnapshot SnapshotOf(const EditHistory& h, Problem<double>&& layer) {
  LayerSnapshot snap{h.applied, std::move(layer), h.preset_values};
  for (size_t k = 0; k < std::size(kOwnTensors); ++k)
    if (snap.preset_values[k]) snap.problem.*kOwnTensors[k].member = {};
  return snap;
}

}  // namespace

void RememberForUndo(AppState& s, Problem<double>&& previous) {
  if (previous.input.empty()) return;  // nothing computed yet (start-up)
  EditHistory& h = s.history;
  h.undo.push_back(SnapshotOf(h, std::move(previous)));
  h.redo.clear();
  size_t bytes = 0;
  for (const LayerSnapshot& snap : h.undo) bytes += ValueBytes(snap.problem);
  size_t drop = h.undo.size() > kMaxUndo ? h.undo.size() - kMaxUndo : 0;
  for (size_t k = 0; k < drop; ++k) bytes -= ValueBytes(h.undo[k].problem);
  while (bytes > kUndoBytes && h.undo.size() - drop > 1)
    bytes -= ValueBytes(h.undo[drop++].problem);
  h.undo.erase(h.undo.begin(), h.undo.begin() + std::ptrdiff_t(drop));
}

void ForgetPresetValues(AppState& s) { s.history.preset_values = {}; }

namespace {

// Puts a remembered layer back; its values are kept as they were.
void Restore(AppState& s, LayerSnapshot snap) {
  FinishBackward(s);  // a helper may still read `problem` (PendingBackward)
  s.controls = snap.controls;
  s.controls.shape_error.clear();
  s.history.applied = snap.controls;
  // The layer as the user described it; the walked problem follows it
  // (for a transposed layer, ApplyPendingChanges rebuilds its adjoint).
  if (std::find(snap.preset_values.begin(), snap.preset_values.end(), true) !=
      snap.preset_values.end()) {
    Problem<double> made = MakePresetProblem(snap.problem.shape, snap.controls.preset,
                                             uint64_t(snap.controls.seed), snap.problem.loss);
    for (size_t k = 0; k < std::size(kOwnTensors); ++k)
      if (snap.preset_values[k])
        snap.problem.*kOwnTensors[k].member = std::move(made.*kOwnTensors[k].member);
  }
  s.layer = std::move(snap.problem);
  s.problem = s.layer;
  s.history.preset_values = snap.preset_values;
  s.history.notice.clear();
  s.dirty.problem = false;
  s.dirty.results = true;
}

bool Move(AppState& s, std::vector<LayerSnapshot>& from, std::vector<LayerSnapshot>& to) {
  if (from.empty()) return false;
  to.push_back(SnapshotOf(s.history, Problem<double>(s.layer)));
  LayerSnapshot snap = std::move(from.back());
  from.pop_back();
  Restore(s, std::move(snap));
  return true;
}

}  // namespace

bool Undo(AppState& s) { return Move(s, s.history.undo, s.history.redo); }
bool Redo(AppState& s) { return Move(s, s.history.redo, s.history.undo); }

}  // namespace convbp::app
