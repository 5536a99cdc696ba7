#include "results_writer.h"

#include <array>
#include <cmath>
#include <utility>

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

}  // namespace

std::string ComputeToJsonText(const ConvShape& s, const Results<double>& r) {
  return Write(nullptr, s, r);
}

void WriteComputeJson(std::ostream& out, const ConvShape& s, const Results<double>& r) {
  Write(&out, s, r);
}

std::string FirstNonFinite(const Results<double>& r) {
  auto kind = [](double v) { return std::isnan(v) ? std::string(" is nan") : " is inf"; };
  if (!std::isfinite(r.loss)) return "loss" + kind(r.loss);
  for (steps::TensorId id : steps::kResultTensors) {
    const Tensor<double>& t = *steps::ResultTensor(r, id);
    const std::string name = steps::TensorName(id);
    for (size_t flat = 0; flat < t.size(); ++flat) {
      if (std::isfinite(t[flat])) continue;
      return name + CellIndexText(t.dims(), flat) + kind(t[flat]);
    }
  }
  return "";
}

}  // namespace convbp::json
