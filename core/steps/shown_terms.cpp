#include "shown_terms.h"

#include <algorithm>

#include "messages.h"
#include "step.h"

namespace convbp::steps {

bool HasZeroFactor(const Term& t) { return t.a.value == 0 || t.b.value == 0; }

bool LeftOutOfSum(Stage stage, const Term& t) {
  if (stage == Stage::kTransposedProduct) return t.b.cell.tensor == TensorId::kGradOutputPadded;
  return HasZeroFactor(t);
}

ShownTerms PickShownTerms(uint64_t n, int max_terms,
                          const std::function<bool(uint64_t)>& zero_factor, int64_t must_show,
                          bool filter_short, bool stand_in) {
  ShownTerms out;
  const uint64_t cap = max_terms < 2 ? 2 : static_cast<uint64_t>(max_terms);
  if (n <= cap && !filter_short) {
    for (uint64_t k = 0; k < n; ++k) out.indices.push_back(k);
    return out;
  }
  // One pass: keep the first cap−1 non-zero terms and the latest one seen.
  uint64_t nonzero = 0, last_nonzero = 0;
  for (uint64_t k = 0; k < n; ++k) {
    if (zero_factor(k)) {
      ++out.zero_factor;
      continue;
    }
    if (nonzero + 1 < cap) out.indices.push_back(k);
    last_nonzero = k;
    ++nonzero;
  }
  if (nonzero >= cap) {  // the first cap−1 are in; the last one, and "…" for the rest
    out.indices.push_back(last_nonzero);
    out.more_nonzero = nonzero - cap;
    out.ellipsis_before = last_nonzero;
  }
  if (nonzero == 0 && stand_in && n > 0) {
    out.indices.push_back(0);
    --out.zero_factor;
  }
  if (must_show >= 0 && uint64_t(must_show) < n &&
      !std::binary_search(out.indices.begin(), out.indices.end(), uint64_t(must_show))) {
    out.indices.insert(std::upper_bound(out.indices.begin(), out.indices.end(), must_show),
                       uint64_t(must_show));
    if (zero_factor(uint64_t(must_show))) --out.zero_factor;
    else --out.more_nonzero;
  }
  return out;
}

ShownTerms PickShownTermsOf(Stage stage, uint64_t n, int max_terms,
                            const std::function<Term(uint64_t)>& term, int64_t must_show) {
  const bool column = stage == Stage::kTransposedProduct;
  return PickShownTerms(
      n, max_terms, [&](uint64_t k) { return LeftOutOfSum(stage, term(k)); }, must_show,
      /*filter_short=*/column, /*stand_in=*/!column);
}

std::string LeftOutPhrase(uint64_t count, Stage stage, Lang lang) {
  const bool one = count == 1;
  const Msg msg = stage == Stage::kSum ? (one ? Msg::kZeroTerm : Msg::kZeroTerms)
                  : stage == Stage::kTransposedProduct
                      ? (one ? Msg::kTapOffC : Msg::kTapsOffC)
                      : (one ? Msg::kZeroFactorProduct : Msg::kZeroFactorProducts);
  return Message(msg, lang, {{"n", std::to_string(count)}});
}

}  // namespace convbp::steps
