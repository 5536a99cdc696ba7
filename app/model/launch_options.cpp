#include "launch_options.h"

#include <charconv>
#include <cmath>

#include "export_plan.h"
#include "json_text.h"
#include "number_text.h"
#include "state_link.h"
#include "worksheet.h"

namespace convbp::app {

namespace {

bool ParseInt64(const std::string& text, int64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// "AxB" (or "AxBxC" with three parts) into positive ints.
bool ParseDims(const std::string& text, std::vector<int>& parts, size_t count, int min_value) {
  parts.clear();
  size_t start = 0;
  while (true) {
    const size_t x = text.find('x', start);
    int64_t v = 0;
    if (!ParseInt64(text.substr(start, x == std::string::npos ? x : x - start), v) ||
        v < min_value || v > 1'000'000)
      return false;
    parts.push_back(int(v));
    if (x == std::string::npos) break;
    start = x + 1;
  }
  return parts.size() == count;
}

}  // namespace

const char* LaunchUsage() {
  return "usage: convbp [options]\n"
         "  --help                      this text\n"
         "  --lang en|zh                interface language\n"
         "  --no-settings               neither restore nor save settings (they live in\n"
         "                              $XDG_CONFIG_HOME/convbp; --screenshot and --frames\n"
         "                              runs never touch them)\n"
         "problem (default: the seed's 1x5x5 input, 3x3 kernel, stride 2):\n"
         "  --case CASE.json            load a case (same format as convbp-cli)\n"
         "  --input CxHxW               input shape\n"
         "  --out-channels D            output channels\n"
         "  --kernel k1xk2              kernel size\n"
         "  --stride s1xs2              stride\n"
         "  --padding p1xp2             zero padding of the input\n"
         "  --dilation D1xD2            distance between kernel taps (default 1x1)\n"
         "  --groups g                  channel groups; g divides C_in and C_out\n"
         "  --mode conv|transposed      Conv2d, or ConvTranspose2d (the input gradient of\n"
         "                              a conv, run forward)\n"
         "  --output-padding o1xo2      transposed mode: extra bottom/right rows and\n"
         "                              columns of the output, o < max(s, D)\n"
         "  --values int|random|impulse value preset\n"
         "  --seed N                    random seed for the preset\n"
         "  --link URL                  a link to a state, as the browser page makes\n"
         "                              (?input=2x8x6&kernel=3x2&scene=input&step=20…);\n"
         "                              a bad parameter is reported, the rest loads\n"
         "where to start:\n"
         "  --scene forward|bias|weight|input|matrix\n"
         "  --stage NAME                slide, sum, dilate, pad, rotate, crop, scatter,\n"
         "                              overlap, product, transposed_product\n"
         "  --step N                    step within the stage (0-based)\n"
         "  --progress P                0..1, how far into the step's animation\n"
         "  --pair CxD                  focus the channel pair input c, output d (the\n"
         "                              channel explorer; with --step, the step wins)\n"
         "headless:\n"
         "  --screenshot OUT.png        render that state to a PNG and exit\n"
         "  --size WxH                  window / image size (default 1600x1000)\n"
         "  --frames N                  run N frames and exit\n"
         "export (a picture of the scene, rendered off-screen):\n"
         "  --export OUT.gif|OUT.png|DIR/  the scene's animation as a GIF, the --step as\n"
         "                              a PNG, or numbered PNG frames in DIR/ (every\n"
         "                              stage, or just --stage; default size 800x600)\n"
         "  --fps N                     GIF frames per second (default 12)\n"
         "  --stages a,b,c              only these stages of the scene (e.g. dilate,pad,\n"
         "                              rotate,slide)\n"
         "  --max-steps N               steps shown per stage at most, evenly spaced\n"
         "                              (default 30)\n"
         "  --worksheet N               with --export OUT.png: a worksheet of the --stage,\n"
         "                              N of its cells blanked and numbered, and OUT.md\n"
         "                              with the questions and the key\n"
         "practice:\n"
         "  --practice                  start in practice mode (P toggles it)\n";
}

namespace {

std::string ParseFlags(const std::vector<std::string>& args, LaunchOptions& o) {
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string& flag = args[k];
    if (flag == "--help" || flag == "-h") {
      o.help = true;
      continue;
    }
    if (flag == "--no-settings") {
      o.no_settings = true;
      continue;
    }
    if (flag == "--practice") {
      o.practice = true;
      continue;
    }
    if (flag.rfind("--", 0) != 0) return "unexpected argument '" + flag + "' (see --help)";
    if (k + 1 >= args.size()) return flag + " needs a value (see --help)";
    const std::string& v = args[++k];
    o.given.insert(flag);
    std::vector<int> d;
    int64_t n = 0;
    auto bad = [&](const char* rule) { return flag + " '" + v + "': " + rule; };
    if (flag == "--screenshot") {
      if (v.empty()) return bad("expected a file name");
      o.screenshot_path = v;
    } else if (flag == "--export") {
      if (!ExportKindOf(v)) return bad("expected OUT.gif, OUT.png or a directory DIR/");
      o.export_path = v;
    } else if (flag == "--worksheet") {
      if (!ParseInt64(v, n) || n < 1 || n > kMaxWorksheetBlanks)
        return bad("expected how many cells to blank, 1 to 40");
      static_assert(kMaxWorksheetBlanks == 40);
      o.worksheet_blanks = int(n);
    } else if (flag == "--fps") {
      if (!ParseInt64(v, n) || n < 1 || n > 50) return bad("expected frames per second, 1 to 50");
      o.fps = int(n);
    } else if (flag == "--stages") {
      o.export_stages = v;  // checked against the scene by RunExport
    } else if (flag == "--max-steps") {
      if (!ParseInt64(v, n) || n < 1 || n > 10000) return bad("expected a step count, 1 to 10000");
      o.max_steps = int(n);
    } else if (flag == "--size") {
      if (!ParseDims(v, d, 2, 1) || d[0] > 16384 || d[1] > 16384)
        return bad("expected WxH with 1 ≤ W, H ≤ 16384, e.g. 1600x1000");
      o.width = d[0], o.height = d[1], o.size_given = true;
    } else if (flag == "--frames") {
      if (!ParseInt64(v, n) || n < 1 || n > 100'000'000) return bad("expected a frame count ≥ 1");
      o.frames = int(n);
    } else if (flag == "--case") {
      if (v.empty()) return bad("expected a CASE.json file name");
      o.case_path = v;
    } else if (flag == "--input") {
      if (!ParseDims(v, d, 3, 1)) return bad("expected CxHxW of positive integers, e.g. 1x5x5");
      o.shape.c_in = d[0], o.shape.h = d[1], o.shape.w = d[2], o.shape_given = true;
    } else if (flag == "--out-channels") {
      if (!ParseInt64(v, n) || n < 1 || n > 1'000'000) return bad("expected a positive integer");
      o.shape.c_out = int(n), o.shape_given = true;
    } else if (flag == "--kernel") {
      if (!ParseDims(v, d, 2, 1)) return bad("expected k1xk2 of positive integers, e.g. 3x3");
      o.shape.k1 = d[0], o.shape.k2 = d[1], o.shape_given = true;
    } else if (flag == "--stride") {
      if (!ParseDims(v, d, 2, 1)) return bad("expected s1xs2 of positive integers, e.g. 2x2");
      o.shape.s1 = d[0], o.shape.s2 = d[1], o.shape_given = true;
    } else if (flag == "--padding") {
      if (!ParseDims(v, d, 2, 0)) return bad("expected p1xp2 of integers ≥ 0, e.g. 1x1");
      o.shape.p1 = d[0], o.shape.p2 = d[1], o.shape_given = true;
    } else if (flag == "--dilation") {
      if (!ParseDims(v, d, 2, 1)) return bad("expected D1xD2 of positive integers, e.g. 2x2");
      o.shape.d1 = d[0], o.shape.d2 = d[1], o.shape_given = true;
    } else if (flag == "--groups") {
      if (!ParseInt64(v, n) || n < 1 || n > 1'000'000) return bad("expected a positive integer");
      o.shape.groups = int(n), o.shape_given = true;
    } else if (flag == "--mode") {
      if (v != "conv" && v != "transposed") return bad("expected conv or transposed");
      o.shape.mode = v == "conv" ? ConvMode::kConv : ConvMode::kTransposed, o.shape_given = true;
    } else if (flag == "--output-padding") {
      if (!ParseDims(v, d, 2, 0)) return bad("expected o1xo2 of integers ≥ 0, e.g. 1x1");
      o.shape.op1 = d[0], o.shape.op2 = d[1], o.shape_given = true;
    } else if (flag == "--values") {
      const auto preset = ParseValuePreset(v);
      if (!preset) return bad("expected int, random or impulse");
      o.values = *preset;
    } else if (flag == "--seed") {
      if (!ParseInt64(v, n) || n < 0) return bad("expected an integer ≥ 0");
      o.seed = uint64_t(n);
    } else if (flag == "--scene") {
      if (v != "forward" && v != "bias" && v != "weight" && v != "input" && v != "matrix")
        return bad("expected forward, bias, weight, input or matrix");
      o.scene = v;
    } else if (flag == "--stage") {
      o.stage = v;  // checked against the scene once the problem is known
    } else if (flag == "--step") {
      if (!ParseInt64(v, n) || n < 0) return bad("expected a step index ≥ 0");
      o.step = uint64_t(n);
    } else if (flag == "--pair") {
      if (!ParseDims(v, d, 2, 0)) return bad("expected CxD of integers ≥ 0, e.g. 1x2");
      o.pair = {d[0], d[1]};
    } else if (flag == "--progress") {
      const double p = ParseNumber(v).value_or(-1);  // "C" decimal point, whatever the locale
      if (!std::isfinite(p) || p < 0 || p > 1) return bad("expected a number between 0 and 1");
      o.progress = float(p);
    } else if (flag == "--link") {
      const std::vector<std::string> refused = ApplyLink(v, o);
      o.link_warnings.insert(o.link_warnings.end(), refused.begin(), refused.end());
    } else if (flag == "--lang") {
      if (v != "en" && v != "zh") return bad("expected en or zh");
      o.lang = v;
    } else {
      return "unknown flag " + flag + " (see --help)";
    }
  }
  if (o.worksheet_blanks > 0 && ExportKindOf(o.export_path) != ExportKind::kPng)
    return "--worksheet needs --export OUT.png";
  if (o.practice && !o.export_path.empty())
    return "--practice cannot be combined with --export (a worksheet with blanks is --export "
           "OUT.png --worksheet N)";
  if (!o.export_path.empty() && !o.screenshot_path.empty())
    return "--export cannot be combined with --screenshot";
  if (!o.case_path.empty() && o.shape_given)
    return "--case cannot be combined with --input/--out-channels/--kernel/--stride/--padding/"
           "--dilation/--groups/--mode/--output-padding";
  return "";
}

}  // namespace

std::string ParseLaunchOptions(const std::vector<std::string>& args, LaunchOptions& o) {
  // Messages quote the user's flags: keep them one printable line (a flag
  // with a newline or invalid UTF-8 in it must not split the line).
  return json::SanitizeLine(ParseFlags(args, o));
}

}  // namespace convbp::app
