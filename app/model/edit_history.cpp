#include "edit_history.h"

#include <cstddef>
#include <utility>

#include "app_state.h"
#include "i18n.h"
#include "notation.h"

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

DiscardedValues CarryOverValues(const Problem<double>& old, const Problem<double>& old_preset,
                                Problem<double>& fresh) {
  DiscardedValues d;
  for (const OwnTensor& t : kOwnTensors) {
    const Tensor<double>& before = old.*t.member;
    Tensor<double>& after = fresh.*t.member;
    // δ and a target y are different things: a loss change replaces it.
    const bool same_meaning = t.id != steps::TensorId::kGradOutput || old.loss == fresh.loss;
    if (same_meaning && before.dims() == after.dims()) {
      after = before;
      continue;
    }
    if (!before.empty() && before.values() != (old_preset.*t.member).values())
      d.tensors.push_back(t.id);
  }
  return d;
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
  EditHistory& h = s.history;
  h.undo.push_back({h.applied, s.layer});
  h.redo.clear();
  size_t bytes = 0;
  for (const LayerSnapshot& snap : h.undo) bytes += ValueBytes(snap.problem);
  size_t drop = h.undo.size() > kMaxUndo ? h.undo.size() - kMaxUndo : 0;
  for (size_t k = 0; k < drop; ++k) bytes -= ValueBytes(h.undo[k].problem);
  while (bytes > kUndoBytes && h.undo.size() - drop > 1)
    bytes -= ValueBytes(h.undo[drop++].problem);
  h.undo.erase(h.undo.begin(), h.undo.begin() + std::ptrdiff_t(drop));
}

namespace {

// Puts a remembered layer back; its values are kept as they were.
void Restore(AppState& s, LayerSnapshot snap) {
  s.controls = snap.controls;
  s.controls.shape_error.clear();
  s.history.applied = snap.controls;
  // The layer as the user described it; the walked problem follows it
  // (for a transposed layer, ApplyPendingChanges rebuilds its adjoint).
  s.layer = std::move(snap.problem);
  s.problem = s.layer;
  s.history.notice.clear();
  s.dirty.problem = false;
  s.dirty.results = true;
}

bool Move(AppState& s, std::vector<LayerSnapshot>& from, std::vector<LayerSnapshot>& to) {
  if (from.empty()) return false;
  to.push_back({s.history.applied, s.layer});
  LayerSnapshot snap = std::move(from.back());
  from.pop_back();
  Restore(s, std::move(snap));
  return true;
}

}  // namespace

bool Undo(AppState& s) { return Move(s, s.history.undo, s.history.redo); }
bool Redo(AppState& s) { return Move(s, s.history.redo, s.history.undo); }

}  // namespace convbp::app
