// "What is step N of this stage?" answered from the problem and the
// engine's results, in time and memory proportional to that step's own
// terms (see model.h for what each stage's windows, terms and moves are).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine.h"
#include "model.h"

namespace convbp::steps {

struct Operand {
  Cell cell;
  double value = 0;
  CellKind kind = CellKind::kValue;  // e.g. an inserted zero of pδ
};

struct Term {
  Operand a, b;
  double product = 0;
  // Scatter only (target.tensor == kNone elsewhere): the cell this product is
  // added to, and that cell's value right after the addition when the
  // scatter runs in window order (c, d, i, j).
  Cell target;
  double accumulated = 0;
  // Overlap only (tensor kNone elsewhere, and for a tap with no window): the
  // window this tap belongs to, named by its δ^l cell [0,i,j]. The product
  // itself is 1·1 (the window counts once) or, with no window, 0·1.
  Cell window;
};

struct Move {
  Cell from, to;
  double value = 0;
};

// The formula of a step in plain text (notation.h's kPlain symbols, kernels
// as (m,n,c,d), numbers in NumberStyle::kTerm), once with indices
// substituted and once with the numbers, e.g.
//   indices  δˡ⁻¹[0,2,3] = rot₁₈₀W[0,0,0,0]·pδ[0,2,3] + … = 1.75
//   numbers  δˡ⁻¹[0,2,3] = 0.5·(−1) + … = 1.75
// Long sums keep their products with no zero factor and count the rest:
//   δˡ⁻¹[0,2,1] = 1·1 + 8 products with a zero factor = 1
struct Formula {
  std::string indices;
  std::string numbers;
};

struct Step {
  Scene scene = Scene::kForward;
  Stage stage = Stage::kSlide;
  Granularity granularity = Granularity::kWindow;
  uint64_t index = 0;   // in `granularity`
  uint64_t count = 0;   // StepCount of the stage in `granularity`
  uint64_t window = 0;  // the window this step is (or lies in)
  uint64_t term = 0;    // MAC: which term of the window; window: 0
  uint64_t terms_per_window = 0;

  // The cell the step writes: the window's target; for a scatter window the
  // cell its first term lands on (each term carries its own target); for a
  // move the destination.
  Cell target;
  // Window: all terms of the window, in MAC order. MAC: just its term.
  // Moves: empty.
  std::vector<Term> terms;
  // Window with more terms than StepOptions::max_terms: how many of those
  // not kept in `terms` a long sum leaves out and counts (LeftOutOfSum), so
  // that "+ 7 products with a zero factor" covers the whole window.
  uint64_t left_out_past_kept = 0;
  // Forward and matrix product only: b[d]. The accumulator starts at the bias.
  bool has_bias = false;
  double bias = 0;
  // Window: Σ products (+ bias) — the engine's value of the target (scatter:
  //   the total this window adds, Σ of its products).
  // MAC: the running sum up to and including this MAC (+ bias); on a
  //   window's last MAC it equals the window's sum. Scatter MAC: the target
  //   cell's value right after this addition.
  // Move: the value moved.
  double sum = 0;

  bool is_move = false;
  Move move;
  // Weight slide positions beyond k1×k2 (ρ > 0): shown, belong to no weight.
  bool no_weight = false;

  std::array<Formula, 2> formula;   // [Lang::kEn], [Lang::kZh]
  std::array<std::string, 2> note;  // words, may be empty ("belongs to no weight")
};

struct StepOptions {
  bool formulas = true;  // false: skip building the strings
  // Longer sums print their non-zero products and count the others
  // (shown_terms.h); a scatter window's lists print the first ones, "…", the last.
  int max_formula_terms = 6;
  // Window granularity: keep at most this many terms in Step::terms (the
  // first ones). The sum and the formulas still cover every term, so a
  // window of a million products costs time but not a million Terms.
  uint64_t max_terms = UINT64_MAX;
};

// "" when (scene, stage, index) names a step of this shape, otherwise one
// line saying what is wrong (unknown stage for this scene, index ≥ count).
std::string CheckStepQuery(const ConvShape& shape, Scene scene, Stage stage, uint64_t index,
                           Granularity granularity);

// Precondition: CheckStepQuery(...) == "" and `results` = Compute(problem).
// `out` is overwritten; its buffers are reused, so stepping through a stage
// with one Step allocates nothing once the buffers are warm.
void StepAt(const Problem<double>& problem, const Results<double>& results, Scene scene,
            Stage stage, uint64_t index, Granularity granularity, Step* out,
            const StepOptions& options = {});
Step StepAt(const Problem<double>& problem, const Results<double>& results, Scene scene,
            Stage stage, uint64_t index, Granularity granularity, const StepOptions& options = {});

// The value of any cell (canonical or not) in the problem/results; 1 for kOne.
double CellValue(const Problem<double>& problem, const Results<double>& results, const Cell& cell);

}  // namespace convbp::steps
