#include "case_reader.h"

#include <array>
#include <cmath>
#include <fstream>
#include <new>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <vector>

#include "json_text.h"
#include "shape.h"
#include "tensor_reader.h"

namespace convbp::json {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 11> kKeys = {
    "input",  "weight", "bias",     "stride", "padding",       "grad_output",
    "target", "mode",   "dilation", "groups", "output_padding"};
constexpr std::array<std::string_view, 4> kRequired = {"input", "weight", "bias", "stride"};

// Most values a valid CASE.json can hold: input, weight and the loss tensor
// (each capped by ValidateShape), bias, stride and padding.
constexpr int64_t kMaxCaseValues = 3 * kMaxTensorElements + kMaxChannels + 9;

// The deepest array a CASE.json holds: weight rows start at callback depth 4
// (object → "weight" → [C_out] → [C_in] → [k1] rows).
constexpr int kMaxDepth = 4;

constexpr Axis kInputAxes[] = {{"C_in", kMaxChannels}, {"H", kMaxSpatial}, {"W", kMaxSpatial}};
constexpr Axis kWeightAxes[] = {
    {"C_out", kMaxChannels}, {"C_in", kMaxChannels}, {"k1", kMaxKernel}, {"k2", kMaxKernel}};
constexpr Axis kBiasAxes[] = {{"C_out", kMaxChannels}};
constexpr Axis kOutputAxes[] = {{"C_out", kMaxChannels}, {"H'", kMaxSpatial}, {"W'", kMaxSpatial}};

constexpr Axis kTransposedWeightAxes[] = {
    {"C_in", kMaxChannels}, {"C_out/g", kMaxChannels}, {"k1", kMaxKernel}, {"k2", kMaxKernel}};

// "mode": "conv" (the default) or "transposed" (ConvTranspose2d).
std::string ReadMode(const nlohmann::json& root, ConvMode& mode) {
  mode = ConvMode::kConv;
  if (!root.contains("mode")) return "";
  const nlohmann::json& v = root["mode"];
  if (v == "conv") return "";
  if (v == "transposed") {
    mode = ConvMode::kTransposed;
    return "";
  }
  return "mode: must be \"conv\" or \"transposed\", got " + DescribeJson(v);
}

// "groups": one integer ≥ 1 (whether it divides C_in and C_out is
// ValidateShape's to say).
std::string ReadGroups(const nlohmann::json& v, int& groups) {
  const double d = v.is_number() ? v.get<double>() : std::nan("");
  if (!(d >= 1 && d <= kMaxChannels && d == std::floor(d)))
    return "groups: must be an integer ≥ 1 and ≤ " + std::to_string(kMaxChannels) + ", got " +
           (v.is_number() ? v.dump() : DescribeJson(v));
  groups = static_cast<int>(d);
  return "";
}

struct Abort {
  std::string why;
};

std::string ListKeys() {
  std::string s;
  for (std::string_view k : kKeys) s += (s.empty() ? "" : ", ") + std::string(k);
  return s;
}

bool KnownKey(std::string_view key) {
  for (std::string_view k : kKeys)
    if (key == k) return true;
  return false;
}

// Parser callback state: refuses excessive depth, duplicate and unknown
// keys, and more values than any valid case holds, while the DOM is still
// being built (so a hostile file never gets a deep or oversized DOM).
class Guard {
 public:
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth > kMaxDepth)
          throw Abort{Where() + "nested deeper than a CASE.json allows (at most " +
                      std::to_string(kMaxDepth) + " levels of arrays, as in weight)"};
        if (event == json::parse_event_t::object_start) keys_.emplace_back();
        break;
      case json::parse_event_t::object_end:
        keys_.pop_back();
        if (depth == 0) key_.clear();  // past the document: errors are not the last key's
        break;
      case json::parse_event_t::key: {
        const std::string& k = parsed.get_ref<const std::string&>();
        if (depth == 1) {
          if (!KnownKey(k)) throw Abort{k + ": unknown key (a CASE.json has " + ListKeys() + ")"};
          key_ = k, values_ = 0;
        }
        if (!keys_.back().insert(k).second)
          throw Abort{(depth == 1 ? k : Where() + k) + ": duplicate key"};
        break;
      }
      case json::parse_event_t::value:
        if (++values_ > kMaxTensorElements)
          throw Abort{Where() + "holds more than " + std::to_string(kMaxTensorElements) +
                      " values, over the cap"};
        if (++total_ > kMaxCaseValues)
          throw Abort{Where() + "the case holds more than " + std::to_string(kMaxCaseValues) +
                      " values, over the cap"};
        break;
      case json::parse_event_t::array_end: break;
    }
    return true;
  }
  // "input: " while inside a top-level field, "" before the first key.
  std::string Where() const { return key_.empty() ? "" : key_ + ": "; }

 private:
  std::vector<std::set<std::string>> keys_;
  std::string key_;
  int64_t values_ = 0;  // under the current top-level key
  int64_t total_ = 0;
};

