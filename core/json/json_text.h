// A tiny pretty-printing JSON emitter for what convbp writes: objects of
// numbers, integer lists and nested arrays of doubles.
//
// Doubles are written in NumberStyle::kExport (number_text.h: 17 significant
// digits, locale independent), which round-trips every double exactly: 3 → "3",
// 0.1 → "0.10000000000000001", and −0 → "-0.0" (so it reads back as a
// double with its sign, not as the integer 0). JSON has no NaN/Inf; they are written as
// null (the CLI refuses to print results that overflowed).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "tensor.h"

namespace convbp::json {

std::string FormatNumber(double value);

// `text` made safe to print as one line: control characters and bytes that
// are not valid UTF-8 become '?'. Error messages pass through this, since
// they quote file names, flags and bytes of the offending input.
std::string SanitizeLine(std::string_view text);

// "[0][1][2]": the index of flat cell `flat` in a row-major tensor of `dims`.
std::string CellIndexText(const std::vector<int>& dims, size_t flat);

class JsonWriter {
 public:
  // Opens the top-level object. With a sink, text is written through to it
  // in chunks of about 1 MiB (a large layer's results need not fit twice in
  // memory) and Finish() returns "".
  explicit JsonWriter(std::ostream* sink = nullptr);
  void BeginObject(std::string_view key);
  void EndObject();
  void Number(std::string_view key, double value);
  // A string value we wrote ourselves (an identifier: nothing to escape).
  void Identifier(std::string_view key, std::string_view value);
  void Integers(std::string_view key, const std::vector<int>& values);
  // A tensor as nested arrays, one innermost row per line.
  void Array(std::string_view key, const Tensor<double>& tensor);
  // Closes the top-level object and returns the text (ends with a newline).
  std::string Finish();

 private:
  void StartMember(std::string_view key);
  void Indent(int depth);
  void WriteNested(const Tensor<double>& t, size_t axis, size_t& flat, int depth);
  void MaybeFlush(bool force = false);

  std::ostream* sink_;
  std::string out_;
  std::vector<bool> first_;  // per open object: no member written yet
};

}  // namespace convbp::json
