// convbp_json's CASE.json loader: every accepted form and every rule it
// enforces, each error checked to be one line naming the field and the rule.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "case_io.h"
#include "cli_run.h"

namespace convbp::json {
namespace {

using nlohmann::ordered_json;
using testing::ScratchDir;
using testing::WriteWhole;

// A valid 1×3×4 input, 2×1×2×2 weight, stride 1×2 case (H' = 2, W' = 2).
ordered_json ValidCase() {
  return {{"input", {{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}}},
          {"weight", {{{{1, 0}, {0, -1}}}, {{{0.5, 0.25}, {-2, 1}}}}},
          {"bias", {0.5, -1}},
          {"stride", {1, 2}}};
}

std::string Text(const ordered_json& j) { return j.dump(); }

// Parses `text` and expects an error that mentions every needle.
::testing::AssertionResult Rejects(const std::string& text,
                                   std::initializer_list<std::string> needles) {
  const CaseLoad r = ParseCaseText(text, "case.json");
  if (r.ok()) return ::testing::AssertionFailure() << "accepted: " << text.substr(0, 200);
  if (r.error.find('\n') != std::string::npos)
    return ::testing::AssertionFailure() << "more than one line: " << r.error;
  if (!r.error.starts_with("case.json: "))
    return ::testing::AssertionFailure() << "does not name the file: " << r.error;
  for (const std::string& n : needles)
    if (r.error.find(n) == std::string::npos)
      return ::testing::AssertionFailure() << "'" << r.error << "' lacks '" << n << "'";
  return ::testing::AssertionSuccess() << r.error;
}

ordered_json And(ordered_json j, const char* key, ordered_json value) {
  j[key] = std::move(value);
  return j;
}

ordered_json With(const char* key, ordered_json value) {
  return And(ValidCase(), key, std::move(value));
}

TEST(CaseReader, ReadsAValidCaseWithDefaults) {
  const CaseLoad r = ParseCaseText(Text(ValidCase()));
  ASSERT_TRUE(r.ok()) << r.error;
  const ConvShape& s = r.problem.shape;
  EXPECT_EQ(s.c_in, 1);
  EXPECT_EQ(s.h, 3);
  EXPECT_EQ(s.w, 4);
  EXPECT_EQ(s.c_out, 2);
  EXPECT_EQ(s.k1, 2);
  EXPECT_EQ(s.k2, 2);
  EXPECT_EQ(s.s1, 1);
  EXPECT_EQ(s.s2, 2);
  EXPECT_EQ(s.p1, 0);
  EXPECT_EQ(s.p2, 0);
  EXPECT_EQ(r.problem.loss, LossKind::kHalfSquare);
  EXPECT_TRUE(r.problem.loss_tensor.empty());
  EXPECT_EQ(r.problem.input(0, 2, 3), 12);
  EXPECT_EQ(r.problem.weight(1, 0, 1, 0), -2);  // OIHW
  EXPECT_EQ(r.problem.bias(1), -1);
  EXPECT_EQ(ValidateProblemTensors(r.problem), "");
}

TEST(CaseReader, LossKindFollowsTheOptionalField) {
  const ordered_json delta = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};  // C_out × H' × W'
  CaseLoad g = ParseCaseText(Text(With("grad_output", delta)));
  ASSERT_TRUE(g.ok()) << g.error;
  EXPECT_EQ(g.problem.loss, LossKind::kGivenGrad);
  EXPECT_EQ(g.problem.loss_tensor(1, 0, 1), 6);
  CaseLoad t = ParseCaseText(Text(With("target", delta)));
  ASSERT_TRUE(t.ok()) << t.error;
  EXPECT_EQ(t.problem.loss, LossKind::kTarget);
  EXPECT_TRUE(Rejects(Text(And(With("target", delta), "grad_output", delta)),
                      {"target", "grad_output", "at most one"}));
}

TEST(CaseReader, PaddingIsReadAndChangesTheOutputShape) {
  const CaseLoad r = ParseCaseText(Text(With("padding", {1, 0})));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.problem.shape.p1, 1);
  EXPECT_EQ(r.problem.shape.Ho(), 4);
  EXPECT_TRUE(Rejects(
      Text(And(With("padding", {1, 0}), "grad_output", {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}})),
      {"grad_output", "[2][4][2]", "[2][2][2]"}));
}

