#include "case_writer.h"

#include "atomic_file.h"
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

std::string SaveCaseFile(const std::filesystem::path& path, const Problem<double>& problem) {
  try {
    return WriteFileAtomic(path, CaseToJsonText(problem));
  } catch (const std::exception& e) {
    return path.string() + ": cannot write: " + e.what();
  }
}

}  // namespace convbp::json
