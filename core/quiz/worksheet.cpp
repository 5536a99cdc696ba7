#include "worksheet.h"

#include <algorithm>

#include "notation.h"
#include "question_text.h"
#include "quiz_messages.h"

namespace convbp::quiz {

namespace {

using steps::TensorId;

// Tables are printed when every one of them is at most this many rows and
// columns and there are at most kMaxTables of them.
constexpr int kMaxTableSide = 12;
constexpr int kMaxTables = 16;

std::string I(int v) { return std::to_string(v); }

// A rows × cols Markdown table of `at(r, c)`, rows and columns numbered.
template <typename At>
std::string Table(const std::string& title, const char* row_name, const char* col_name, int rows,
                  int cols, const At& at) {
  std::string out = "**" + title + "**\n\n| " + row_name + "\\" + col_name + " |";
  for (int c = 0; c < cols; ++c) out += " " + I(c) + " |";
  out += "\n|---|";
  for (int c = 0; c < cols; ++c) out += "---:|";
  out += "\n";
  for (int r = 0; r < rows; ++r) {
    out += "| **" + I(r) + "** |";
    for (int c = 0; c < cols; ++c) out += " " + NumberText(at(r, c)) + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string LayerSection(const Problem<double>& p, const Results<double>& r,
                         const WorksheetInfo& info) {
  const ConvShape& s = p.shape;
  const Lang lang = info.lang;
  std::string out;
  if (info.transposed) out += QMessage(QMsg::kSheetTransposed, lang) + "\n\n";
  out += QMessage(QMsg::kSheetLayer, lang,
                  {{"cin", I(s.c_in)},
                   {"h", I(s.h)},
                   {"w", I(s.w)},
                   {"cout", I(s.c_out)},
                   {"k1", I(s.k1)},
                   {"k2", I(s.k2)},
                   {"s1", I(s.s1)},
                   {"s2", I(s.s2)}});
  // Sentences follow each other with a space in English, none in Chinese.
  const std::string gap = lang == Lang::kZh ? "" : " ";
  if (s.p1 || s.p2)
    out += gap + QMessage(QMsg::kSheetPadding, lang, {{"p1", I(s.p1)}, {"p2", I(s.p2)}});
  if (s.d1 > 1 || s.d2 > 1)
    out += gap + QMessage(QMsg::kSheetDilation, lang, {{"d1", I(s.d1)}, {"d2", I(s.d2)}});
  if (s.groups > 1) out += gap + QMessage(QMsg::kSheetGroups, lang, {{"g", I(s.groups)}});
  out += "\n\n" + QMessage(QMsg::kSheetIndices, lang) + "\n\n";

  const int tables = s.c_in + s.c_out * s.GroupInChannels() + s.c_out;
  const bool small = tables <= kMaxTables &&
                     std::max({s.h, s.w, s.Ho(), s.Wo()}) <= kMaxTableSide &&
                     std::max(s.k1, s.k2) <= kMaxTableSide;
  if (!small) return out + QMessage(QMsg::kSheetTooLarge, lang) + "\n\n";
  for (int c = 0; c < s.c_in; ++c)
    out += Table(QMessage(QMsg::kSheetInputTable, lang, {{"c", I(c)}}), "y", "x", s.h, s.w,
                 [&](int y, int x) { return p.input(c, y, x); });
  for (int d = 0; d < s.c_out; ++d)
    for (int c = 0; c < s.GroupInChannels(); ++c)
      out += Table(QMessage(QMsg::kSheetWeightTable, lang, {{"c", I(c)}, {"d", I(d)}}), "m", "n",
                   s.k1, s.k2, [&](int m, int n) { return p.weight(d, c, m, n); });
  out += "**" + QMessage(QMsg::kSheetBias, lang) + "**: ";
  for (int d = 0; d < s.c_out; ++d)
    out += (d ? ", " : "") + std::string("b[") + I(d) + "] = " + NumberText(p.bias(d));
  out += "\n\n";
  for (int d = 0; d < s.c_out; ++d)
    out += Table(QMessage(QMsg::kSheetDeltaTable, lang, {{"d", I(d)}}), "i", "j", s.Ho(), s.Wo(),
                 [&](int i, int j) { return r.grad_output(d, i, j); });
  return out;
}

}  // namespace

std::string WorksheetMarkdown(const Problem<double>& problem, const Results<double>& results,
                              const std::vector<Question>& questions, const WorksheetInfo& info) {
  const Lang lang = info.lang;
  const size_t l = static_cast<size_t>(lang);
  std::string out = "# " + QMessage(QMsg::kSheetTitle, lang) + "\n\n";
  if (!info.command.empty())
    out += "*" + QMessage(QMsg::kSheetCommand, lang, {{"command", info.command}}) + "*\n\n";
  out += LayerSection(problem, results, info);

  out += "## " + QMessage(QMsg::kSheetQuestions, lang) + "\n\n" +
         QMessage(QMsg::kSheetNumbers, lang) + "\n\n";
  for (size_t k = 0; k < questions.size(); ++k) {
    const Question& q = questions[k];
    out += std::to_string(k + 1) + ". " + q.prompt[l] + "\n";
    for (size_t c = 0; c < q.choices.size(); ++c)
      out +=
          "   - " + std::string(1, static_cast<char>('A' + c)) + ". " + q.choices[c].text[l] + "\n";
    out += "\n";
  }

  out += "## " + QMessage(QMsg::kSheetAnswerKey, lang) + "\n\n";
  for (size_t k = 0; k < questions.size(); ++k) {
    const Question& q = questions[k];
    out += std::to_string(k + 1) + ". **" + AnswerText(q, lang) + "**";
    // The working: the numbers of the sum; for a choice or a moved cell the
    // formula with indices says more (its numbers are just the answer).
    const bool by_indices = q.answer.type == AnswerType::kChoice ||
                            (q.kind == Kind::kCellValue && steps::IsMoveStage(q.stage));
    const std::string& working = by_indices ? q.hints.formula[l] : q.hints.terms[l];
    if (!working.empty()) out += " — " + QMessage(QMsg::kSheetWorking, lang) + working;
    out += "\n";
  }
  return out;
}

}  // namespace convbp::quiz
