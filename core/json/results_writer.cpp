#include "results_writer.h"

#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include "json_text.h"
#include "tensor_of.h"

namespace convbp::json {

namespace {

std::string Write(std::ostream* sink, const ConvShape& s, const Results<double>& r) {
  JsonWriter w(sink);
  w.BeginObject("shapes");
  w.Integers("input", r.grad_input.dims());
  w.Integers("input_padded", r.input_padded.dims());
  w.Integers("weight", r.grad_weight.dims());
  w.Integers("output", r.output.dims());
  w.Integers("grad_output_dilated", r.grad_output_dilated.dims());
  w.Integers("grad_output_padded", r.grad_output_padded.dims());
  w.EndObject();
  w.Integers("remainder", {s.rho1(), s.rho2()});
  w.Number("loss", r.loss);
  for (steps::TensorId id : steps::kResultTensors)
    w.Array(steps::TensorName(id), *steps::ResultTensor(r, id));
  return w.Finish();
}

// The transposed layer's tensors by name, in the order they are written.
std::vector<std::pair<const char*, const Tensor<double>*>> TransposedTensors(
    const TransposedResults<double>& r) {
  const Results<double>& a = r.adjoint_results;
  return {{"output", &r.output},
          {"grad_output", &r.grad_output},
          {"grad_input", &r.grad_input},
          {"grad_weight", &r.grad_weight},
          {"grad_bias", &r.grad_bias},
          {"input_dilated", &a.grad_output_dilated},
          {"input_framed", &a.grad_output_padded},
          {"weight_rot180", &a.weight_rot180},
          {"output_before_crop", &a.grad_input_padded}};
}

std::string FirstNonFiniteOf(double loss,
                             const std::vector<std::pair<const char*, const Tensor<double>*>>& ts) {
  auto kind = [](double v) { return std::isnan(v) ? std::string(" is nan") : " is inf"; };
  if (!std::isfinite(loss)) return "loss" + kind(loss);
  for (const auto& [name, t] : ts)
    for (size_t flat = 0; flat < t->size(); ++flat)
      if (!std::isfinite((*t)[flat]))
        return name + CellIndexText(t->dims(), flat) + kind((*t)[flat]);
  return "";
}

}  // namespace

void WriteTransposedComputeJson(std::ostream& out, const TransposedResults<double>& r) {
  JsonWriter w(&out);
  w.Identifier("mode", "transposed");
  w.BeginObject("shapes");
  w.Integers("input", r.grad_input.dims());
  w.Integers("weight", r.grad_weight.dims());
  w.Integers("output", r.output.dims());
  w.EndObject();
  w.Number("loss", r.loss);
  for (const auto& [name, t] : TransposedTensors(r)) w.Array(name, *t);
  w.Finish();
}

std::string FirstNonFinite(const TransposedResults<double>& r) {
  return FirstNonFiniteOf(r.loss, TransposedTensors(r));
}

std::string ComputeToJsonText(const ConvShape& s, const Results<double>& r) {
  return Write(nullptr, s, r);
}

void WriteComputeJson(std::ostream& out, const ConvShape& s, const Results<double>& r) {
  Write(&out, s, r);
}

std::string FirstNonFinite(const Results<double>& r) {
  std::vector<std::pair<const char*, const Tensor<double>*>> ts;
  for (steps::TensorId id : steps::kResultTensors)
    ts.emplace_back(steps::TensorName(id), steps::ResultTensor(r, id));
  return FirstNonFiniteOf(r.loss, ts);
}

}  // namespace convbp::json
