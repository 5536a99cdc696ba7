// Kind names, which kinds a layer offers, and Generate: the kinds in turn
// each question drawn from one seeded stream, duplicates skipped.
#include <array>
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
  // The schedule: the other kinds in an order the seed picks, each after a
  // cell value when cell values are wanted (computing cells is the heart of
  // the practice; the rest checks the shapes and the reasoning around it).
  std::vector<Kind> others;
  bool values = false;
  for (Kind kind : kinds) {
    if (kind == Kind::kCellValue) values = true;
    else others.push_back(kind);
  }
  for (size_t k = others.size(); k > 1; --k) std::swap(others[k - 1], others[random.Below(k)]);
  std::vector<Kind> schedule;
  for (Kind kind : others) {
    if (values) schedule.push_back(Kind::kCellValue);
    schedule.push_back(kind);
  }
  if (schedule.empty() && values) schedule.push_back(Kind::kCellValue);

  std::vector<Question> out;
  std::set<std::string> seen;  // kind + English prompt: one question asked once
  std::array<int, kKindCount> misses{};
  size_t turn = 0;
  while (static_cast<int>(out.size()) < options.count && !schedule.empty()) {
    const Kind kind = schedule[turn % schedule.size()];
    std::optional<Question> q = MakeQuestion(kind, problem, results, random);
    int& miss = misses[static_cast<size_t>(kind)];
    if (q && seen.insert(std::string(KindName(q->kind)) + "|" + q->prompt[0]).second) {
      out.push_back(std::move(*q));
      miss = 0;
      ++turn;
    } else if (++miss >= kMaxMisses) {  // used up: off the schedule
      std::erase(schedule, kind);
    }
  }
  return out;
}

}  // namespace convbp::quiz