// nlohmann's what() starts with "[json.exception.parse_error.101] ".
std::string StripTag(const char* what) {
  std::string s(what);
  if (s.starts_with("[json.exception.")) {
    const size_t end = s.find("] ");
    if (end != std::string::npos) s.erase(0, end + 2);
  }
  return s;
}

// The checks after parsing; returns "" or the error (without the source).
std::string BuildProblem(const json& root, Problem<double>& p) {
  if (!root.is_object())
    return "the document must be an object with input, weight, bias and stride, got " +
           DescribeJson(root);
  // Unknown and duplicate keys were refused by the Guard during parsing.
  for (std::string_view k : kRequired)
    if (!root.contains(k))
      return std::string(k) + ": missing (required: input, weight, bias, stride)";
  if (root.contains("grad_output") && root.contains("target"))
    return "target: cannot be given together with grad_output (give at most one)";

  ConvShape& s = p.shape;
  s = ConvShape{};
  std::string why = ReadMode(root, s.mode);
  if (why.empty())
    why = ReadIntPair(root["stride"], "stride", "[s1, s2]", 1, kMaxStride, s.s1, s.s2);
  if (why.empty() && root.contains("padding"))
    why = ReadIntPair(root["padding"], "padding", "[p1, p2]", 0, kMaxPadding, s.p1, s.p2);
  if (why.empty() && root.contains("dilation"))
    why = ReadIntPair(root["dilation"], "dilation", "[D1, D2]", 1, kMaxDilation, s.d1, s.d2);
  if (why.empty() && root.contains("groups")) why = ReadGroups(root["groups"], s.groups);
  if (why.empty() && root.contains("output_padding")) {
    if (s.mode != ConvMode::kTransposed)
      return "output_padding: only a transposed layer has one (add \"mode\": \"transposed\")";
    why = ReadIntPair(root["output_padding"], "output_padding", "[op1, op2]", 0, kMaxStride, s.op1,
                      s.op2);
  }
  const bool transposed = s.mode == ConvMode::kTransposed;
  if (why.empty()) why = ReadTensor(root["input"], "input", kInputAxes, p.input);
  if (why.empty())
    why = ReadTensor(root["weight"], "weight", transposed ? kTransposedWeightAxes : kWeightAxes,
                     p.weight);
  if (why.empty()) why = ReadTensor(root["bias"], "bias", kBiasAxes, p.bias);
  if (!why.empty()) return why;

  s.c_in = p.input.dim(0), s.h = p.input.dim(1), s.w = p.input.dim(2);
  s.k1 = p.weight.dim(2), s.k2 = p.weight.dim(3);
  if (transposed) {
    // ConvTranspose2d's layout: [C_in][C_out/g][k1][k2].
    s.c_out = p.weight.dim(1) * s.groups;
    if (p.weight.dim(0) != s.c_in)
      return "weight: holds " + std::to_string(p.weight.dim(0)) +
             " input channels but input has C_in = " + std::to_string(s.c_in);
  } else {
    s.c_out = p.weight.dim(0);
    if (p.weight.dim(1) * s.groups != s.c_in)
      return "weight[0]: holds " + std::to_string(p.weight.dim(1)) +
             " input channels per group but input has C_in = " + std::to_string(s.c_in) +
             " and groups = " + std::to_string(s.groups) + " (C_in/groups each)";
  }
  if (p.bias.dim(0) != s.c_out)
    return "bias: expected " + Count(s.c_out, "number") + " (C_out from weight) but found " +
           std::to_string(p.bias.dim(0));
  why = ValidateShape(s);
  if (!why.empty()) return "shape: " + why;

  p.loss = LossKind::kHalfSquare;
  p.loss_tensor = Tensor<double>();
  for (const char* name : {"grad_output", "target"}) {
    if (!root.contains(name)) continue;
    p.loss = name[0] == 'g' ? LossKind::kGivenGrad : LossKind::kTarget;
    why = ReadTensor(root[name], name, kOutputAxes, p.loss_tensor);
    if (!why.empty()) return why;
    const std::array<int, 3> want = s.OutputDims();
    if (p.loss_tensor.dims() != std::vector<int>(want.begin(), want.end())) {
      auto text = [](const std::vector<int>& d) {
        std::string t;
        for (int v : d) t += "[" + std::to_string(v) + "]";
        return t;
      };
      return std::string(name) + ": expected [C_out][" + (transposed ? "H_out][W_out" : "H'][W'") +
             "] = " + text({want.begin(), want.end()}) + " but found " + text(p.loss_tensor.dims());
    }
  }
  // Finite by construction (the parser refuses overflow); kept as a net.
  return ValidateProblemTensors(p);
}

}  // namespace

