// The question builders of every kind but cell_value (stage_question.cpp),
// for Generate (generate.cpp). Internal to convbp_quiz.
#pragma once

#include <optional>

#include "quiz.h"
#include "random.h"

namespace convbp::quiz {

// A random question of `kind` on this layer, or nullopt when the layer has
// none (e.g. why_zero without a zero cell).
std::optional<Question> MakeQuestion(Kind kind, const Problem<double>& problem,
                                     const Results<double>& results, Random& random);

// Does the layer have at least one question of `kind`?
bool HasQuestion(Kind kind, const Problem<double>& problem, const Results<double>& results);

}  // namespace convbp::quiz
