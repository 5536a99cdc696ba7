#include "model.h"

#include <cassert>

#include "geometry.h"

namespace convbp::steps {

namespace {

// Machine names ("forward", "slide") for the CLI and JSON. Titles are in the
// message catalogue (messages.cpp), tensor names and symbols in the notation
// table (notation.cpp).
constexpr const char* kSceneNames[kSceneCount] = {"forward", "bias", "weight", "input", "matrix"};
constexpr const char* kStageNames[kStageCount] = {
    "slide", "sum",     "dilate",  "pad",     "rotate",
    "crop",  "scatter", "overlap", "product", "transposed_product"};

template <typename E, int N>
std::optional<E> Parse(const char* const (&names)[N], std::string_view name) {
  for (int k = 0; k < N; ++k)
    if (name == names[k]) return static_cast<E>(k);
  return std::nullopt;
}

template <int N>
std::string Joined(const char* const (&names)[N]) {
  std::string out;
  for (int k = 0; k < N; ++k) out += (k ? ", " : "") + std::string(names[k]);
  return out;
}

uint64_t U(int v) { return static_cast<uint64_t>(v); }

}  // namespace

const char* SceneName(Scene s) { return kSceneNames[static_cast<int>(s)]; }
const char* StageName(Stage s) { return kStageNames[static_cast<int>(s)]; }
std::string SceneNameList() { return Joined(kSceneNames); }
std::string StageNameList() { return Joined(kStageNames); }
std::optional<Scene> ParseScene(std::string_view n) { return Parse<Scene>(kSceneNames, n); }
std::optional<Stage> ParseStage(std::string_view n) { return Parse<Stage>(kStageNames, n); }

Dims TensorDims(const ConvShape& s, TensorId t) {
  auto d3 = [](std::array<int, 3> a) { return Dims{3, {a[0], a[1], a[2], 0}}; };
  auto d4 = [](std::array<int, 4> a) { return Dims{4, a}; };
  switch (t) {
    case TensorId::kNone:
    case TensorId::kOne: return {};
    case TensorId::kInput:
    case TensorId::kGradInput: return d3(s.InputDims());
    case TensorId::kInputPadded:
    case TensorId::kGradInputPadded: return d3(s.PaddedInputDims());
    case TensorId::kWeight:
    case TensorId::kWeightRot180:
    case TensorId::kGradWeight: return d4(s.WeightDims());
    case TensorId::kBias:
    case TensorId::kGradBias: return Dims{1, {s.c_out, 0, 0, 0}};
    case TensorId::kOutput:
    case TensorId::kGradOutput: return d3(s.OutputDims());
    case TensorId::kGradOutputDilated: return d3(s.DilatedDims());
    case TensorId::kGradOutputPadded: return d3(s.PaddedDeltaDims());
    case TensorId::kWeightPositions: return d4(s.WeightPositionsDims());
    case TensorId::kWindowCount: return Dims{3, {1, s.Hp(), s.Wp(), 0}};
  }
  return {};
}

bool CellInRange(const ConvShape& s, const Cell& cell) {
  const Dims d = TensorDims(s, cell.tensor);
  if (d.rank == 0 || d.rank != cell.rank) return false;
  for (int k = 0; k < d.rank; ++k)
    if (cell.idx[k] < 0 || cell.idx[k] >= d.d[k]) return false;
  return true;
}

bool HasPadding(const ConvShape& s) { return s.p1 > 0 || s.p2 > 0; }

TensorId CanonicalTensor(const ConvShape& s, TensorId t) {
  if (HasPadding(s)) return t;
  if (t == TensorId::kInputPadded) return TensorId::kInput;
  if (t == TensorId::kGradInputPadded) return TensorId::kGradInput;
  return t;
}

StageList StagesOf(const ConvShape& s, Scene scene) {
  StageList l;
  auto add = [&l](Stage st) { l.items[static_cast<size_t>(l.size++)] = st; };
  switch (scene) {
    case Scene::kForward: add(Stage::kSlide); break;
    case Scene::kBias: add(Stage::kSum); break;
    case Scene::kWeight:
      add(Stage::kDilate);
      add(Stage::kSlide);
      break;
    case Scene::kInput:
      add(Stage::kDilate);
      add(Stage::kPad);
      add(Stage::kRotate);
      add(Stage::kSlide);
      if (HasPadding(s)) add(Stage::kCrop);
      add(Stage::kScatter);
      add(Stage::kOverlap);
      break;
    case Scene::kMatrix:
      add(Stage::kProduct);
      add(Stage::kTransposedProduct);
      break;
  }
  return l;
}

bool HasStage(const ConvShape& s, Scene scene, Stage stage) {
  for (Stage st : StagesOf(s, scene))
    if (st == stage) return true;
  return false;
}

bool IsMoveStage(Stage st) {
  return st == Stage::kDilate || st == Stage::kPad || st == Stage::kRotate || st == Stage::kCrop;
}

uint64_t WindowCount(const ConvShape& s, Scene scene, Stage stage) {
  assert(HasStage(s, scene, stage));
  const uint64_t out = U(s.c_out) * U(s.Ho()) * U(s.Wo());
  switch (stage) {
    case Stage::kSlide:
      if (scene == Scene::kForward) return out;
      if (scene == Scene::kWeight)
        return U(s.c_out) * U(s.GroupInChannels()) * U(s.WeightPositionsH()) *
               U(s.WeightPositionsW());
      return U(s.c_in) * U(s.Hp()) * U(s.Wp());
    case Stage::kSum: return U(s.c_out);
    case Stage::kDilate: return out;
    case Stage::kPad: return U(s.c_out) * U(s.DilatedH()) * U(s.DilatedW());
    case Stage::kRotate: return U(s.c_out) * U(s.GroupInChannels()) * U(s.k1) * U(s.k2);
    case Stage::kCrop: return U(s.c_in) * U(s.h) * U(s.w);
    case Stage::kScatter: return U(s.c_in) * U(s.GroupOutChannels()) * U(s.Ho()) * U(s.Wo());
    case Stage::kOverlap: return U(s.Hp()) * U(s.Wp());
    case Stage::kProduct: return out;                                          // rows of C
    case Stage::kTransposedProduct: return U(s.c_in) * U(s.Hp()) * U(s.Wp());  // columns of C
  }
  return 0;
}

uint64_t MacsPerWindow(const ConvShape& s, Scene scene, Stage stage) {
  assert(HasStage(s, scene, stage));
  switch (stage) {
    case Stage::kSlide:
      if (scene == Scene::kForward) return U(s.GroupInChannels()) * U(s.k1) * U(s.k2);
      if (scene == Scene::kWeight) return U(s.Ho()) * U(s.Wo());
      return U(s.GroupOutChannels()) * U(s.k1) * U(s.k2);
    case Stage::kSum: return U(s.Ho()) * U(s.Wo());
    case Stage::kScatter:
    case Stage::kOverlap: return U(s.k1) * U(s.k2);
    case Stage::kProduct: return U(s.GroupInChannels()) * U(s.k1) * U(s.k2);
    case Stage::kTransposedProduct: return U(s.GroupOutChannels()) * U(s.k1) * U(s.k2);
    default: return 1;  // moves
  }
}

uint64_t StepCount(const ConvShape& s, Scene scene, Stage stage, Granularity g) {
  const uint64_t windows = WindowCount(s, scene, stage);
  return g == Granularity::kWindow ? windows : windows * MacsPerWindow(s, scene, stage);
}

MacPos MacToWindow(const ConvShape& s, Scene scene, Stage stage, uint64_t mac) {
  const uint64_t per = MacsPerWindow(s, scene, stage);
  return {mac / per, mac % per};
}

uint64_t WindowToMac(const ConvShape& s, Scene scene, Stage stage, uint64_t window, uint64_t term) {
  return window * MacsPerWindow(s, scene, stage) + term;
}

CellKind ClassifyCell(const ConvShape& s, const Cell& c) {
  const auto& x = c.idx;
  switch (c.tensor) {
    case TensorId::kOne: return CellKind::kConstantOne;
    case TensorId::kInputPadded:
      return IsPaddingBorder(s, x[1], x[2]) ? CellKind::kInputPadding : CellKind::kValue;
    case TensorId::kGradOutputDilated:
      return (x[1] % s.s1 || x[2] % s.s2) ? CellKind::kInsertedZero : CellKind::kValue;
    case TensorId::kGradOutputPadded: {
      const int u = x[1] - (s.K1() - 1), v = x[2] - (s.K2() - 1);  // in δ^{l_padding}
      const int dh = s.DilatedH(), dw = s.DilatedW();
      // The ρ extra rows/columns sit right after the bottom/right frame.
      if (u >= dh + s.K1() - 1 || v >= dw + s.K2() - 1) return CellKind::kRemainderZero;
      if (u < 0 || v < 0 || u >= dh || v >= dw) return CellKind::kFrameZero;
      return (u % s.s1 || v % s.s2) ? CellKind::kInsertedZero : CellKind::kValue;
    }
    case TensorId::kWeightPositions:
      return (x[2] >= s.k1 || x[3] >= s.k2) ? CellKind::kNoWeight : CellKind::kValue;
    default: return CellKind::kValue;
  }
}

}  // namespace convbp::steps
