// Grading: numbers to the digits the student typed, counts and choices
// exactly, cell sets as sets.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "notation.h"
#include "number_text.h"
#include "question_text.h"
#include "quiz.h"

namespace convbp::quiz {

namespace {

// What the digits of a typed decimal say: its significant digits and the
// power of ten of its last digit ("1.230" → 4 digits, last at 10⁻³;
// "120" → 3 digits, last at 10⁰; "0.00" → 0 digits, a typed zero).
struct TypedDigits {
  int significant = 0;
  int last_exponent = 0;
};

// Plain decimals with an optional exponent ("-1.5", ".5", "2e-3"); nullopt
// for anything else (inf, nan, hex), which ParseNumber would take but a
// student does not mean.
std::optional<TypedDigits> DigitsOf(std::string_view t) {
  size_t k = 0;
  if (k < t.size() && t[k] == '-') ++k;
  int digits_after_point = 0, significant = 0;
  bool point = false, any = false, nonzero_seen = false;
  for (; k < t.size(); ++k) {
    const char ch = t[k];
    if (ch == '.' && !point) {
      point = true;
    } else if (ch >= '0' && ch <= '9') {
      any = true;
      if (ch != '0') nonzero_seen = true;
      if (nonzero_seen) ++significant;
      if (point) ++digits_after_point;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  int exponent = 0;
  if (k < t.size()) {
    if (t[k] != 'e' && t[k] != 'E') return std::nullopt;
    const std::string_view rest = t.substr(k + 1);
    size_t j = (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) ? 1 : 0;
    if (j >= rest.size() || rest.size() - j > 4) return std::nullopt;
    for (size_t m = j; m < rest.size(); ++m)
      if (rest[m] < '0' || rest[m] > '9') return std::nullopt;
    exponent = std::atoi(std::string(rest).c_str());
  }
  return TypedDigits{significant, exponent - digits_after_point};
}

// `value` rounded to n significant digits.
double RoundSignificant(double value, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", n - 1, value);
  return std::strtod(buf, nullptr);
}

// Significant digits the exact value needs, at most 3: "0.5" needs 1,
// "1.25" needs 3, 1.2345 needs (more than) 3.
int DigitsNeeded(double exact, double tolerance) {
  if (std::abs(exact) <= tolerance) return 1;
  for (int n = 1; n < 3; ++n)
    if (std::abs(RoundSignificant(exact, n) - exact) <= tolerance) return n;
  return 3;
}

std::string Trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r'))
    t.remove_suffix(1);
  return std::string(t);
}

// Typed text with the real minus sign (U+2212) and "×" read as ASCII.
std::string Normalise(std::string_view typed) {
  std::string t = Trim(typed);
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"−", "-"}, {"×", "x"}}) {
    for (size_t at = t.find(from); at != std::string::npos; at = t.find(from, at))
      t.replace(at, from.size(), to);
  }
  return t;
}

Verdict Right(const Question& q) {
  Verdict v;
  v.right = true;
  for (Lang lang : {Lang::kEn, Lang::kZh})
    v.message[static_cast<size_t>(lang)] =
        QMessage(QMsg::kRight, lang, {{"answer", AnswerText(q, lang)}});
  return v;
}
Verdict Wrong() {
  Verdict v;
  v.message = BothLangs(QMsg::kWrong);
  return v;
}
Verdict Unreadable(QMsg msg, steps::MessageArgs args = {}) {
  Verdict v;
  v.readable = false;
  v.message = BothLangs(msg, args);
  return v;
}

Verdict GradeNumber(const Question& q, const std::string& t) {
  const std::optional<TypedDigits> digits = DigitsOf(t);
  const std::optional<double> value = ParseNumber(t);
  if (!digits || !value || !std::isfinite(*value)) return Unreadable(QMsg::kNotANumber);
  const double exact = q.answer.number;
  if (digits->significant == 0)  // a typed zero: right only for an exact zero
    return std::abs(exact) <= q.tolerance ? Right(q) : Wrong();
  const double half_unit = 0.5 * std::pow(10.0, digits->last_exponent);
  // A relative hair on the half unit so that "1.25" stays right for an
  // exact 1.245 whose double is a hair below it.
  const bool close = std::abs(*value - exact) <= half_unit * (1 + 1e-9) + q.tolerance;
  if (!close) return Wrong();
  const int needed = DigitsNeeded(exact, q.tolerance);
  if (digits->significant < needed)
    return Unreadable(QMsg::kTooFewDigits, {{"n", std::to_string(needed)}});
  return Right(q);
}

