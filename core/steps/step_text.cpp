#include "step_text.h"

#include <charconv>
#include <cstdio>

#include "messages.h"
#include "notation.h"
#include "number_text.h"

namespace convbp::steps {

namespace {

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(ch));
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string JsonNumber(double v) { return FormatNumber(v, NumberStyle::kExport); }

// JSON keeps the storage order (PyTorch OIHW [d,c,m,n] for kernels).
std::string JsonCell(const Cell& c) {
  return "{\"tensor\":" + JsonString(TensorName(c.tensor)) + ",\"cell\":[" +
         JoinIndices(StorageIndices(c)) + "]";
}

std::string JsonOperand(const Cell& c, double value) {
  return JsonCell(c) + ",\"value\":" + JsonNumber(value) + "}";
}

size_t LangIndex(Lang lang) { return lang == Lang::kZh ? 1 : 0; }

std::optional<uint64_t> ParseU64(std::string_view s) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string StepTextLine(const Step& st, Lang lang) {
  std::string line = st.formula[LangIndex(lang)].indices;
  const std::string& note = st.note[LangIndex(lang)];
  if (!note.empty()) line += Message(Msg::kTextNote, lang, {{"note", note}});
  return line;
}

std::string StepJsonLine(const Step& st, Lang lang) {
  std::string o =
      "{\"scene\":" + JsonString(SceneName(st.scene)) +
      ",\"stage\":" + JsonString(StageName(st.stage)) +
      ",\"granularity\":" + JsonString(st.granularity == Granularity::kWindow ? "window" : "mac") +
      ",\"index\":" + std::to_string(st.index) + ",\"count\":" + std::to_string(st.count) +
      ",\"window\":" + std::to_string(st.window) + ",\"term\":" + std::to_string(st.term) +
      ",\"target\":" + JsonCell(st.target) + "},\"terms\":[";
  for (size_t k = 0; k < st.terms.size(); ++k) {
    const Term& t = st.terms[k];
    if (k) o += ',';
    o += "{\"a\":" + JsonOperand(t.a.cell, t.a.value) +
         ",\"b\":" + JsonOperand(t.b.cell, t.b.value) + ",\"product\":" + JsonNumber(t.product);
    if (t.target.tensor != TensorId::kNone)
      o += ",\"target\":" + JsonCell(t.target) + "},\"accumulated\":" + JsonNumber(t.accumulated);
    if (t.window.tensor != TensorId::kNone) o += ",\"window\":" + JsonCell(t.window) + "}";
    o += '}';
  }
  o += "],\"sum\":" + JsonNumber(st.sum);
  if (st.has_bias) o += ",\"bias\":" + JsonNumber(st.bias);
  if (st.is_move)
    o += ",\"from\":" + JsonOperand(st.move.from, st.move.value) +
         ",\"to\":" + JsonOperand(st.move.to, st.move.value);
  if (st.no_weight) o += ",\"no_weight\":true";
  const Formula& f = st.formula[LangIndex(lang)];
  o += ",\"formula\":{\"indices\":" + JsonString(f.indices) +
       ",\"numbers\":" + JsonString(f.numbers) + "}";
  const std::string& note = st.note[LangIndex(lang)];
  if (!note.empty()) o += ",\"note\":" + JsonString(note);
  return o + "}";
}

std::string CountsTextLine(const ConvShape& s, Scene scene, Stage stage, Lang lang) {
  const std::string windows = std::to_string(StepCount(s, scene, stage, Granularity::kWindow));
  const std::string macs = std::to_string(StepCount(s, scene, stage, Granularity::kMac));
  const std::string name = std::string(SceneName(scene)) + "/" + StageName(stage);
  return Message(Msg::kCountsLine, lang, {{"stage", name}, {"windows", windows}, {"macs", macs}});
}

std::string CountsJsonLine(const ConvShape& s, Scene scene, Stage stage) {
  return "{\"scene\":" + JsonString(SceneName(scene)) +
         ",\"stage\":" + JsonString(StageName(stage)) +
         ",\"windows\":" + std::to_string(StepCount(s, scene, stage, Granularity::kWindow)) +
         ",\"macs\":" + std::to_string(StepCount(s, scene, stage, Granularity::kMac)) + "}";
}

std::string ParseStepsArgs(const std::vector<std::string_view>& args, StepsQuery* q) {
  bool have_scene = false;
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string_view a = args[k];
    const bool has_value = k + 1 < args.size();
    auto value = [&]() { return args[++k]; };
    if (a == "--json") {
      q->json = true;
    } else if (a == "--count") {
      // An optional number: "--count" alone asks for the counts per stage.
      std::optional<uint64_t> n;
      if (has_value) n = ParseU64(args[k + 1]);
      if (n) {
        ++k;
        if (*n == 0) return "--count must be at least 1";
        q->count = n;
      } else {
        q->counts_only = true;
      }
    } else if (a == "--scene" || a == "--stage" || a == "--from" || a == "--granularity" ||
               a == "--lang") {
      if (!has_value) return std::string(a) + " needs a value";
      const std::string_view v = value();
      if (a == "--scene") {
        const auto scene = ParseScene(v);
        if (!scene) return "--scene " + std::string(v) + " is unknown (" + SceneNameList() + ")";
        q->scene = *scene;
        have_scene = true;
      } else if (a == "--stage") {
        const auto stage = ParseStage(v);
        if (!stage) return "--stage " + std::string(v) + " is unknown (" + StageNameList() + ")";
        q->stage = stage;
      } else if (a == "--from") {
        const auto n = ParseU64(v);
        if (!n) return "--from " + std::string(v) + " is not a step number (0, 1, 2, …)";
        q->from = *n;
      } else if (a == "--granularity") {
        if (v == "window") q->granularity = Granularity::kWindow;
        else if (v == "mac") q->granularity = Granularity::kMac;
        else return "--granularity " + std::string(v) + " is unknown (window, mac)";
      } else {
        if (v == "en") q->lang = Lang::kEn;
        else if (v == "zh") q->lang = Lang::kZh;
        else return "--lang " + std::string(v) + " is unknown (en, zh)";
      }
    } else {
      return "unknown option " + std::string(a) + " for steps";
    }
  }
  if (!have_scene) return "steps needs --scene (forward, bias, weight, input, matrix)";
  if (q->counts_only && q->from != 0) return "--count with no number prints counts; drop --from";
  return "";
}