TEST(CaseReader, IntegralFloatsAreIntegersButFractionsAreNot) {
  EXPECT_TRUE(ParseCaseText(Text(With("stride", {1.0, 2.0}))).ok());
  EXPECT_TRUE(Rejects(Text(With("stride", {1.5, 2})), {"stride[0]", "integer", "1.5"}));
  EXPECT_TRUE(Rejects(Text(With("padding", {0, 0.25})), {"padding[1]", "integer", "0.25"}));
}

TEST(CaseReader, StrideAndPaddingRules) {
  EXPECT_TRUE(Rejects(Text(With("stride", {1, 0})), {"stride[1]: must be an integer ≥ 1, got 0"}));
  EXPECT_TRUE(Rejects(Text(With("stride", {-3, 1})), {"stride[0]", "≥ 1", "-3"}));
  EXPECT_TRUE(Rejects(Text(With("stride", {1, 257})), {"stride[1]", "≤ 256", "257"}));
  EXPECT_TRUE(Rejects(Text(With("stride", {1})), {"stride", "2 integers", "found 1"}));
  EXPECT_TRUE(Rejects(Text(With("stride", 2)), {"stride", "array of 2 integers"}));
  EXPECT_TRUE(Rejects(Text(With("stride", {true, 1})), {"stride[0]", "got true"}));
  EXPECT_TRUE(Rejects(Text(With("stride", {"2", 1})), {"stride[0]", "a string"}));
  EXPECT_TRUE(Rejects(Text(With("padding", {-1, 0})), {"padding[0]", "≥ 0", "-1"}));
  EXPECT_TRUE(Rejects(Text(With("padding", {0, 300})), {"padding[1]", "≤ 256"}));
  EXPECT_TRUE(Rejects(Text(With("padding", {nullptr, 0})), {"padding[0]", "null"}));
}

TEST(CaseReader, KeysMustBeKnownPresentAndUnique) {
  ordered_json typo = ValidCase();
  typo["strides"] = {1, 1};
  EXPECT_TRUE(Rejects(Text(typo), {"strides", "unknown key"}));
  for (const char* key : {"input", "weight", "bias", "stride"}) {
    ordered_json j = ValidCase();
    j.erase(key);
    EXPECT_TRUE(Rejects(Text(j), {std::string(key) + ": missing"}));
  }
  std::string dup = Text(ValidCase());
  dup.insert(1, R"("stride": [2, 2], )");
  EXPECT_TRUE(Rejects(dup, {"stride: duplicate key"}));
  EXPECT_TRUE(Rejects(R"({"input": {"a": 1, "a": 2}})", {"input: a: duplicate key"}));
  // Refused while parsing, before a later syntax error is even reached.
  EXPECT_TRUE(Rejects(R"({"inptu": [[[1]]], ,,,)", {"inptu: unknown key"}));
}

TEST(CaseReader, TheDocumentMustBeOneObject) {
  EXPECT_TRUE(Rejects("[]", {"document", "object", "array"}));
  EXPECT_TRUE(Rejects("42", {"document", "object", "number"}));
  EXPECT_TRUE(Rejects("\"x\"", {"document", "object", "string"}));
  EXPECT_TRUE(Rejects(Text(ValidCase()) + " {}", {"invalid JSON", "end of input"}));
  EXPECT_TRUE(Rejects(Text(ValidCase()) + " x", {"invalid JSON"}));
}

TEST(CaseReader, MalformedJsonNamesWhereItBroke) {
  EXPECT_TRUE(Rejects("", {"invalid JSON", "end of input"}));
  EXPECT_TRUE(Rejects("   ", {"invalid JSON"}));
  const std::string full = Text(ValidCase());
  for (size_t cut : {size_t{1}, size_t{12}, full.size() / 2, full.size() - 1})
    EXPECT_TRUE(Rejects(full.substr(0, cut), {"invalid JSON", "line 1"})) << cut;
  EXPECT_TRUE(Rejects(R"({"input": [[[1, 2,]]]})", {"input: invalid JSON"}));
  EXPECT_TRUE(Rejects("{'input': 1}", {"invalid JSON"}));
  EXPECT_TRUE(Rejects("// c\n{}", {"invalid JSON"}));
}

