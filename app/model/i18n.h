// English and Chinese UI strings. The tables live in assets/i18n/{en,zh}.txt
// and assets/lessons/{en,zh}.txt and are embedded at build time, so the app
// needs no files at run time. Lookups are by key; tests check that both
// languages have the same keys and that every T("…") in app/ names one.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.h"

namespace convbp::app {

using Lang = steps::Lang;

// One parsed table: "key = value" lines, "#" comment lines, blank lines.
// "\n" in a value is a line break. Bad lines are reported in `errors`.
struct TextTable {
  std::map<std::string, std::string, std::less<>> entries;
  // Each entry's ImGui label, "text###key" (TL), made once with the table.
  std::map<std::string, std::string, std::less<>> labels;
  std::vector<std::string> errors;  // "line 12: no '='"
};
TextTable ParseTextTable(std::string_view text);

// The embedded tables.
const TextTable& UiTable(Lang lang);
const TextTable& LessonTable(Lang lang);
// The embedded source text (for the glyph and completeness tests).
std::string_view UiTableText(Lang lang);
std::string_view LessonTableText(Lang lang);

// The UI string for `key` in `lang` (the app passes AppState::lang: the
// language is state, not a global). A key missing from the table comes
// back as "?" (tests make that never happen).
const char* T(Lang lang, std::string_view key);
// The same text with "###key" appended: an ImGui label whose ID does not
// change when the language does (so widgets and windows keep their state).
const char* TL(Lang lang, std::string_view key);

// Fills {name} placeholders. "{n|zero|zeros}" gives "1 zero" / "2 zeros";
// "{n?is|are}" the word alone (English plurals; Chinese just writes "{n}").
// Braces that name no argument (as in "z^{l-1}") are kept as written.
using FmtArgs = std::vector<std::pair<std::string_view, std::string>>;
std::string Fmt(std::string_view tmpl, const FmtArgs& args);
std::string TF(Lang lang, std::string_view key, const FmtArgs& args);

}  // namespace convbp::app

namespace convbp::app {

// What the font loader found (the window records it in AppState::fonts; the
// menu reads it). Without a CJK face Chinese cannot be drawn, so the UI
// stays in English and says why.
struct FontStatus {
  bool latin = true;  // DejaVu Sans (Latin, Greek, maths)
  bool cjk = true;    // a Chinese face
  float scale = 1;    // the window's content scale the atlas was built for
};

}  // namespace convbp::app
