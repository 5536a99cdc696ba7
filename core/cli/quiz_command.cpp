// convbp-cli quiz CASE.json [--count N] [--seed S] [--lang en|zh]
//                [--format markdown|json] [--kinds K1,K2,…]
// Practice questions on the case (core/quiz): a worksheet with a separate
// answer key (Markdown), or the questions as a JSON array.
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "notation.h"
#include "quiz.h"
#include "results_writer.h"
#include "worksheet.h"

namespace convbp::cli {

namespace {

constexpr FlagSpec kFlags[] = {
    {"--count", "N"}, {"--seed", "S"}, {"--lang", "L"}, {"--format", "F"}, {"--kinds", "K"},
};

constexpr int kMaxCount = 1000;

int Bad(const std::string& why) {
  return Fail("convbp-cli quiz: " + why + " (see convbp-cli quiz --help)");
}

template <typename T>
bool ParseWhole(const std::string& text, T& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string KindList() {
  std::string out;
  for (int k = 0; k < quiz::kKindCount; ++k)
    out += (k ? ", " : "") + std::string(quiz::KindName(static_cast<quiz::Kind>(k)));
  return out;
}

nlohmann::json CellJson(const steps::Cell& c) {
  return {{"tensor", steps::TensorName(c.tensor)}, {"index", c.Index()}};
}

nlohmann::json QuestionJson(const quiz::Question& q, size_t number, steps::Lang lang) {
  const size_t l = static_cast<size_t>(lang);
  nlohmann::json cells = nlohmann::json::array();
  for (const steps::Cell& c : q.cells) cells.push_back(CellJson(c));
  nlohmann::json answer = {{"text", quiz::AnswerText(q, lang)}};
  switch (q.answer.type) {
    case quiz::AnswerType::kNumber:
      answer["type"] = "number";
      answer["value"] = q.answer.number;
      answer["tolerance"] = q.tolerance;
      break;
    case quiz::AnswerType::kIntegers:
      answer["type"] = "integers";
      answer["value"] = q.answer.integers;
      break;
    case quiz::AnswerType::kChoice:
      answer["type"] = "choice";
      answer["value"] = q.answer.choice;
      break;
    case quiz::AnswerType::kCells: {
      answer["type"] = "cells";
      nlohmann::json list = nlohmann::json::array();
      for (const steps::Cell& c : q.answer.cells) list.push_back(CellJson(c));
      answer["value"] = list;
      break;
    }
  }
  nlohmann::json choices = nlohmann::json::array();
  for (const quiz::Choice& c : q.choices) choices.push_back(c.text[l]);
  nlohmann::json hint_cells = nlohmann::json::array();
  for (const steps::Cell& c : q.hints.cells) hint_cells.push_back(CellJson(c));
  return {{"number", number},
          {"kind", quiz::KindName(q.kind)},
          {"scene", steps::SceneName(q.scene)},
          {"stage", steps::StageName(q.stage)},
          {"cells", cells},
          {"prompt", q.prompt[l]},
          {"choices", choices},
          {"answer", answer},
          {"hints",
           {{"cells", hint_cells},
            {"involved", q.hints.involved[l]},
            {"formula", q.hints.formula[l]},
            {"terms", q.hints.terms[l]},
            {"answer", q.hints.answer[l]}}}};
}

}  // namespace

const CommandInfo kQuizInfo = {
    "quiz",
    "practice questions on the case, with an answer key (worksheet or JSON)",
    "usage: convbp-cli quiz CASE.json [--count N] [--seed S] [--lang en|zh]\n"
    "                       [--format markdown|json] [--kinds K1,K2,...]\n"
    "\n"
    "Questions on the layer, answered by the engine: cell values of every\n"
    "formula (eq 4, 5, 6, 8, 9 and the zero insertion, padding and rotation),\n"
    "sizes of δ^{l_padding}, pδ, the eq-5 slide and the output, counts, why a\n"
    "gradient is zero (multiple choice) and which δ cells feed a δ^{l-1} cell.\n"
    "The same case, flags and seed always give the same questions.\n"
    "\n"
    "flags:\n"
    "  --count N      number of questions, 1..1000 (default 10; fewer when the\n"
    "                 layer has fewer distinct ones)\n"
    "  --seed S       random seed, a whole number (default 1)\n"
    "  --lang L       en (default) or zh\n"
    "  --format F     markdown (default): the layer, numbered questions, then an\n"
    "                 \"Answer key\" section; json: an array of question objects\n"
    "                 (prompt, choices, answer, hints; cells in storage order)\n"
    "  --kinds K      comma-separated kinds (default: all): cell_value,\n"
    "                 output_shape, dilated_shape, padded_delta_shape,\n"
    "                 weight_slide_shape, weight_slide_grads, products_per_cell,\n"
    "                 windows_reading, why_zero, contributors\n"
    "  -h, --help     this text\n"
    "\n"
    "A transposed case is asked about as its adjoint conv (see convbp-cli steps).\n"
    "\n"
    "Exit 0, or 2 with one line on stderr and nothing on stdout for a bad case or flag.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunQuiz(const Args& args) {
  quiz::Options options;
  if (const std::string* v = args.Value("--count")) {
    if (!ParseWhole(*v, options.count) || options.count < 1 || options.count > kMaxCount)
      return Bad("--count '" + *v + "': expected a whole number from 1 to " +
                 std::to_string(kMaxCount));
  }
  if (const std::string* v = args.Value("--seed")) {
    if (!ParseWhole(*v, options.seed))
      return Bad("--seed '" + *v + "': expected a whole number ≥ 0");
  }
  steps::Lang lang = steps::Lang::kEn;
  if (const std::string* v = args.Value("--lang")) {
    if (*v == "zh") lang = steps::Lang::kZh;
    else if (*v != "en") return Bad("--lang '" + *v + "': expected en or zh");
  }
  bool json = false;
  if (const std::string* v = args.Value("--format")) {
    if (*v == "json") json = true;
    else if (*v != "markdown") return Bad("--format '" + *v + "': expected markdown or json");
  }
  if (const std::string* v = args.Value("--kinds")) {
    std::string_view rest = *v;
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view name = rest.substr(0, comma);
      const auto kind = quiz::ParseKind(name);
      if (!kind)
        return Bad("--kinds: unknown kind '" + std::string(name) + "' (kinds: " + KindList() + ")");
      options.kinds.push_back(*kind);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  // A transposed case is asked about as its adjoint conv (see convbp-cli steps).
  const SteppedCase stepped = StepModelCase(c.problem);
  if (std::string bad = json::FirstNonFinite(stepped.results); !bad.empty())
    return Fail(args.positional[0] + ": the values are too large to compute: " + bad);
  const std::vector<quiz::Question> questions =
      quiz::Generate(stepped.problem, stepped.results, options);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t k = 0; k < questions.size(); ++k)
      out.push_back(QuestionJson(questions[k], k + 1, lang));
    std::cout << out.dump(1) << "\n";
  } else {
    quiz::WorksheetInfo info;
    info.lang = lang;
    info.transposed = c.problem.shape.mode == ConvMode::kTransposed;
    info.command = "convbp-cli quiz " + args.positional[0];
    for (const auto& [flag, value] : args.values) info.command += " " + flag + " " + value;
    std::cout << quiz::WorksheetMarkdown(stepped.problem, stepped.results, questions, info);
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
