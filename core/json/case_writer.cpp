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
  // The arguments beyond the seed's, written when they are not the default
  // so that every case CASE.json could hold before them reads the same.
  const ConvShape& s = p.shape;
  if (s.mode == ConvMode::kTransposed) {
    w.Identifier("mode", "transposed");
    w.Integers("output_padding", {s.op1, s.op2});
  }
  if (s.d1 != 1 || s.d2 != 1) w.Integers("dilation", {s.d1, s.d2});
  if (s.groups != 1) w.Number("groups", s.groups);
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
