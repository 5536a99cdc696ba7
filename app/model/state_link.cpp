#include "state_link.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "app_state.h"
#include "case_io.h"
#include "json_text.h"

namespace convbp::app {

namespace fs = std::filesystem;

const std::vector<std::string>& LinkParameterNames() {
  static const std::vector<std::string> names = {
      "input",  "out-channels", "kernel",         "stride", "padding", "dilation",
      "groups", "mode",         "output-padding", "values", "seed",    "scene",
      "stage",  "step",         "progress",       "lang",   "case",    "pair"};
  return names;
}

namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The query of a URL: after the first '?', before '#'.
std::string_view QueryOf(std::string_view url) {
  const size_t question = url.find('?');
  if (question != std::string_view::npos) url.remove_prefix(question + 1);
  const size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  return url;
}

// case=CASE.json: checked now, so a bad case is named like any bad
// parameter, then handed to the loader as a file.
std::string ApplyCaseText(const std::string& text, LaunchOptions& out) {
  const json::CaseLoad loaded = json::ParseCaseText(text, "case");
  if (!loaded.ok()) return loaded.error;
  if (out.shape_given)
    return "case cannot be combined with input/out-channels/kernel/stride/padding/dilation/"
           "groups/mode/output-padding";
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path(ec);
  if (ec) return "case: no temporary folder to hold it";
  const fs::path path =
      dir / ("convbp-link-" + std::to_string(std::hash<std::string>{}(text)) + ".json");
  const std::string error = json::WriteFileAtomic(path, text);
  if (!error.empty()) return "case: " + error;
  out.case_path = path.string();
  out.given.insert("--case");
  return "";
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '+') {
      out += ' ';
    } else if (text[k] == '%' && k + 2 < text.size() && HexValue(text[k + 1]) >= 0 &&
               HexValue(text[k + 2]) >= 0) {
      out += char(HexValue(text[k + 1]) * 16 + HexValue(text[k + 2]));
      k += 2;
    } else {
      out += text[k];  // a stray '%' stays itself
    }
  }
  return out;
}

std::vector<std::string> ApplyLink(std::string_view url, LaunchOptions& out) {
  std::vector<std::string> warnings;
  const auto& names = LinkParameterNames();
  std::string_view query = QueryOf(url);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    const std::string name = PercentDecode(part.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : PercentDecode(part.substr(eq + 1));
    std::string error;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      error = "unknown parameter '" + name + "'";
    } else if (name == "case") {
      LaunchOptions trial = out;
      error = ApplyCaseText(value, trial);
      if (error.empty()) out = std::move(trial);
    } else {
      // The flag parser names the flag; a link names the parameter.
      LaunchOptions trial = out;
      error = ParseLaunchOptions({"--" + name, value}, trial);
      if (error.rfind("--", 0) == 0) error.erase(0, 2);
      if (error.empty()) out = std::move(trial);
    }
    if (!error.empty()) warnings.push_back(json::SanitizeLine("link: " + error));
  }
  return warnings;
}

void InitFromLinkOptions(AppState& s, LaunchOptions options, std::vector<std::string>& warnings) {
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) s = AppState();  // a failed attempt may have set part of it
    const std::string error = InitFromLaunchOptions(s, options);
    if (error.empty()) return;
    warnings.push_back(
        json::SanitizeLine("link: " + (error.rfind("--", 0) == 0 ? error.substr(2) : error)));
    // Drop the most specific part still set and try again.
    if (options.pair) {
      options.pair.reset();
    } else if (options.step) {
      options.step.reset();
    } else if (!options.stage.empty()) {
      options.stage.clear();
    } else if (options.shape_given || !options.case_path.empty()) {
      const LaunchOptions defaults;
      options.shape = defaults.shape, options.shape_given = false;
      options.case_path.clear();
    } else {
      return;  // the defaults always load; nothing left to drop
    }
  }
}

std::string LinkToState(const AppState& s, std::string_view base) {
  std::string query;
  auto add = [&](const std::string& name, const std::string& value) {
    query += (query.empty() ? "?" : "&") + name + "=" + PercentEncode(value);
  };
  const ConvShape& e = s.layer.shape;
  const bool preset_problem =
      s.controls.loss == LossKind::kGivenGrad && s.controls.shape_error.empty() &&
      json::CaseToJsonText(s.layer) ==
          json::CaseToJsonText(
              MakePresetProblem(e, s.controls.preset, uint64_t(s.controls.seed), s.controls.loss));
  if (preset_problem) {
    add("input", std::to_string(e.c_in) + "x" + std::to_string(e.h) + "x" + std::to_string(e.w));
    add("out-channels", std::to_string(e.c_out));
    add("kernel", std::to_string(e.k1) + "x" + std::to_string(e.k2));
    add("stride", std::to_string(e.s1) + "x" + std::to_string(e.s2));
    add("padding", std::to_string(e.p1) + "x" + std::to_string(e.p2));
    // Issue 13's arguments only when they differ from Conv2d's defaults, so
    // older links stay as they were.
    if (e.d1 != 1 || e.d2 != 1) add("dilation", std::to_string(e.d1) + "x" + std::to_string(e.d2));
    if (e.groups != 1) add("groups", std::to_string(e.groups));
    if (e.mode == ConvMode::kTransposed) {
      add("mode", "transposed");
      add("output-padding", std::to_string(e.op1) + "x" + std::to_string(e.op2));
    }
    add("values", ValuePresetName(s.controls.preset));
    add("seed", std::to_string(s.controls.seed));
  } else {
    add("case", json::CaseToJsonText(s.layer));
  }
  add("scene", steps::SceneName(s.nav.scene));
  add("stage", steps::StageName(s.nav.stage));
  add("step", std::to_string(s.nav.granularity == steps::Granularity::kWindow
                                 ? s.nav.step
                                 : s.derived.window_step.index));
  if (s.nav.pair) add("pair", std::to_string(s.nav.pair->c) + "x" + std::to_string(s.nav.pair->d));
  add("lang", s.lang == steps::Lang::kZh ? "zh" : "en");
  return std::string(base) + query;
}

}  // namespace convbp::app
