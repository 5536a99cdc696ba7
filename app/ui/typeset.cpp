#include "typeset.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

namespace convbp::app {

namespace {

// Parse tree. A Row is a sequence of atoms laid out left to right.
struct Node;
using Row = std::vector<std::unique_ptr<Node>>;

enum class Kind { kText, kScripts, kSum, kFrac, kTerm, kHighlight, kGroup };

struct Node {
  Kind kind = Kind::kText;
  std::string text;    // kText
  Row base, sup, sub;  // kScripts (base), kSum (sub = lower, sup = upper)
  Row num, den;        // kFrac
  Row body;            // kTerm, kHighlight, kGroup
  int id = 0;          // kTerm
};

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  Row ParseRow(bool until_brace) {
    Row row;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '}') {
        if (until_brace) {
          ++pos_;
          return row;
        }
        ++pos_;  // stray brace: ignore
        continue;
      }
      if (c == '^' || c == '_') {
        ++pos_;
        Row arg = ParseArgument();
        AttachScript(row, c == '^', std::move(arg));
        continue;
      }
      if (c == '\\') {
        row.push_back(ParseCommand());
        continue;
      }
      if (c == '{') {
        ++pos_;
        auto g = std::make_unique<Node>();
        g->kind = Kind::kGroup;
        g->body = ParseRow(true);
        row.push_back(std::move(g));
        continue;
      }
      // A run of plain text up to the next special character. Scripts bind
      // to the last UTF-8 character only, so split the run there.
      size_t end = pos_;
      while (end < s_.size() && std::string_view("^_\\{}").find(s_[end]) == std::string_view::npos)
        ++end;
      std::string_view run = s_.substr(pos_, end - pos_);
      pos_ = end;
      if (pos_ < s_.size() && (s_[pos_] == '^' || s_[pos_] == '_')) {
        // Scripts bind to the word that ends the run (pz, rot180W, δ).
        const size_t cut = WordStart(run);
        if (cut > 0) row.push_back(TextNode(run.substr(0, cut)));
        row.push_back(TextNode(run.substr(cut)));
      } else {
        row.push_back(TextNode(run));
      }
    }
    return row;
  }

 private:
  // Start of the last word of `run`: ASCII letters and digits, and non-ASCII
  // letters (Greek, ∂), but not the operators ·, −, …, →, ←.
  static size_t WordStart(std::string_view run) {
    static constexpr std::string_view kOperators[] = {"·", "−", "…", "→", "←", "≤", "Σ", "°"};
    size_t start = run.size();
    while (start > 0) {
      size_t ch = start - 1;
      while (ch > 0 && (static_cast<unsigned char>(run[ch]) & 0xC0) == 0x80) --ch;
      const std::string_view c = run.substr(ch, start - ch);
      bool word = c.size() > 1 || std::isalnum(static_cast<unsigned char>(c[0]));
      for (std::string_view op : kOperators) word = word && c != op;
      if (!word) break;
      start = ch;
    }
    return start == run.size() ? 0 : start;  // no word: the whole run carries the script
  }

  static std::unique_ptr<Node> TextNode(std::string_view t) {
    auto n = std::make_unique<Node>();
    n->text = std::string(t);
    return n;
  }

  Row ParseArgument() {
    if (pos_ < s_.size() && s_[pos_] == '{') {
      ++pos_;
      return ParseRow(true);
    }
    // A single UTF-8 character.
    size_t end = pos_ + 1;
    while (end < s_.size() && (static_cast<unsigned char>(s_[end]) & 0xC0) == 0x80) ++end;
    Row r;
    r.push_back(TextNode(s_.substr(pos_, end - pos_)));
    pos_ = std::min(end, s_.size());
    return r;
  }

  static void AttachScript(Row& row, bool sup, Row arg) {
    Node* target = row.empty() ? nullptr : row.back().get();
    if (target && (target->kind == Kind::kScripts || target->kind == Kind::kSum)) {
      (sup ? target->sup : target->sub) = std::move(arg);
      return;
    }
    auto n = std::make_unique<Node>();
    n->kind = Kind::kScripts;
    if (!row.empty()) {
      n->base.push_back(std::move(row.back()));
      row.pop_back();
    }
    (sup ? n->sup : n->sub) = std::move(arg);
    row.push_back(std::move(n));
  }

  std::unique_ptr<Node> ParseCommand() {
    ++pos_;  // backslash
    size_t end = pos_;
    while (end < s_.size() && std::isalpha(static_cast<unsigned char>(s_[end]))) ++end;
    const std::string_view name = s_.substr(pos_, end - pos_);
    pos_ = end;
    auto n = std::make_unique<Node>();
    if (name == "sum") {
      n->kind = Kind::kSum;
    } else if (name == "frac") {
      n->kind = Kind::kFrac;
      n->num = ParseArgument();
      n->den = ParseArgument();
    } else if (name == "term") {
      n->kind = Kind::kTerm;
      Row id = ParseArgument();
      n->id = id.empty() ? 0 : std::atoi(id[0]->text.c_str());
      n->body = ParseArgument();
    } else if (name == "hl") {
      n->kind = Kind::kHighlight;
      n->body = ParseArgument();
    } else {
      n->text = "\\" + std::string(name);  // unknown: shown as written
    }
    return n;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

struct Box {
  float w = 0, asc = 0, desc = 0;
};

class Layout {
 public:
  Layout(ImDrawList* dl, ImFont* font, ImU32 colour, ImU32 highlight, int hot)
      : dl_(dl), font_(font), colour_(colour), highlight_(highlight), hot_(hot) {}

  // Measures (and draws when `draw`) a row at baseline (x, y).
  Box RowBox(const Row& row, float size, float x, float y, bool draw) {
    Box b;
    for (const auto& n : row) {
      const Box nb = NodeBox(*n, size, x + b.w, y, draw);
      b.w += nb.w;
      b.asc = std::max(b.asc, nb.asc);
      b.desc = std::max(b.desc, nb.desc);
    }
    if (row.empty()) b.asc = size * 0.75f, b.desc = size * 0.25f;
    return b;
  }

  std::vector<TermBox> terms;

 private:
  Box NodeBox(const Node& n, float size, float x, float y, bool draw) {
    switch (n.kind) {
      case Kind::kText: {
        const ImVec2 ext = font_->CalcTextSizeA(size, 1e9f, 0, n.text.c_str());
        if (draw && dl_) dl_->AddText(font_, size, {x, y - size * 0.78f}, colour_, n.text.c_str());
        return {ext.x, size * 0.78f, size * 0.22f};
      }
      case Kind::kGroup: return RowBox(n.body, size, x, y, draw);
      case Kind::kScripts: {
        const Box base = RowBox(n.base, size, x, y, draw);
        const float small = size * 0.68f;
        const Box sup = RowBox(n.sup, small, x + base.w, y - size * 0.42f, draw && !n.sup.empty());
        const Box sub = RowBox(n.sub, small, x + base.w, y + size * 0.22f, draw && !n.sub.empty());
        Box b = base;
        b.w += std::max(n.sup.empty() ? 0 : sup.w, n.sub.empty() ? 0 : sub.w) + size * 0.05f;
        if (!n.sup.empty()) b.asc = std::max(b.asc, size * 0.42f + sup.asc);
        if (!n.sub.empty()) b.desc = std::max(b.desc, size * 0.22f + sub.desc);
        return b;
      }
      case Kind::kSum: {
        const float big = size * 1.45f, small = size * 0.62f;
        const ImVec2 sigma = font_->CalcTextSizeA(big, 1e9f, 0, "Σ");
        const Box hi = RowBox(n.sup, small, 0, 0, false);
        const Box lo = RowBox(n.sub, small, 0, 0, false);
        const float w = std::max({sigma.x, n.sup.empty() ? 0 : hi.w, n.sub.empty() ? 0 : lo.w});
        const float sig_asc = big * 0.72f, sig_desc = big * 0.2f;
        if (draw && dl_) {
          dl_->AddText(font_, big, {x + (w - sigma.x) / 2, y - big * 0.76f}, colour_, "Σ");
          if (!n.sup.empty())
            RowBox(n.sup, small, x + (w - hi.w) / 2, y - sig_asc - hi.desc - 1, true);
          if (!n.sub.empty())
            RowBox(n.sub, small, x + (w - lo.w) / 2, y + sig_desc + lo.asc + 1, true);
        }
        return {w + size * 0.2f, sig_asc + (n.sup.empty() ? 0 : hi.asc + hi.desc + 1),
                sig_desc + (n.sub.empty() ? 0 : lo.asc + lo.desc + 1)};
      }
      case Kind::kFrac: {
        const float s = size * 0.9f, axis = size * 0.3f, gap = size * 0.12f;
        const Box num = RowBox(n.num, s, 0, 0, false);
        const Box den = RowBox(n.den, s, 0, 0, false);
        const float w = std::max(num.w, den.w) + size * 0.3f;
        if (draw && dl_) {
          RowBox(n.num, s, x + (w - num.w) / 2, y - axis - gap - num.desc, true);
          RowBox(n.den, s, x + (w - den.w) / 2, y - axis + gap + den.asc, true);
          dl_->AddLine({x + size * 0.1f, y - axis}, {x + w - size * 0.1f, y - axis}, colour_,
                       std::max(1.0f, size / 14));
        }
        return {w + size * 0.1f, axis + gap + num.asc + num.desc, -axis + gap + den.asc + den.desc};
      }
      case Kind::kTerm:
      case Kind::kHighlight: {
        const Box b = RowBox(n.body, size, x, y, false);
        const bool lit = n.kind == Kind::kHighlight || n.id == hot_;
        const ImVec2 lo{x - 1, y - b.asc - 1}, hi{x + b.w + 1, y + b.desc + 1};
        if (draw && dl_ && lit) dl_->AddRectFilled(lo, hi, highlight_, 3);
        RowBox(n.body, size, x, y, draw);
        if (n.kind == Kind::kTerm) terms.push_back({n.id, lo, hi});
        return b;
      }
    }
    return {};
  }

  ImDrawList* dl_;
  ImFont* font_;
  ImU32 colour_, highlight_;
  int hot_;
};

}  // namespace

TypesetResult Typeset(ImDrawList* dl, ImFont* font, float size, ImVec2 origin, ImU32 colour,
                      ImU32 highlight, std::string_view tex, int hot_term) {
  Parser parser(tex);
  const Row row = parser.ParseRow(false);
  Layout layout(dl, font, colour, highlight, hot_term);
  const Box b = layout.RowBox(row, size, origin.x, origin.y, dl != nullptr);
  TypesetResult r;
  r.width = b.w, r.ascent = b.asc, r.descent = b.desc;
  r.terms = std::move(layout.terms);
  return r;
}

std::vector<TermBox> TypesetItem(std::string_view tex, float scale, int hot_term) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * scale;
  const ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 highlight = IM_COL32(120, 90, 0, 255);
  const TypesetResult m = Typeset(nullptr, font, size, {0, 0}, colour, highlight, tex, hot_term);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::Dummy({m.width, m.ascent + m.descent});
  const TypesetResult d = Typeset(ImGui::GetWindowDrawList(), font, size, {at.x, at.y + m.ascent},
                                  colour, highlight, tex, hot_term);
  return d.terms;
}

}  // namespace convbp::app
