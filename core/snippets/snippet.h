// "Copy as PyTorch" / "Copy as NumPy": a self-contained Python script that
// rebuilds a problem's tensors and prints the same gradients as
// `convbp-cli compute` (the keys loss, output, grad_output, grad_bias,
// grad_weight, grad_input as one JSON object, numbers as Python floats with
// 17 significant digits, so a reader can diff the two).
//
// The NumPy script spells out the derived route of the seed (zero insertion,
// outer padding, rot180, sliding window, crop); the PyTorch one uses
// autograd on F.conv2d. Core only: no GL, no ImGui, no JSON library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "problem.h"

namespace convbp::snippets {

enum class SnippetLang { kTorch, kNumpy };

std::optional<SnippetLang> ParseSnippetLang(std::string_view name);  // "torch" | "numpy"

// Precondition: the problem passes ValidateShape / ValidateProblemTensors.
std::string MakeSnippet(const Problem<double>& problem, SnippetLang lang);

// "" when `lang` can write this problem, else one line saying why: the
// NumPy script spells out the plain conv (dilation 1, groups 1, not
// transposed); PyTorch writes every case.
std::string SnippetSupports(const Problem<double>& problem, SnippetLang lang);

}  // namespace convbp::snippets