TEST(CaseReader, NonFiniteAndHugeNumbersAreRefused) {
  const std::string base = R"({"input": [[[1]]], "weight": [[[[1]]]], "stride": [1, 1], "bias": [)";
  EXPECT_TRUE(Rejects(base + "NaN]}", {"bias: invalid JSON"}));
  EXPECT_TRUE(Rejects(base + "nan]}", {"bias: invalid JSON"}));
  EXPECT_TRUE(Rejects(base + "Infinity]}", {"bias: invalid JSON"}));
  EXPECT_TRUE(Rejects(base + "-Infinity]}", {"bias: invalid JSON"}));
  EXPECT_TRUE(Rejects(base + "1e400]}", {"bias", "overflow", "1e400"}));
  EXPECT_TRUE(Rejects(base + "-1e309]}", {"bias", "overflow"}));
  EXPECT_TRUE(Rejects(base + "1" + std::string(400, '0') + "]}", {"bias", "overflow", "..."}));
  EXPECT_TRUE(ParseCaseText(base + "1e308]}").ok());     // large but finite is a value
  EXPECT_TRUE(ParseCaseText(base + "4.9e-324]}").ok());  // subnormal
}

TEST(CaseReader, CellsMustBeNumbers) {
  ordered_json j = ValidCase();
  j["input"][0][1][2] = true;
  EXPECT_TRUE(Rejects(Text(j), {"input[0][1][2]: expected a number, got true"}));
  j = ValidCase();
  j["weight"][1][0][1][0] = "2";
  EXPECT_TRUE(Rejects(Text(j), {"weight[1][0][1][0]", "a string"}));
  j = ValidCase();
  j["bias"][1] = nullptr;
  EXPECT_TRUE(Rejects(Text(j), {"bias[1]", "null"}));
  j = ValidCase();
  j["bias"][0] = ordered_json::object();
  EXPECT_TRUE(Rejects(Text(j), {"bias[0]", "an object"}));
}

TEST(CaseReader, WrongNestingNamesTheExpectedLayout) {
  EXPECT_TRUE(Rejects(Text(With("input", {{1, 2}, {3, 4}})), {"input[0][0]", "[C_in][H][W]"}));
  EXPECT_TRUE(
      Rejects(Text(With("input", {{{{1}}}})), {"input[0][0][0]", "expected a number", "array"}));
  EXPECT_TRUE(Rejects(Text(With("weight", {{{1, 0}, {0, 1}}})),
                      {"weight[0][0][0]", "[C_out][C_in][k1][k2]"}));
  EXPECT_TRUE(Rejects(Text(With("bias", 0.5)), {"bias", "expected an array", "[C_out]"}));
  EXPECT_TRUE(Rejects(Text(With("input", "1 2 3")), {"input", "a string"}));
}

TEST(CaseReader, RaggedArraysNameTheRowAndTheRowThatSetTheLength) {
  ordered_json j = ValidCase();
  j["weight"][1][0][0] = {0.5, 0.25, 9};
  EXPECT_TRUE(Rejects(
      Text(j), {"weight[1][0][0]: expected 2 numbers (k2 from weight[0][0][0]) but found 3"}));
  j = ValidCase();
  j["input"][0][2] = {9, 10};
  EXPECT_TRUE(
      Rejects(Text(j), {"input[0][2]: expected 4 numbers (W from input[0][0]) but found 2"}));
  j = ValidCase();
  j["weight"][1][0] = {{0.5, 0.25}};
  EXPECT_TRUE(Rejects(Text(j), {"weight[1][0]: expected 2 arrays (k1 from weight[0][0])"}));
  j = ValidCase();
  j["input"][0] = {{1, 2, 3, 4}};
  j["input"].push_back({{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}});
  EXPECT_TRUE(Rejects(Text(j), {"input[1]: expected 1 array (H from input[0]) but found 3"}));
}

TEST(CaseReader, EmptyAxesAreZeroSizes) {
  EXPECT_TRUE(
      Rejects(Text(With("input", ordered_json::array())), {"input", "C_in must be at least 1"}));
  EXPECT_TRUE(
      Rejects(Text(With("input", {ordered_json::array()})), {"input[0]", "H must be at least 1"}));
  EXPECT_TRUE(
      Rejects(Text(With("bias", ordered_json::array())), {"bias", "C_out must be at least 1"}));
  EXPECT_TRUE(
      Rejects(Text(With("weight", {{{ordered_json::array()}}})), {"weight[0][0][0]", "k2"}));
}

