// Kind names, which kinds a layer offers, and Generate: the kinds in turn,
// each question drawn from one seeded stream, duplicates skipped.
#include <set>

#include "kinds.h"
#include "quiz.h"

namespace convbp::quiz {

namespace {

constexpr const char* kKindNames[kKindCount] = {
    "cell_value",         "output_shape",       "dilated_shape",     "padded_delta_shape",
    "weight_slide_shape", "weight_slide_grads", "products_per_cell", "windows_reading",
    "why_zero",           "contributors",
};

// After this many draws of one kind in a row that give nothing new, the
// kind is used up (a shape question exists once per layer).
constexpr int kMaxMisses = 24;

}  // namespace

const char* KindName(Kind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<Kind> ParseKind(std::string_view name) {
  for (int k = 0; k < kKindCount; ++k)
    if (name == kKindNames[k]) return static_cast<Kind>(k);
  return std::nullopt;
}

std::vector<Kind> OfferedKinds(const Problem<double>& problem, const Results<double>& results) {
  std::vector<Kind> out;
  for (int k = 0; k < kKindCount; ++k)
    if (HasQuestion(static_cast<Kind>(k), problem, results)) out.push_back(static_cast<Kind>(k));
  return out;
}

std::vector<Question> Generate(const Problem<double>& problem, const Results<double>& results,
                               const Options& options) {
  std::vector<Kind> kinds;
  for (Kind kind : OfferedKinds(problem, results)) {
    bool wanted = options.kinds.empty();
    for (Kind w : options.kinds) wanted = wanted || w == kind;
    if (wanted) kinds.push_back(kind);
  }
  Random random(options.seed);
  std::vector<Question> out;
  std::set<std::string> seen;  // kind + English prompt: one question asked once
  std::vector<int> misses(kinds.size(), 0);
  size_t turn = 0;
  while (static_cast<int>(out.size()) < options.count && !kinds.empty()) {
    const size_t k = turn % kinds.size();
    std::optional<Question> q = MakeQuestion(kinds[k], problem, results, random);
    if (q && seen.insert(std::string(KindName(q->kind)) + "|" + q->prompt[0]).second) {
      out.push_back(std::move(*q));
      misses[k] = 0;
      ++turn;
    } else if (++misses[k] >= kMaxMisses) {
      kinds.erase(kinds.begin() + static_cast<std::ptrdiff_t>(k));
      misses.erase(misses.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
  return out;
}

}  // namespace convbp::quiz
