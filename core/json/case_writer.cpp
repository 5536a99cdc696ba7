#include "case_writer.h"

#include <fstream>
#include <system_error>

#include "json_text.h"

namespace convbp::json {

std::string CaseToJsonText(const Problem<double>& p) {
  JsonWriter w;
  w.Array("input", p.input);
  w.Array("weight", p.weight);
  w.Array("bias", p.bias);
  w.Integers("stride", {p.shape.s1, p.shape.s2});
  w.Integers("padding", {p.shape.p1, p.shape.p2});
  if (p.loss == LossKind::kGivenGrad) w.Array("grad_output", p.loss_tensor);
  if (p.loss == LossKind::kTarget) w.Array("target", p.loss_tensor);
  return w.Finish();
}

std::string WriteFileAtomic(const std::filesystem::path& path, std::string_view text) {
  namespace fs = std::filesystem;
  try {
    fs::path tmp = path;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        return path.string() +
               ": cannot write: " + std::error_code(errno, std::generic_category()).message();
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      out.close();
      if (!out) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        return path.string() + ": cannot write: the write failed (disk full?)";
      }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return path.string() + ": cannot write: " + ec.message();
    }
    return "";
  } catch (const std::exception& e) {
    return path.string() + ": cannot write: " + e.what();
  }
}

std::string SaveCaseFile(const std::filesystem::path& path, const Problem<double>& problem) {
  try {
    return WriteFileAtomic(path, CaseToJsonText(problem));
  } catch (const std::exception& e) {
    return path.string() + ": cannot write: " + e.what();
  }
}

}  // namespace convbp::json
