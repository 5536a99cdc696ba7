#include "i18n.h"

#include <array>

#include "i18n_en.h"
#include "i18n_zh.h"
#include "lessons_en.h"
#include "lessons_zh.h"

namespace convbp::app {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

size_t Index(Lang lang) { return lang == Lang::kZh ? 1 : 0; }

}  // namespace

TextTable ParseTextTable(std::string_view text) {
  TextTable t;
  int line_no = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      t.errors.push_back("line " + std::to_string(line_no) + ": no '='");
      continue;
    }
    const std::string_view key = Trim(line.substr(0, eq));
    const std::string_view raw = Trim(line.substr(eq + 1));
    if (key.empty()) {
      t.errors.push_back("line " + std::to_string(line_no) + ": empty key");
      continue;
    }
    std::string value;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size() && raw[k + 1] == 'n') value += '\n', ++k;
      else value += raw[k];
    }
    const std::string label = value + "###" + std::string(key);
    if (!t.entries.emplace(std::string(key), std::move(value)).second)
      t.errors.push_back("line " + std::to_string(line_no) + ": duplicate key " + std::string(key));
    else t.labels.emplace(std::string(key), label);
  }
  return t;
}

std::string_view UiTableText(Lang lang) { return lang == Lang::kZh ? kI18nZh : kI18nEn; }
std::string_view LessonTableText(Lang lang) { return lang == Lang::kZh ? kLessonsZh : kLessonsEn; }

const TextTable& UiTable(Lang lang) {
  static const std::array<TextTable, 2> tables = {ParseTextTable(kI18nEn), ParseTextTable(kI18nZh)};
  return tables[Index(lang)];
}

const TextTable& LessonTable(Lang lang) {
  static const std::array<TextTable, 2> tables = {ParseTextTable(kLessonsEn),
                                                  ParseTextTable(kLessonsZh)};
  return tables[Index(lang)];
}

const char* T(Lang lang, std::string_view key) {
  const auto& entries = UiTable(lang).entries;
  const auto it = entries.find(key);
  return it != entries.end() ? it->second.c_str() : "?";
}

const char* TL(Lang lang, std::string_view key) {
  const auto& labels = UiTable(lang).labels;
  const auto it = labels.find(key);
  return it != labels.end() ? it->second.c_str() : "?";
}

std::string Fmt(std::string_view tmpl, const FmtArgs& args) {
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (size_t k = 0; k < tmpl.size(); ++k) {
    const size_t close = tmpl[k] == '{' ? tmpl.find('}', k) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += tmpl[k];
      continue;
    }
    const std::string_view inside = tmpl.substr(k + 1, close - k - 1);
    // {n}, {n|one|many} (with the number) or {n?one|many} (without).
    const size_t bar = inside.find_first_of("|?");
    const bool with_number = bar == std::string_view::npos || inside[bar] == '|';
    const std::string_view name = inside.substr(0, bar);
    const std::pair<std::string_view, std::string>* arg = nullptr;
    for (const auto& a : args)
      if (a.first == name) arg = &a;
    if (!arg) {  // not a placeholder (e.g. "z^{l-1}"): keep as written
      out += tmpl[k];
      continue;
    }
    if (bar == std::string_view::npos) {
      out += arg->second;
    } else {  // {n|one|many}: "1 one" / "2 many"
      const std::string_view forms = inside.substr(bar + 1);
      const size_t bar2 = forms.find('|');
      const std::string_view one = forms.substr(0, bar2);
      const std::string_view many = bar2 == std::string_view::npos ? one : forms.substr(bar2 + 1);
      if (with_number) out += arg->second + ' ';
      out += arg->second == "1" ? one : many;
    }
    k = close;
  }
  return out;
}

std::string TF(Lang lang, std::string_view key, const FmtArgs& args) {
  return Fmt(T(lang, key), args);
}

}  // namespace convbp::app