int RunStepsQuery(const Problem<double>& p, const Results<double>& r, const StepsQuery& q,
                  std::ostream& out, std::string* error) {
  const ConvShape& s = p.shape;
  StageList stages;
  if (q.stage) {
    stages.items[0] = *q.stage;
    stages.size = 1;
  } else {
    stages = StagesOf(s, q.scene);
  }
  // Validate every stage and range before writing anything.
  for (Stage stage : stages) {
    std::string why = CheckStepQuery(s, q.scene, stage, q.from, q.granularity);
    if (why.empty() && q.count) {
      const uint64_t n = StepCount(s, q.scene, stage, q.granularity);
      if (*q.count > n - q.from)
        why = "steps " + std::to_string(q.from) + ".." + std::to_string(q.from + *q.count - 1) +
              " are out of range: " + SceneName(q.scene) + "/" + StageName(stage) + " has " +
              std::to_string(n) + " steps (0.." + std::to_string(n - 1) + ")";
    }
    if (!why.empty()) {
      *error = why;
      return 2;
    }
  }
  Step st;
  for (Stage stage : stages) {
    if (q.counts_only) {
      out << (q.json ? CountsJsonLine(s, q.scene, stage)
                     : CountsTextLine(s, q.scene, stage, q.lang))
          << '\n';
      continue;
    }
    const uint64_t n = StepCount(s, q.scene, stage, q.granularity);
    const uint64_t end = q.count ? q.from + *q.count : n;
    for (uint64_t k = q.from; k < end; ++k) {
      StepAt(p, r, q.scene, stage, k, q.granularity, &st);
      out << (q.json ? StepJsonLine(st, q.lang) : StepTextLine(st, q.lang)) << '\n';
    }
  }
  return 0;
}

}  // namespace convbp::steps