Verdict GradeIntegers(const Question& q, const std::string& t) {
  std::vector<int64_t> got;
  std::string token;
  auto flush = [&]() -> bool {
    if (token.empty()) return true;
    if (token.size() > 12) return false;
    for (char ch : token)
      if (ch < '0' || ch > '9') return false;
    got.push_back(std::atoll(token.c_str()));
    token.clear();
    return true;
  };
  for (char ch : t) {
    if (ch == 'x' || ch == 'X' || ch == '*' || ch == ',' || ch == ' ') {
      if (!flush())
        return Unreadable(QMsg::kNotIntegers, {{"n", std::to_string(q.answer.integers.size())}});
    } else {
      token += ch;
    }
  }
  if (!flush() || got.size() != q.answer.integers.size())
    return Unreadable(QMsg::kNotIntegers, {{"n", std::to_string(q.answer.integers.size())}});
  return got == q.answer.integers ? Right(q) : Wrong();
}

Verdict GradeChoiceText(const Question& q, const std::string& t) {
  const int n = static_cast<int>(q.choices.size());
  int index = -1;
  if (t.size() == 1 && t[0] >= 'A' && t[0] < 'A' + n) index = t[0] - 'A';
  if (t.size() == 1 && t[0] >= 'a' && t[0] < 'a' + n) index = t[0] - 'a';
  if (index < 0 && !t.empty() && t.size() <= 2 &&
      std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    index = std::atoi(t.c_str()) - 1;
  return GradeChoice(q, index);
}

}  // namespace

Verdict Grade(const Question& q, std::string_view typed) {
  const std::string t = Normalise(typed);
  switch (q.answer.type) {
    case AnswerType::kNumber: return GradeNumber(q, t);
    case AnswerType::kIntegers: return GradeIntegers(q, t);
    case AnswerType::kChoice: return GradeChoiceText(q, t);
    case AnswerType::kCells: break;
  }
  return Unreadable(QMsg::kNoCells);
}

Verdict GradeChoice(const Question& q, int choice) {
  const int n = static_cast<int>(q.choices.size());
  if (q.answer.type != AnswerType::kChoice || choice < 0 || choice >= n)
    return Unreadable(QMsg::kNotAChoice, {{"n", std::to_string(n)}});
  return choice == q.answer.choice ? Right(q) : Wrong();
}

Verdict GradeCells(const Question& q, std::span<const Cell> cells) {
  if (q.answer.type != AnswerType::kCells || cells.empty()) return Unreadable(QMsg::kNoCells);
  const steps::TensorId tensor =
      q.answer.cells.empty() ? steps::TensorId::kGradOutput : q.answer.cells.front().tensor;
  std::vector<Cell> got(cells.begin(), cells.end());
  for (const Cell& c : got)
    if (c.tensor != tensor)
      return Unreadable(QMsg::kWrongTensor, {{"sym", steps::Symbol(tensor, steps::Form::kPlain)}});
  std::sort(got.begin(), got.end(), CellLess);
  got.erase(std::unique(got.begin(), got.end()), got.end());
  if (got == q.answer.cells) return Right(q);
  size_t extra = 0, missing = 0;
  for (const Cell& c : got)
    if (!std::binary_search(q.answer.cells.begin(), q.answer.cells.end(), c, CellLess)) ++extra;
  for (const Cell& c : q.answer.cells)
    if (!std::binary_search(got.begin(), got.end(), c, CellLess)) ++missing;
  Verdict v;
  v.message = BothLangs(QMsg::kCellsWrong,
                        {{"extra", std::to_string(extra)}, {"missing", std::to_string(missing)}});
  return v;
}

std::string AnswerText(const Question& q, Lang lang) {
  const Answer& a = q.answer;
  switch (a.type) {
    case AnswerType::kNumber: return NumberText(a.number);
    case AnswerType::kIntegers: {
      std::string out;
      for (size_t k = 0; k < a.integers.size(); ++k)
        out += (k ? " × " : "") + std::to_string(a.integers[k]);
      return out;
    }
    case AnswerType::kChoice:
      if (a.choice < 0 || a.choice >= static_cast<int>(q.choices.size())) return "";
      return std::string(1, static_cast<char>('A' + a.choice)) + ". " +
             q.choices[static_cast<size_t>(a.choice)].text[static_cast<size_t>(lang)];
    case AnswerType::kCells: return CellListText(a.cells, a.cells.size());
  }
  return "";
}

}  // namespace convbp::quiz
