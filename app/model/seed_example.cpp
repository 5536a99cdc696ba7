#include "seed_example.h"

namespace convbp::app {

Problem<double> SeedExampleProblem() {
  Problem<double> p = ZeroProblem<double>(ConvShape{}, LossKind::kGivenGrad);
  p.input.values() = {-3, 1, 0,  -1, 2,  //
                      0,  0, -3, 2,  3,  //
                      3,  1, 2,  2,  3,  //
                      -3, 0, -1, -3, 1,  //
                      3,  1, -1, -2, 3};
  p.weight.values() = {-2, -1, 0,  //
                       -1, -1, 2,  //
                       1,  0,  -1};
  p.bias.values() = {-1};
  p.loss_tensor.values() = {-1, 0,  //
                            -1, 2};
  return p;
}

}  // namespace convbp::app
