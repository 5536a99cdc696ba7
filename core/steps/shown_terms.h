// Which terms of a long sum are written out.
//
// In the backward sums most products have a zero factor — that is the point
// of the zeros inserted into δ and framed around it (eq 5, eq 8). Printing
// "the first few terms, …, the last" would then show a row of zeros and hide
// the few products that make the result. So a sum longer than the limit
// shows its products with no zero factor, in order, and counts the rest:
//   δ^{l-1}[0,2,1] = 1·1 + 7 products with a zero factor = 1
// Used by the step formulas (convbp-cli steps), the derivation export
// (convbp-cli derivation) and the app's Step panel and export caption.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model.h"

namespace convbp::steps {

struct Term;

struct ShownTerms {
  std::vector<uint64_t> indices;  // the terms written out, ascending
  // Left out and counted: products with a zero factor (they add nothing).
  uint64_t zero_factor = 0;
  // Left out behind "…": non-zero products past the limit (only when even
  // the non-zero ones are too many to print).
  uint64_t more_nonzero = 0;
  uint64_t ellipsis_before = 0;  // with more_nonzero > 0: "…" goes before this term
};

// A product "has a zero factor" when either operand is 0 (δ·1 for the bias
// sum: when δ is 0).
bool HasZeroFactor(const Term& term);

// Whether a term of a `stage` window is left out of a long sum and counted:
// a product with a zero factor — except in a column of Cᵀ (matrix /
// transposed_product). There the window's slots are eq 8's taps; a slot
// whose tap meets a pδ zero (inserted, frame or remainder) is not an entry
// of C (no row reads the cell through it) and is counted, while the
// column's entries W·δ are written out even when one of them is 0: the sum
// shows exactly the column of C it claims to be.
bool LeftOutOfSum(Stage stage, const Term& term);

// Terms 0..n−1 of a sum, `zero_factor(k)` telling which have a zero factor.
//   n ≤ max_terms (unless `filter_short`): every term.
//   otherwise: the terms with no zero factor; if those are more than
//     max_terms, the first max_terms−1 of them and the last one. No non-zero
//     term at all: term 0 alone (with `stand_in`), so the sum still shows
//     what it multiplies.
// `must_show` (the current multiply-add, or −1) is always written out.
ShownTerms PickShownTerms(uint64_t n, int max_terms,
                          const std::function<bool(uint64_t)>& zero_factor, int64_t must_show = -1,
                          bool filter_short = false, bool stand_in = true);

// The terms of a `stage` window written out: PickShownTerms with
// LeftOutOfSum, `term(k)` giving term k. A column of Cᵀ is always filtered
// (however short) and writes no slot when it has no entry: the sum is
// then only the count of taps on pδ zeros. Every other stage: a sum of at
// most max_terms terms is written whole.
ShownTerms PickShownTermsOf(Stage stage, uint64_t n, int max_terms,
                            const std::function<Term(uint64_t)>& term, int64_t must_show = -1);

// What `count` terms left out of a `stage` sum are: "7 products with a zero
// factor" / "7 个含零因子的乘积"; for the bias's plain sum of cells (δ·1)
// "7 zero terms" / "7 个零项"; in a column of Cᵀ "7 taps on pδ zeros (not in
// C)" / "7 个落在 pδ 零上的抽头（不在 C 中）".
std::string LeftOutPhrase(uint64_t count, Stage stage, Lang lang);

}  // namespace convbp::steps
