// convbp-cli snippet CASE.json [--lang torch|numpy]: a self-contained Python
// script that rebuilds the case's tensors and prints the same gradients as
// `compute` (core/snippets/snippet.h).
#include <iostream>

#include "commands.h"
#include "snippet.h"

namespace convbp::cli {

namespace {
constexpr FlagSpec kFlags[] = {{"--lang", "L"}};
}  // namespace

const CommandInfo kSnippetInfo = {
    "snippet",
    "print a PyTorch or NumPy script that rebuilds the case and its gradients",
    "usage: convbp-cli snippet CASE.json [--lang torch|numpy]\n"
    "\n"
    "Prints a self-contained Python 3 script with the case's input, weight, bias\n"
    "(and target or grad_output) written out. Run it and it prints one JSON object\n"
    "with loss, output, grad_output, grad_bias, grad_weight and grad_input — the\n"
    "same keys and values (to rounding) as `convbp-cli compute CASE.json`.\n"
    "\n"
    "flags:\n"
    "  --lang L    torch (default): F.conv2d and autograd;\n"
    "              numpy: the derivation spelled out (zero insertion, padding,\n"
    "              rot180, sliding window, crop)\n"
    "  -h, --help  this text\n"
    "\n"
    "Exit 0, or 2 with one line on stderr for a bad case or flag.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunSnippet(const Args& args) {
  snippets::SnippetLang lang = snippets::SnippetLang::kTorch;
  if (const std::string* v = args.Value("--lang")) {
    const auto parsed = snippets::ParseSnippetLang(*v);
    if (!parsed) return Fail("convbp-cli snippet: --lang '" + *v + "': expected torch or numpy");
    lang = *parsed;
  }
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  if (std::string why = snippets::SnippetSupports(c.problem, lang); !why.empty())
    return Fail("convbp-cli snippet: " + why);
  std::cout << snippets::MakeSnippet(c.problem, lang);
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
