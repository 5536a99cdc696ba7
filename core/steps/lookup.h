// Reverse lookup: which steps read a cell and which write it, and why a
// cell's gradient is zero or untouched.
//
// The steps touching one cell in one stage always form a small box of
// windows whose window and term numbers are linear in the box coordinates
// (e.g. the forward windows reading pz[c,y,x] are d × the rows i covering y
// × the columns j covering x). A RefSet stores that box — a few integers —
// and answers "the k-th step" in O(1), so a lookup never materialises the
// steps: a weight cell of a 224×224 layer is read by 12544 forward windows,
// and listing them is paging through a RefSet.
//
// What counts as a read / a write (at window granularity, as StepRefs):
//   reads   each term's operands a and b (not the constant 1), the bias of a
//           forward window (term_count 0: it starts the accumulator), a
//           move's source;
//   writes  a window's target (every term of the window adds to it), each
//           scatter term's own target, a move's destination. The weight
//           slide's window (d,c,m,n) writes weight_positions[d,c,m,n] and,
//           for m < k1 and n < k2, grad_weight[d,c,m,n] (its target).
// Cells are canonicalised first (CanonicalTensor): with p = 0,
// input_padded and grad_input_padded are the input and grad_input. With
// p > 0 the steps read pz, not the input: Readers(input cell) is empty and
// PaddedCell gives the pz cell to look up instead.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "engine.h"
#include "model.h"

namespace convbp::steps {

enum class Access : uint8_t { kRead, kWrite };

// One step touching the cell: window `window` of (scene, stage), through its
// terms [first_term, first_term + term_count). term_count is 0 when the cell
// is used by the window without a term (the forward bias); every term of
// the window is listed for a window's target.
struct StepRef {
  Scene scene = Scene::kForward;
  Stage stage = Stage::kSlide;
  uint64_t window = 0;
  uint64_t first_term = 0;
  uint64_t term_count = 0;
  bool operator==(const StepRef&) const = default;
};

// The steps of one (scene, stage) touching one cell, in increasing window
// order.
struct RefSet {
  struct Axis {
    uint64_t count = 1;
    int64_t window_step = 0;
    int64_t term_step = 0;
  };
  Scene scene = Scene::kForward;
  Stage stage = Stage::kSlide;
  uint64_t base_window = 0;
  int64_t base_term = 0;
  uint64_t term_count = 1;
  std::array<Axis, 3> axes{};  // outermost first; unused axes have count 1
  int axis_count = 0;

  uint64_t size() const;
  StepRef operator[](uint64_t k) const;  // k < size()
  // The ref of `window` if the set holds it (binary search: O(log size)).
  std::optional<StepRef> Find(uint64_t window) const;
};

struct CellRefs {
  std::array<RefSet, 6> sets{};
  int set_count = 0;

  uint64_t total() const;
  // The k-th step over all sets (sets in scene/stage order, then windows).
  StepRef At(uint64_t k) const;
  // Copies steps [first, first + n) (fewer at the end) into `out`; returns
  // how many were written. For "first N" pages in the UI and the CLI.
  int Page(uint64_t first, StepRef* out, int n) const;
  // Does window `window` of (scene, stage) touch the cell? For hover
  // links: "is the current step one of this cell's readers/writers".
  std::optional<StepRef> Find(Scene scene, Stage stage, uint64_t window) const;
};

// Precondition for both: CellInRange(shape, cell) (else the result is empty).
CellRefs Readers(const ConvShape& shape, const Cell& cell);
CellRefs Writers(const ConvShape& shape, const Cell& cell);
CellRefs Lookup(const ConvShape& shape, const Cell& cell, Access access);

// z^{l-1}[c,y,x] / δ^{l-1}[c,y,x] → pz[c, y+p1, x+p2] / ∂L/∂pz[…] (canonical).
Cell PaddedCell(const ConvShape& shape, const Cell& cell);

// ---- why is this cell zero / untouched ----------------------------------

enum class Reason : uint8_t {
  kRemainderRow,     // pz row past the last window (one of the ρ1 rows)
  kRemainderCol,     // pz column past the last window (one of the ρ2 columns)
  kGapRow,           // pz row between two windows (s1 > k1)
  kGapCol,           // pz column between two windows (s2 > k2)
  kPaddingBorder,    // pz border: a padding zero; its gradient is cropped away
  kInsertedZero,     // δˡᵖᵃᵈᵈⁱⁿᵍ / pδ: an inserted zero
  kFrameZero,        // pδ: the k−1 zero frame
  kRemainderZero,    // pδ: the ρ extra zero rows/columns
  kNoWeight,         // weight_positions beyond k1×k2: belongs to no weight
  kAllProductsZero,  // (values) covered, but every product of its sum is 0
  kTermsCancel,      // (values) covered, the products cancel out
  kHoleRow,          // pz row between the taps of dilated windows (D1 > 1), read by none
  kHoleCol,          // pz column between the taps of dilated windows (D2 > 1)
};
inline constexpr int kReasonCount = 13;

struct Explanation {
  std::array<Reason, 4> reasons{};
  int size = 0;
  // No step adds anything but zeros to this cell's gradient: its gradient is
  // exactly 0 whatever the values (remainder, gap or hole row/column).
  bool untouched = false;

  const Reason* begin() const { return reasons.data(); }
  const Reason* end() const { return reasons.data() + size; }
  bool Has(Reason r) const;
};

// Structural reasons, from the shape alone. For input, input_padded,
// grad_input and grad_input_padded cells they are about the cell's gradient
// (remainder, gap, padding border); for pδ/δ^{l_padding} about the zero the
// cell holds; for weight_positions whether it belongs to a weight.
Explanation Explain(const ConvShape& shape, const Cell& cell);
// Explain, plus — when the cell's gradient (for input cells) or value (for
// output, grad_bias, grad_weight, weight_positions) is exactly 0 and no
// structural reason says why — whether all products of its window are 0 or
// they cancel. O(terms of that window).
Explanation ExplainValue(const Problem<double>& problem, const Results<double>& results,
                         const Cell& cell);

const char* ReasonName(Reason reason);             // "remainder_row", …
std::string ReasonText(Reason reason, Lang lang);  // from messages.h
// The reasons as one line ("" when there are none).
std::string ExplanationText(const Explanation& e, Lang lang);

}  // namespace convbp::steps