TEST(CaseReader, CrossFieldShapesMustAgree) {
  EXPECT_TRUE(Rejects(Text(With("bias", {1, 2, 3})),
                      {"bias: expected 2 numbers (C_out from weight) but found 3"}));
  EXPECT_TRUE(Rejects(Text(With("weight", {{{{1}}, {{1}}}})),
                      {"weight[0]", "2 input channels", "C_in = 1"}));
  // ValidateShape's own message is passed through.
  EXPECT_TRUE(Rejects(Text(And(With("weight", {{{{1, 1, 1, 1, 1}}}}), "bias", {0})),
                      {"shape: k2 = 5 is larger than the padded input width"}));
  EXPECT_TRUE(Rejects(Text(With("target", {{{1, 2}}})), {"target", "[2][2][2]", "[1][1][2]"}));
}

TEST(CaseReader, SizeCapsAreCheckedBeforeAllocating) {
  // H = 4097 rows of one number: over kMaxSpatial.
  ordered_json tall = ordered_json::array();
  for (int k = 0; k <= kMaxSpatial; ++k) tall.push_back({0});
  EXPECT_TRUE(Rejects(Text(With("input", {tall})), {"input[0]", "H = 4097", "cap of 4096"}));
  ordered_json k_rows = ordered_json::array();
  for (int k = 0; k <= kMaxKernel; ++k) k_rows.push_back({0});
  EXPECT_TRUE(Rejects(Text(And(With("weight", {{k_rows}}), "bias", {0})),
                      {"weight[0][0]", "k1 = 257", "cap of 256"}));
  // Every axis within its cap but 4096·4096·2 cells: refused from the first
  // elements alone (the rest of the array is ragged and never allocated).
  std::string huge = R"({"stride": [1, 1], "weight": [[[[1]]]], "bias": [0], "input": [[)";
  for (int h = 0; h < 4096; ++h) huge += h ? ",[0,0]" : "[0,0]";
  huge += "]";
  for (int c = 1; c < 4096; ++c) huge += ",[]";
  huge += "]}";
  EXPECT_TRUE(Rejects(huge, {"input", "33554432 numbers", "over the cap"}));
}

TEST(CaseReader, AbsurdNestingStopsEarlyWithoutRecursion) {
  EXPECT_TRUE(Rejects(std::string(100000, '['), {"nested deeper than a CASE.json allows"}));
  std::string objects;
  for (int k = 0; k < 100000; ++k) objects += R"({"input":)";
  EXPECT_TRUE(Rejects(objects, {"nested deeper"}));
  EXPECT_TRUE(Rejects(R"({"input": [[[[[[1]]]]]]})", {"input: nested deeper"}));
}

TEST(CaseReader, BinaryAndInvalidUtf8AreRefusedAndTheMessageStaysClean) {
  std::mt19937 rng(3);
  std::string garbage;
  for (int k = 0; k < 512; ++k) garbage += static_cast<char>(rng() & 0xff);
  EXPECT_TRUE(Rejects(garbage, {"invalid JSON"}));
  EXPECT_TRUE(Rejects(std::string("{\"in\xff\xfeput\": 1}"), {"invalid JSON", "UTF-8"}));
  EXPECT_TRUE(Rejects(std::string("{\"input\": [[[1\x00]]]}", 19), {"invalid JSON"}));
  const CaseLoad r = ParseCaseText("{\"input\": [[[1,\xff\n]]]}", "case.json");
  ASSERT_FALSE(r.ok());
  for (unsigned char c : r.error) EXPECT_TRUE(c >= 0x20 && c != 0xff) << r.error;
}

TEST(CaseReader, RandomCorruptionNeverThrowsAndAlwaysGivesOneLine) {
  const std::string base = Text(With("target", {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}));
  std::mt19937 rng(11);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = static_cast<char>(rng() & 0xff); break;
        case 1: text.erase(at, 1 + rng() % 8); break;
        default: text.insert(at, 1, "[]{},:\"0-e.9 "[rng() % 13]); break;
      }
      if (text.empty()) text = "x";
    }
    const CaseLoad r = ParseCaseText(text, "f");
    if (r.ok()) {
      EXPECT_EQ(ValidateProblemTensors(r.problem), "");
      EXPECT_EQ(ValidateShape(r.problem.shape), "");
    } else {
      EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
      EXPECT_TRUE(r.error.starts_with("f: ")) << r.error;
    }
  }
}

