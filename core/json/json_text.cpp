#include "json_text.h"

#include <cmath>
#include <ostream>

#include "number_text.h"

namespace convbp::json {

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return "null";
  // "-0" would read back as the integer 0 and lose the sign.
  if (value == 0 && std::signbit(value)) return "-0.0";
  return convbp::FormatNumber(value, NumberStyle::kExport);
}

std::string SanitizeLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t k = 0; k < text.size();) {
    const auto c = static_cast<unsigned char>(text[k]);
    // Length of a well-formed UTF-8 sequence starting here (0 = invalid).
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len > 1 && (c == 0xC0 || c == 0xC1 || c > 0xF4)) len = 0;  // overlong / beyond U+10FFFF
    for (size_t j = 1; j < len; ++j)
      if (k + j >= text.size() || (static_cast<unsigned char>(text[k + j]) & 0xC0) != 0x80) len = 0;
    if (len == 0 || (len == 1 && (c < 0x20 || c == 0x7F))) {
      out += '?';
      ++k;
    } else {
      out.append(text.substr(k, len));
      k += len;
    }
  }
  return out;
}

std::string CellIndexText(const std::vector<int>& dims, size_t flat) {
  std::string text;
  for (size_t a = dims.size(); a-- > 0;) {
    text.insert(0, "[" + std::to_string(flat % static_cast<size_t>(dims[a])) + "]");
    flat /= static_cast<size_t>(dims[a]);
  }
  return text;
}

JsonWriter::JsonWriter(std::ostream* sink) : sink_(sink), out_("{"), first_{true} {}

void JsonWriter::MaybeFlush(bool force) {
  constexpr size_t kChunk = size_t{1} << 20;
  if (!sink_ || (!force && out_.size() < kChunk)) return;
  sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
}

void JsonWriter::Indent(int depth) { out_.append(static_cast<size_t>(depth) * 2, ' '); }

void JsonWriter::StartMember(std::string_view key) {
  out_ += first_.back() ? "\n" : ",\n";
  first_.back() = false;
  Indent(static_cast<int>(first_.size()));
  out_ += '"';
  out_ += key;  // keys are our own identifiers: nothing to escape
  out_ += "\": ";
}

void JsonWriter::BeginObject(std::string_view key) {
  StartMember(key);
  out_ += '{';
  first_.push_back(true);
}

void JsonWriter::EndObject() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) {
    out_ += '\n';
    Indent(static_cast<int>(first_.size()));
  }
  out_ += '}';
}

void JsonWriter::Number(std::string_view key, double value) {
  StartMember(key);
  out_ += FormatNumber(value);
}

void JsonWriter::Identifier(std::string_view key, std::string_view value) {
  StartMember(key);
  out_ += '"';
  out_ += value;
  out_ += '"';
}

void JsonWriter::Integers(std::string_view key, const std::vector<int>& values) {
  StartMember(key);
  out_ += '[';
  for (size_t k = 0; k < values.size(); ++k) {
    if (k) out_ += ", ";
    out_ += std::to_string(values[k]);
  }
  out_ += ']';
}

void JsonWriter::Array(std::string_view key, const Tensor<double>& tensor) {
  StartMember(key);
  size_t flat = 0;
  if (tensor.rank() == 0) {
    out_ += "[]";
    return;
  }
  WriteNested(tensor, 0, flat, static_cast<int>(first_.size()));
}

// Innermost axis on one line; every outer axis one element per line.
void JsonWriter::WriteNested(const Tensor<double>& t, size_t axis, size_t& flat, int depth) {
  const int n = t.dims()[axis];
  out_ += '[';
  if (axis + 1 == t.dims().size()) {
    for (int k = 0; k < n; ++k) {
      if (k) out_ += ", ";
      out_ += FormatNumber(t[flat++]);
    }
    out_ += ']';
    MaybeFlush();
    return;
  }
  for (int k = 0; k < n; ++k) {
    out_ += k ? ",\n" : "\n";
    Indent(depth + 1);
    WriteNested(t, axis + 1, flat, depth + 1);
  }
  if (n > 0) {
    out_ += '\n';
    Indent(depth);
  }
  out_ += ']';
}

std::string JsonWriter::Finish() {
  while (first_.size() > 1) EndObject();
  EndObject();
  out_ += '\n';
  MaybeFlush(/*force=*/true);
  return std::move(out_);
}

}  // namespace convbp::json
