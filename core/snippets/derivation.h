// "Copy derivation": one step of the step model written out as LaTeX or as
// Markdown — the stage's general formula, then the step with its indices
// substituted, then with its numbers, and the terms one per row.
//
//   LaTeX     a commented header and display-math blocks (\[ … \]) that
//             need only amsmath; no document preamble, so it pastes into a
//             paper or slides.
//   Markdown  a heading, $$ … $$ blocks (GitHub / KaTeX) and a table of the
//             terms (index, a, b, a·b).
// Core only: no GL, no ImGui.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "step.h"

namespace convbp::snippets {

enum class DerivationFormat { kLatex, kMarkdown };

std::optional<DerivationFormat> ParseDerivationFormat(
    std::string_view name);  // "latex" | "markdown"

// Long sums keep their first `max_terms` terms, then \cdots and the last one;
// the Markdown table lists at most `max_rows` terms.
struct DerivationOptions {
  int max_terms = 8;
  int max_rows = 64;
};

// `step` comes from steps::StepAt on `shape`'s problem (formulas not needed).
std::string MakeDerivation(const ConvShape& shape, const steps::Step& step, DerivationFormat format,
                           steps::Lang lang = steps::Lang::kEn,
                           const DerivationOptions& options = {});

}  // namespace convbp::snippets