TEST(CaseReader, WithoutASourceThereIsNoPrefix) {
  const CaseLoad r = ParseCaseText(Text(With("stride", {0, 1})));
  EXPECT_EQ(r.error, "stride[0]: must be an integer ≥ 1, got 0");
}

TEST(CaseFile, ReadsAFileAndNamesItInErrors) {
  const auto dir = ScratchDir();
  WriteWhole(dir / "ok.json", Text(ValidCase()));
  EXPECT_TRUE(LoadCaseFile(dir / "ok.json").ok());
  WriteWhole(dir / "bad.json", Text(With("stride", {1, 0})));
  EXPECT_EQ(LoadCaseFile(dir / "bad.json").error,
            (dir / "bad.json").string() + ": stride[1]: must be an integer ≥ 1, got 0");
}

TEST(CaseFile, MissingDirectoryAndOversizedFilesAreRefused) {
  const auto dir = ScratchDir();
  CaseLoad r = LoadCaseFile(dir / "absent.json");
  EXPECT_TRUE(r.error.starts_with((dir / "absent.json").string() + ": cannot open")) << r.error;
  r = LoadCaseFile(dir);
  EXPECT_NE(r.error.find("is a directory"), std::string::npos) << r.error;
  r = LoadCaseFile("");
  EXPECT_NE(r.error.find("cannot open"), std::string::npos) << r.error;
  r = LoadCaseFile("/dev/null");
  EXPECT_NE(r.error.find("not a regular file"), std::string::npos) << r.error;
  // A sparse file one byte over the limit: refused by size, never read.
  const auto big = dir / "big.json";
  WriteWhole(big, "{");
  std::filesystem::resize_file(big, kMaxCaseFileBytes + 1);
  r = LoadCaseFile(big);
  EXPECT_NE(r.error.find("over the 256 MiB limit"), std::string::npos) << r.error;
}

// LoadCaseFile(path).error as seen by an unprivileged user. Root reads any
// file whatever its mode, so as root the load runs in a child process that
// has dropped to uid/gid 65534 ("nobody") first and sends the error back.
std::string LoadErrorWithoutPrivileges(const std::filesystem::path& path) {
  if (geteuid() != 0) return LoadCaseFile(path).error;
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    if (setgid(65534) != 0 || setuid(65534) != 0 || geteuid() == 0) _exit(3);
    const std::string error = LoadCaseFile(path).error;
    const bool sent = write(fds[1], error.data(), error.size()) == ssize_t(error.size());
    _exit(sent ? 0 : 4);
  }
  close(fds[1]);
  std::string error;
  char buffer[256];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) error.append(buffer, size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "the unprivileged child failed (status " + std::to_string(status) + ")";
  return error;
}

TEST(CaseFile, UnreadableFileIsRefused) {
  const auto dir = ScratchDir();
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all |
                                        std::filesystem::perms::group_exec |
                                        std::filesystem::perms::others_exec);
  const auto f = dir / "secret.json";
  WriteWhole(f, Text(ValidCase()));
  // Readable, it loads (so the refusal below is about the mode, nothing else).
  std::filesystem::permissions(f, std::filesystem::perms::owner_read |
                                      std::filesystem::perms::group_read |
                                      std::filesystem::perms::others_read);
  EXPECT_EQ(LoadErrorWithoutPrivileges(f), "");
  std::filesystem::permissions(f, std::filesystem::perms::none);
  const std::string error = LoadErrorWithoutPrivileges(f);
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
  EXPECT_NE(error.find("ermission denied"), std::string::npos) << error;
}

// A FIFO where a file is expected: refused at once, never opened (opening a
// FIFO for reading would block until a writer comes).
TEST(CaseFile, FifoIsRefusedWithoutBlocking) {
  const auto fifo = ScratchDir() / "pipe.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  const CaseLoad r = LoadCaseFile(fifo);
  EXPECT_NE(r.error.find("not a regular file"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace convbp::json