CaseLoad ParseCaseText(std::string_view text, std::string_view source) {
  const std::string prefix = source.empty() ? "" : std::string(source) + ": ";
  CaseLoad result;
  Guard guard;
  try {
    json root = json::parse(text.begin(), text.end(),
                            [&guard](int depth, json::parse_event_t event, json& parsed) {
                              return guard(depth, event, parsed);
                            });
    result.error = BuildProblem(root, result.problem);
  } catch (const Abort& a) {
    result.error = a.why;
  } catch (const json::parse_error& e) {
    result.error = guard.Where() + "invalid JSON: " + StripTag(e.what());
  } catch (const json::exception& e) {
    result.error = guard.Where() + StripTag(e.what()) + " (numbers must fit in a double)";
  } catch (const std::bad_alloc&) {
    result.error = "out of memory while reading the case";
  } catch (const std::exception& e) {
    result.error = std::string("cannot read the case: ") + e.what();
  }
  if (!result.error.empty()) {
    // nlohmann quotes the offending token, which may be megabytes long.
    constexpr size_t kMaxMessage = 300;
    if (result.error.size() > kMaxMessage) result.error.resize(kMaxMessage), result.error += "...";
    result.error = SanitizeLine(prefix + result.error);
    result.problem = Problem<double>();
  }
  return result;
}

CaseLoad LoadCaseFile(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  CaseLoad result;
  try {
    const std::string name = path.string();
    auto fail = [&](const std::string& why) {
      result.error = SanitizeLine(name + ": " + why);
      return result;
    };
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st))
      return fail("cannot open: " + (ec ? ec.message() : std::string("no such file")));
    if (fs::is_directory(st)) return fail("is a directory, not a CASE.json file");
    if (!fs::is_regular_file(st)) return fail("is not a regular file");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return fail("cannot read: " + ec.message());
    if (size > kMaxCaseFileBytes)
      return fail("is " + std::to_string(size) + " bytes, over the " +
                  std::to_string(kMaxCaseFileBytes >> 20) + " MiB limit for a CASE.json");
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return fail("cannot open: " + std::error_code(errno, std::generic_category()).message());
    std::string text(static_cast<size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (in.bad() || in.gcount() != static_cast<std::streamsize>(size))
      return fail("cannot read: the file changed or could not be read completely");
    return ParseCaseText(text, name);
  } catch (const std::exception& e) {
    result.error = SanitizeLine(path.string() + ": cannot read: " + e.what());
  }
  return result;
}

}  // namespace convbp::json
