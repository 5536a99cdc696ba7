// A worksheet a teacher can hand out as is: the layer described at the top
// (sizes, stride, padding, dilation, groups, the numbers of x, W, b, δ as
// small tables, how indices are written), the numbered questions, then a
// separate answer key with the working. Markdown, one language.
#pragma once

#include <string>
#include <vector>

#include "quiz.h"

namespace convbp::quiz {

struct WorksheetInfo {
  Lang lang = Lang::kEn;
  // The layer the case file holds is transposed: the questions are about
  // its adjoint conv (`problem` below), and the sheet says so.
  bool transposed = false;
  // The command that made the sheet ("" to leave it out).
  std::string command;
};

// `problem`/`results` are those the questions were generated on.
std::string WorksheetMarkdown(const Problem<double>& problem, const Results<double>& results,
                              const std::vector<Question>& questions, const WorksheetInfo& info);

}  // namespace convbp::quiz
