// The hostile set: every bad case file or bad flag set must give exit 2,
// exactly one line on stderr naming the problem, and nothing on stdout.
// Small files are committed under tests/cli/hostile/; big ones (deep
// nesting, over the caps, over the file-size limit) are made at test time.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "cli_run.h"

namespace convbp::testing {
namespace {

namespace fs = std::filesystem;

const std::string kHostileDir = std::string(CONVBP_CLI_TEST_DIR) + "/hostile/";
const std::string kSmallCase = std::string(CONVBP_CLI_TEST_DIR) + "/small.case.json";

using Generator = void (*)(const fs::path& file);

struct Hostile {
  const char* name;
  std::vector<std::string> args;  // "H:x" → tests/cli/hostile/x, "G" → the generated file
  const char* needle;             // the stderr line must contain this
  Generator generate = nullptr;
};

void DeepArrays(const fs::path& f) { WriteWhole(f, std::string(100000, '[')); }
void DeepObjects(const fs::path& f) {
  std::string s;
  for (int k = 0; k < 100000; ++k) s += "{\"input\":";
  WriteWhole(f, s);
}
void DeepInsideInput(const fs::path& f) {
  WriteWhole(f, R"({"stride": [1, 1], "input": )" + std::string(100000, '[') + "1" +
                    std::string(100000, ']') + "}");
}
// Every axis under its cap, 4096·4096·2 cells in all: refused from the first
// elements, before anything is allocated.
void OverElementCap(const fs::path& f) {
  std::string s = R"({"stride": [1, 1], "weight": [[[[1]]]], "bias": [0], "input": [[)";
  for (int h = 0; h < 4096; ++h) s += h ? ",[0,0]" : "[0,0]";
  s += "]";
  for (int c = 1; c < 4096; ++c) s += ",[]";
  WriteWhole(f, s + "]}");
}
void OverHeightCap(const fs::path& f) {
  std::string s = R"({"stride": [1, 1], "weight": [[[[1]]]], "bias": [0], "input": [[)";
  for (int h = 0; h < 5000; ++h) s += h ? ",[0]" : "[0]";
  WriteWhole(f, s + "]]}");
}
void OverKernelCap(const fs::path& f) {
  std::string s = R"({"stride": [1, 1], "input": [[[0]]], "bias": [0], "weight": [[[)";
  for (int m = 0; m < 300; ++m) s += m ? ",[0]" : "[0]";
  WriteWhole(f, s + "]]]}");
}
void OverChannelCap(const fs::path& f) {
  std::string s = R"({"stride": [1, 1], "input": [[[0]]], "weight": [[[[1]]]], "bias": [0)";
  for (int c = 1; c < 5000; ++c) s += ",0";
  WriteWhole(f, s + "]}");
}
void OverFileSizeLimit(const fs::path& f) {  // sparse: takes no disk space
  WriteWhole(f, "{");
  fs::resize_file(f, (uintmax_t{256} << 20) + 1);
}
void ValidButHugeLiteral(const fs::path& f) {
  WriteWhole(f, R"({"stride": [1, 1], "input": [[[1]]], "weight": [[[[1]]]], "bias": [)" +
                    std::string(100000, '9') + "]}");
}

std::vector<Hostile> Table() {
  const std::string S = kSmallCase;
  return {
      // Committed files: dilation, groups and transposed mode out of their rules.
      {"dilation_zero", {"compute", "H:dilation_zero.json"}, "dilation[0]: must be an integer ≥ 1"},
      {"dilation_negative", {"gradcheck", "H:dilation_negative.json"}, "dilation[1]: must be"},
      {"groups_not_dividing",
       {"compute", "H:groups_not_dividing.json"},
       "groups = 2 must divide both C_in = 2 and C_out = 3"},
      {"dilated_kernel_too_big",
       {"steps", "--scene", "forward", "H:dilated_kernel_too_big.json"},
       "with dilation D1 = 3 spans (k1−1)·D1+1 = 4, which is larger than the padded input height"},
      {"output_padding_too_large",
       {"compute", "H:output_padding_too_large.json"},
       "output_padding op1 = 2 must be ≥ 0 and smaller than max(s1, D1) = 2"},
      {"output_padding_without_transposed",
       {"compute", "H:output_padding_without_transposed.json"},
       "output_padding: only a transposed layer"},
      {"mode_unknown", {"snippet", "H:mode_unknown.json"}, "mode: must be \"conv\" or"},
      // Committed files: bad JSON.
      {"empty", {"compute", "H:empty.json"}, "invalid JSON"},
      {"whitespace", {"compute", "H:whitespace.json"}, "invalid JSON"},
      {"truncated", {"compute", "H:truncated.json"}, "input: invalid JSON"},
      {"binary_garbage", {"gradcheck", "H:binary_garbage.bin"}, "invalid JSON"},
      {"nul_inside", {"compute", "H:nul_inside.json"}, "invalid JSON"},
      {"utf16", {"compute", "H:utf16_bom.json"}, "invalid JSON"},
      {"invalid_utf8_key", {"compute", "H:invalid_utf8_in_key.json"}, "UTF-8"},
      {"invalid_utf8_string", {"compute", "H:invalid_utf8_in_string.json"}, "UTF-8"},
      {"trailing_garbage", {"compute", "H:trailing_garbage.json"}, "expected end of input"},
      {"two_documents", {"compute", "H:two_documents.json"}, "expected end of input"},
      {"trailing_comma", {"compute", "H:trailing_comma.json"}, "invalid JSON"},
      {"comment", {"compute", "H:comment.json"}, "invalid JSON"},
      {"single_quotes", {"compute", "H:single_quotes.json"}, "invalid JSON"},
      {"nan_literal", {"compute", "H:nan_literal.json"}, "bias: invalid JSON"},
      {"infinity_literal", {"compute", "H:infinity_literal.json"}, "bias: invalid JSON"},
      {"huge_number", {"compute", "H:huge_number.json"}, "bias: number overflow parsing '1e400'"},
      {"negative_huge_number", {"compute", "H:negative_huge_number.json"}, "bias: number overflow"},
      {"huge_integer_literal", {"compute", "H:huge_integer_literal.json"}, "bias: number overflow"},
      // Committed files: wrong document, keys, types, nesting.
      {"not_object", {"compute", "H:not_object.json"}, "must be an object"},
      {"null_document", {"compute", "H:null_document.json"}, "must be an object"},
      {"unknown_key", {"compute", "H:unknown_key.json"}, "strides: unknown key"},
      {"missing_input", {"compute", "H:missing_input.json"}, "input: missing"},
      {"missing_stride", {"gradcheck", "H:missing_stride.json"}, "stride: missing"},
      {"duplicate_key", {"compute", "H:duplicate_key.json"}, "bias: duplicate key"},
      {"both_losses", {"compute", "H:both_losses.json"}, "target: cannot be given together"},
      {"input_string", {"compute", "H:input_string.json"}, "input: expected an array"},
      {"input_object", {"compute", "H:input_object.json"}, "input: expected an array"},
      {"cell_string",
       {"compute", "H:cell_string.json"},
       "input[0][0][1]: expected a number, got a string"},
      {"cell_true", {"compute", "H:cell_true.json"}, "input[0][1][1]: expected a number, got true"},
      {"cell_null", {"compute", "H:cell_null.json"}, "input[0][2][2]: expected a number, got null"},
      {"cell_object", {"compute", "H:cell_object.json"}, "bias[0]: expected a number"},
      {"input_too_shallow",
       {"compute", "H:input_too_shallow.json"},
       "input[0][0]: expected an array"},
      {"input_too_deep", {"compute", "H:input_too_deep.json"}, "input[0][0][0]: expected a number"},
      {"weight_too_shallow",
       {"compute", "H:weight_too_shallow.json"},
       "weight[0][0][0]: expected an array"},
      {"ragged_row",
       {"compute", "H:ragged_row.json"},
       "input[0][1]: expected 3 numbers (W from input[0][0]) but found 2"},
      {"ragged_channel",
       {"compute", "H:ragged_channel.json"},
       "input[1]: expected 3 arrays (H from input[0])"},
      {"ragged_weight",
       {"compute", "H:ragged_weight.json"},
       "weight[1][0][0]: expected 3 numbers (k2 from weight[0][0][0])"},
      // Committed files: sizes and shape rules.
      {"empty_input", {"compute", "H:empty_input.json"}, "input: C_in must be at least 1"},
      {"empty_row", {"compute", "H:empty_row.json"}, "input[0][0]: W must be at least 1"},
      {"empty_bias", {"compute", "H:empty_bias.json"}, "bias: C_out must be at least 1"},
      {"stride_zero",
       {"compute", "H:stride_zero.json"},
       "stride[1]: must be an integer ≥ 1, got 0"},
      {"stride_negative",
       {"compute", "H:stride_negative.json"},
       "stride[0]: must be an integer ≥ 1, got -2"},
      {"stride_fraction", {"compute", "H:stride_fraction.json"}, "stride[0]: must be an integer"},
      {"stride_string", {"compute", "H:stride_string.json"}, "stride[0]"},
      {"stride_bool", {"compute", "H:stride_bool.json"}, "stride[0]"},
      {"stride_three_numbers",
       {"compute", "H:stride_three_numbers.json"},
       "stride: expected 2 integers"},
      {"stride_scalar", {"compute", "H:stride_scalar.json"}, "stride: expected an array"},
      {"stride_over_cap",
       {"compute", "H:stride_over_cap.json"},
       "stride[0]: must be an integer ≥ 1 and ≤ 256, got 1000"},
      {"padding_negative",
       {"compute", "H:padding_negative.json"},
       "padding[1]: must be an integer ≥ 0"},
      {"padding_fraction",
       {"compute", "H:padding_fraction.json"},
       "padding[0]: must be an integer"},
      {"kernel_larger_than_input",
       {"compute", "H:kernel_larger_than_input.json"},
       "shape: k1 = 4 is larger than"},
      {"weight_channels_mismatch",
       {"compute", "H:weight_channels_mismatch.json"},
       "weight[0]: holds 2 input channels"},
      {"bias_length_mismatch",
       {"compute", "H:bias_length_mismatch.json"},
       "bias: expected 1 number (C_out"},
      {"grad_output_wrong_dims",
       {"compute", "H:grad_output_wrong_dims.json"},
       "grad_output: expected [C_out][H'][W'] = [1][2][2]"},
      {"target_scalar", {"compute", "H:target_scalar.json"}, "target: expected an array"},
      {"values_overflow",
       {"compute", "H:values_overflow_output.json"},
       "too large to compute: loss is inf"},
      {"values_overflow_gradcheck", {"gradcheck", "H:values_overflow_output.json"}, "too large"},
      // Generated at test time.
      {"deep_arrays_100k", {"compute", "G"}, "nested deeper than a CASE.json allows", DeepArrays},
      {"deep_objects_100k", {"compute", "G"}, "nested deeper", DeepObjects},
      {"deep_inside_input", {"gradcheck", "G"}, "input: nested deeper", DeepInsideInput},
      {"over_element_cap",
       {"compute", "G"},
       "input: 33554432 numbers is over the cap",
       OverElementCap},
      {"over_height_cap",
       {"compute", "G"},
       "input[0]: H = 5000 is over the cap of 4096",
       OverHeightCap},
      {"over_kernel_cap",
       {"compute", "G"},
       "weight[0][0]: k1 = 300 is over the cap of 256",
       OverKernelCap},
      {"over_channel_cap",
       {"compute", "G"},
       "bias: C_out = 5000 is over the cap of 4096",
       OverChannelCap},
      {"over_file_size_limit", {"compute", "G"}, "over the 256 MiB limit", OverFileSizeLimit},
      {"huge_literal_is_truncated",
       {"compute", "G"},
       "number overflow parsing '999",
       ValidButHugeLiteral},
      // Files that are not there or not files.
      {"missing_file", {"compute", "H:no_such_file.json"}, "no_such_file.json: cannot open"},
      {"directory", {"compute", "H:"}, "is a directory"},
      {"dev_null", {"compute", "/dev/null"}, "/dev/null: is not a regular file"},
      {"empty_path", {"compute", ""}, "cannot open"},
      // Bad command lines (with a valid case, so the flag is the problem).
      {"no_command_flag_only", {"--bogus"}, "convbp-cli: unknown flag '--bogus'"},
      {"unknown_command", {"comptue", S}, "convbp-cli: unknown command 'comptue'"},
      {"compute_unknown_flag", {"compute", S, "--eps", "1e-6"}, "compute: unknown flag --eps"},
      {"compute_missing_case", {"compute"}, "compute: missing CASE.json"},
      {"compute_extra_positional", {"compute", S, S}, "expected 1 argument (CASE.json) but got 2"},
      {"compute_route_unknown", {"compute", S, "--route", "sideways"}, "--route must be one of"},
      {"compute_route_missing_value", {"compute", S, "--route"}, "--route needs a value"},
      {"compute_route_twice",
       {"compute", S, "--route", "fast", "--route=direct"},
       "--route given more than once"},
      {"gradcheck_missing_case", {"gradcheck", "--eps", "1e-6"}, "gradcheck: missing CASE.json"},
      {"gradcheck_eps_missing_value", {"gradcheck", S, "--eps"}, "--eps needs a value"},
      {"gradcheck_eps_not_a_number",
       {"gradcheck", S, "--eps", "small"},
       "--eps must be a finite number > 0, got 'small'"},
      {"gradcheck_eps_trailing_junk",
       {"gradcheck", S, "--eps", "1e-6x"},
       "--eps must be a finite number > 0"},
      {"gradcheck_eps_negative",
       {"gradcheck", S, "--eps", "-1e-6"},
       "--eps must be a finite number > 0"},
      {"gradcheck_eps_zero",
       {"gradcheck", S, "--eps=0"},
       "--eps must be a finite number > 0, got '0'"},
      {"gradcheck_eps_nan",
       {"gradcheck", S, "--eps", "nan"},
       "--eps must be a finite number > 0, got 'nan'"},
      {"gradcheck_eps_inf",
       {"gradcheck", S, "--eps", "inf"},
       "--eps must be a finite number > 0, got 'inf'"},
      {"gradcheck_eps_empty",
       {"gradcheck", S, "--eps="},
       "--eps must be a finite number > 0, got ''"},
      {"gradcheck_tol_negative",
       {"gradcheck", S, "--tol", "-1e-3"},
       "--tol must be a finite number ≥ 0"},
      {"gradcheck_tol_nan",
       {"gradcheck", S, "--tol=NaN"},
       "--tol must be a finite number ≥ 0, got 'NaN'"},
      {"gradcheck_tol_huge",
       {"gradcheck", S, "--tol", "1e400"},
       "--tol must be a finite number ≥ 0"},
      {"gradcheck_unknown_flag",
       {"gradcheck", S, "--epsilon", "1"},
       "gradcheck: unknown flag --epsilon"},
      {"gradcheck_flag_newline", {"gradcheck", S, "--x\ny"}, "gradcheck: unknown flag --x?y"},
  };
}

// Test names and ctest labels show the entry's name, not its bytes.
void PrintTo(const Hostile& h, std::ostream* os) { *os << h.name; }

class HostileInput : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileInput, ExitsTwoWithOneLineOnStderrAndNothingOnStdout) {
  const Hostile& h = GetParam();
  std::vector<std::string> args;
  for (const std::string& a : h.args) {
    if (a.starts_with("H:")) {
      args.push_back(kHostileDir + a.substr(2));
    } else if (a == "G") {
      const fs::path file = ScratchDir() / (std::string(h.name) + ".json");
      h.generate(file);
      args.push_back(file.string());
    } else {
      args.push_back(a);
    }
  }
  EXPECT_TRUE(IsOneLineError(RunCli(args), h.needle));
}

INSTANTIATE_TEST_SUITE_P(Table, HostileInput, ::testing::ValuesIn(Table()),
                         [](const ::testing::TestParamInfo<Hostile>& param) {
                           return std::string(param.param.name);
                         });

TEST(HostileSet, EveryCommittedFileIsInTheTableAndThereAreAtLeastForty) {
  std::set<std::string> used;
  for (const Hostile& h : Table())
    for (const std::string& a : h.args)
      if (a.starts_with("H:")) used.insert(a.substr(2));
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(kHostileDir)) {
    ++files;
    EXPECT_TRUE(used.count(e.path().filename().string())) << e.path() << " is not in the table";
  }
  EXPECT_GE(files, 40u);
  EXPECT_GE(Table().size(), 40u);
}

}  // namespace
}  // namespace convbp::testing
