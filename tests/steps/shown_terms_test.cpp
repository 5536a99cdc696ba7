// Issue 18, item 1: a long sum shows the products that make its result.
// The seed's example (tests/data/seed_5x5_k3_s2.case.json) has eq 8 sums of
// 9 products, most with an inserted or framing zero of pδ: every non-zero
// product must be written out, in order, and the rest counted.
#include "shown_terms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "step.h"

namespace convbp::steps {
namespace {

// The seed's example, typed in from the case file.
Problem<double> SeedProblem() {
  Problem<double> p =
      ZeroProblem<double>(ConvShape{1, 5, 5, 1, 3, 3, 2, 2, 0, 0}, LossKind::kGivenGrad);
  const double input[5][5] = {
      {-3, 1, 0, -1, 2}, {0, 0, -3, 2, 3}, {3, 1, 2, 2, 3}, {-3, 0, -1, -3, 1}, {3, 1, -1, -2, 3}};
  const double weight[3][3] = {{-2, -1, 0}, {-1, -1, 2}, {1, 0, -1}};
  const double delta[2][2] = {{-1, 0}, {-1, 2}};
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) p.input(0, y, x) = input[y][x];
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 3; ++n) p.weight(0, 0, m, n) = weight[m][n];
  p.bias(0) = -1;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) p.loss_tensor(0, i, j) = delta[i][j];
  return p;
}

// Integers as the formulas write them: "−2"; as factors "(−1)".
std::string Number(int v) { return v < 0 ? "−" + std::to_string(-v) : std::to_string(v); }
std::string Factor(int v) { return v < 0 ? "(" + Number(v) + ")" : Number(v); }

// Eq 8 by hand for cell (y, x): rot180W[m,n] = W[2−m, 2−n]; pδ[u,v] is
// δ[(u−2)/2, (v−2)/2] where u−2 and v−2 are even and in 0..2, else 0.
struct HandSum {
  std::vector<std::string> nonzero_numbers, nonzero_cells;
  int zero_factor = 0, total = 0;
};
HandSum Eq8ByHand(const Problem<double>& p, int y, int x) {
  HandSum h;
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 3; ++n) {
      const int w = int(p.weight(0, 0, 2 - m, 2 - n));
      const int u = y + m - 2, v = x + n - 2;
      const bool on_delta = u >= 0 && v >= 0 && u <= 2 && v <= 2 && u % 2 == 0 && v % 2 == 0;
      const int d = on_delta ? int(p.loss_tensor(0, u / 2, v / 2)) : 0;
      if (w == 0 || d == 0) {
        ++h.zero_factor;
        continue;
      }
      h.total += w * d;
      h.nonzero_numbers.push_back(Factor(w) + "·" + Factor(d));
      // Kernels are written in the formulas' order rot180W[m,n,c,d].
      h.nonzero_cells.push_back("rot₁₈₀W[" + std::to_string(m) + "," + std::to_string(n) +
                                ",0,0]·pδ[0," + std::to_string(y + m) + "," +
                                std::to_string(x + n) + "]");
    }
  return h;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& s : parts) out += (out.empty() ? "" : " + ") + s;
  return out;
}

TEST(ShownTerms, SeedEq8SumsListEveryNonZeroProductAndCountTheRest) {
  const Problem<double> p = SeedProblem();
  const Results<double> r = Compute(p);
  int cells_with_a_nonzero_product = 0;
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) {
      const HandSum h = Eq8ByHand(p, y, x);
      SCOPED_TRACE("δ^{l-1}[0," + std::to_string(y) + "," + std::to_string(x) + "]");
      const Step st =
          StepAt(p, r, Scene::kInput, Stage::kSlide, uint64_t(y * 5 + x), Granularity::kWindow);
      ASSERT_EQ(st.sum, h.total);
      const std::string lhs = "δˡ⁻¹[0," + std::to_string(y) + "," + std::to_string(x) + "] = ";
      if (h.nonzero_numbers.empty()) continue;  // covered by AllZeroSumStillShowsOneTerm
      ++cells_with_a_nonzero_product;
      const std::string counted =
          " + " + std::to_string(h.zero_factor) + " products with a zero factor";
      EXPECT_EQ(st.formula[0].numbers,
                lhs + Join(h.nonzero_numbers) + counted + " = " + Number(h.total));
      EXPECT_EQ(st.formula[0].indices,
                lhs + Join(h.nonzero_cells) + counted + " = " + Number(h.total));
      EXPECT_EQ(st.formula[1].numbers, lhs + Join(h.nonzero_numbers) + " + " +
                                           std::to_string(h.zero_factor) +
                                           " 个含零因子的乘积 = " + Number(h.total));
    }
  EXPECT_GT(cells_with_a_nonzero_product, 5);
}

TEST(ShownTerms, AllZeroSumStillShowsOneTerm) {
  // A cell whose 9 products all have a zero factor (found by hand above)
  // still writes out its first term, so the sum shows what it multiplies.
  const Problem<double> p = SeedProblem();
  const Results<double> r = Compute(p);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) {
      if (!Eq8ByHand(p, y, x).nonzero_numbers.empty()) continue;
      const Step st =
          StepAt(p, r, Scene::kInput, Stage::kSlide, uint64_t(y * 5 + x), Granularity::kWindow);
      EXPECT_NE(st.formula[0].indices.find("rot₁₈₀W[0,0,0,0]·pδ[0,"), std::string::npos)
          << st.formula[0].indices;
      EXPECT_NE(st.formula[0].numbers.find(" + 8 products with a zero factor = 0"),
                std::string::npos)
          << st.formula[0].numbers;
      return;
    }
  FAIL() << "expected a seed eq 8 cell with no non-zero product";
}

TEST(ShownTerms, PickerKeepsShortSumsAndTheCurrentTerm) {
  auto zero_every_other = [](uint64_t k) { return k % 2 == 1; };
  EXPECT_EQ(PickShownTerms(4, 6, zero_every_other).indices, (std::vector<uint64_t>{0, 1, 2, 3}));
  // 20 terms, 10 non-zero (even k), limit 4: 0, 2, 4, …, 18; 6 hidden behind "…".
  ShownTerms t = PickShownTerms(20, 4, zero_every_other);
  EXPECT_EQ(t.indices, (std::vector<uint64_t>{0, 2, 4, 18}));
  EXPECT_EQ(t.zero_factor, 10u);
  EXPECT_EQ(t.more_nonzero, 6u);
  EXPECT_EQ(t.ellipsis_before, 18u);
  // The current multiply-add is shown even with a zero factor.
  t = PickShownTerms(20, 4, zero_every_other, 7);
  EXPECT_EQ(t.indices, (std::vector<uint64_t>{0, 2, 4, 7, 18}));
  EXPECT_EQ(t.zero_factor, 9u);
  EXPECT_EQ(LeftOutPhrase(1, Stage::kSlide, Lang::kEn), "1 product with a zero factor");
  EXPECT_EQ(LeftOutPhrase(3, Stage::kSum, Lang::kEn), "3 zero terms");
  EXPECT_EQ(LeftOutPhrase(7, Stage::kTransposedProduct, Lang::kEn),
            "7 taps on pδ zeros (not in C)");
}

}  // namespace
}  // namespace convbp::steps
