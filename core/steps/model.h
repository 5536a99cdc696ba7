// The step model's vocabulary: scenes, stages, tensors, cells and the step
// counts of every stage.
//
//   scene     formula  stages, in order
//   forward   eq 4     slide
//   bias      eq 6     sum
//   weight    eq 5     dilate, slide
//   input     eq 8     dilate, pad, rotate, slide, crop (only when p1 or p2 > 0),
//                      the alternative view scatter, and overlap
//   matrix    eq 4, 8  product, transposed_product ("scene 5": the layer
//                      unrolled into C, core/matrix/conv_matrix_layout.h)
//
// A stage is numbered at two granularities. A *window* is one target cell
// (or one cell move); a *MAC* is one multiply-add inside a window. Every
// window of a stage has the same number of MACs, so the two numberings map
// onto each other by one division (MacToWindow / WindowToMac).
//
// Window order and terms of each stage (all counts are closed forms). With
// groups g, c' is an input channel's index inside its group (the kernel's
// second axis), d' an output channel's; output channel d reads input
// channels c = γ·C_in/g + c' of its group γ only. With dilation D, tap m
// of window i sits at row i·s1 + m·D1 (SlideAxis::Tap); K = (k−1)·D+1.
//   forward/slide   window (d,i,j) → z^l[d,i,j]; terms (c',m,n):
//                   W[d,c',m,n]·pz[c, i·s1+m·D1, j·s2+n·D2]; the accumulator
//                   starts at b[d]. Windows C_out·H'·W', MACs/window C_in/g·k1·k2.
//   bias/sum        window d → ∂L/∂b[d]; terms (i,j): δ^l[d,i,j]·1.
//                   Windows C_out, MACs/window H'·W'.
//   */dilate        move (d,i,j): δ^l[d,i,j] → δ^{l_padding}[d, i·s1, j·s2].
//                   C_out·H'·W' moves. The inserted zeros are not moves.
//   weight/slide    window (d,c',m,n) over the positions of δ^{l_padding}_d
//                   slid over pz_c *with stride D* (WeightPositionsH × W of
//                   them) → ∂L/∂W[d,c',m,n] (or, for m ≥ k1 or n ≥ k2, the
//                   position P[d,c',m,n] that belongs to no weight); terms
//                   (i,j) over the *non-inserted* cells only:
//                   δ^{l_padding}[d, i·s1, j·s2]·pz[c, m·D1+i·s1, n·D2+j·s2].
//                   The inserted zeros contribute 0 and are skipped, so
//                   MACs/window = H'·W' (not the dilated size).
//   input/pad       move (d,u,v) for every δ^{l_padding} cell (inserted zeros
//                   included) → pδ[d, u+K1−1, v+K2−1]. C_out·DH·DW moves.
//   input/rotate    move (d,c',m,n): W[d,c',m,n] → rot180W[d,c',k1−1−m,k2−1−n].
//   input/slide     window (c,y,x) → ∂L/∂pz[c,y,x]; terms (d',m,n) over the
//                   output channels of c's group, all of them, zeros
//                   included: rot180W[d,c',m,n]·pδ[d, y+m·D1, x+n·D2].
//                   Windows C_in·Hp·Wp, MACs/window C_out/g·k1·k2.
//   input/crop      move (c,y,x): ∂L/∂pz[c, y+p1, x+p2] → δ^{l-1}[c,y,x].
//                   C_in·H·W moves; the stage exists only when p1 or p2 > 0.
//   input/scatter   window (c,d',i,j): δ^l[d,i,j] adds δ^l[d,i,j]·W[d,c',:,:]
//                   into the window at (i·s1, j·s2) of ∂L/∂pz_c; terms (m,n):
//                   δ^l[d,i,j]·W[d,c',m,n], each into its own target cell
//                   ∂L/∂pz[c, i·s1+m·D1, j·s2+n·D2]. Windows C_in·C_out/g·H'·W',
//                   MACs/window k1·k2.
//   input/overlap   window (y,x) → N[0,y,x], how many windows read pz[·,y,x]
//                   (in transposed mode: how many windows of x·W add into
//                   output cell (y,x)); terms (m,n), one per kernel tap:
//                   1·1 when the window i = (y − m·D1)/s1, j = (x − n·D2)/s2
//                   exists (both divisions exact and in range; Term::window
//                   names it by its δ cell δ^l[0,i,j]), else 0·1 (operand
//                   kNone). The terms read no cell.
//                   Windows Hp·Wp, MACs/window k1·k2. A 0 is a cell no
//                   window reads: its gradient is 0 whatever δ holds.
//   matrix/product  window = row r of C = output cell (d,i,j) in RowOf order
//                   → z^l[d,i,j]; terms (c',m,n) = the row's structural
//                   nonzeros in increasing column order:
//                   C[r, ColOf(c,y,x)]·pz[c,y,x] = W[d,c',m,n]·pz[c, i·s1+m·D1,
//                   j·s2+n·D2]; the accumulator starts at b[d] (z = C·vec(pz) + b).
//                   Windows C_out·H'·W', MACs/window C_in/g·k1·k2 — the same
//                   products as forward/slide, read as one row of C each.
//   matrix/transposed_product
//                   window = column col of C = pz cell (c,y,x) in ColOf order
//                   → ∂L/∂pz[c,y,x] (Cᵀ·vec(δ^l), column by column). A column
//                   holds at most C_out/g·k1·k2 entries, one per (d', tap):
//                   term (d', a, b) is the slot of tap m = k1−1−a, n = k2−1−b,
//                   read by window i = (y − m·D1)/s1, j = (x − n·D2)/s2 when
//                   those are whole and in range. Then the term is the entry
//                   C[RowOf(d,i,j), col]·δ = W[d,c',m,n]·δ^l[d,i,j] (b operand
//                   tensor kGradOutput); otherwise no row of C reads the cell
//                   through that tap and the term is W[d,c',m,n]·pδ[d, y+a·D1,
//                   x+b·D2], one of pδ's zeros (b operand kGradOutputPadded,
//                   kind inserted/frame/remainder zero). The slots with a
//                   kGradOutput operand are ColumnEntries(col), in increasing
//                   row order. Term for term this is input/slide: eq 8's pδ
//                   zeros are exactly the entries C's column lacks.
//                   Windows C_in·Hp·Wp, MACs/window C_out/g·k1·k2.
//
// When p1 = p2 = 0 the padded input *is* the input and ∂L/∂pz *is* δ^{l-1}:
// steps then name `input` and `grad_input` (the canonical ids, see
// CanonicalTensor) and the input scene has no crop stage.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shape.h"

namespace convbp::steps {

enum class Scene : uint8_t { kForward, kBias, kWeight, kInput, kMatrix };
inline constexpr int kSceneCount = 5;

enum class Stage : uint8_t {
  kSlide,
  kSum,
  kDilate,
  kPad,
  kRotate,
  kCrop,
  kScatter,
  kOverlap,            // input: how many windows read each pz cell
  kProduct,            // matrix: C·vec(pz), row by row
  kTransposedProduct,  // matrix: Cᵀ·vec(δ^l), column by column
};
inline constexpr int kStageCount = 10;

enum class Granularity : uint8_t { kWindow, kMac };

enum class Lang : uint8_t { kEn, kZh };

// Every tensor a step can name. kOne is the constant 1 that multiplies δ in
// the bias sum; kWeightPositions is the eq-5 correlation (k1+ρ1)×(k2+ρ2)
// whose first k1×k2 positions are ∂L/∂W; kWindowCount is N, how many
// windows read each cell of pz (1 × Hp × Wp, the overlap stage).
enum class TensorId : uint8_t {
  kNone,
  kOne,
  kInput,
  kInputPadded,
  kWeight,
  kWeightRot180,
  kBias,
  kOutput,
  kGradOutput,
  kGradOutputDilated,
  kGradOutputPadded,
  kGradInputPadded,
  kGradInput,
  kGradWeight,
  kGradBias,
  kWeightPositions,
  kWindowCount,
};
inline constexpr int kTensorIdCount = 17;

// Machine names ("forward", "slide", "grad_input_padded", …) used by the CLI
// and JSON, and their parsers (nullopt for an unknown name). Tensor names
// come from the notation table (notation.h), which also holds each tensor's
// symbols and words.
const char* SceneName(Scene scene);
const char* StageName(Stage stage);
// Every machine name, comma-separated ("slide, sum, …"), for messages that
// list what a flag accepts.
std::string SceneNameList();
std::string StageNameList();
const char* TensorName(TensorId tensor);
std::optional<Scene> ParseScene(std::string_view name);
std::optional<Stage> ParseStage(std::string_view name);
std::optional<TensorId> ParseTensor(std::string_view name);

// Titles for the UI, in English or Chinese: "Input gradient (eq 8)",
// "Zero insertion", "插零", … (from the message catalogue, messages.h).
const char* SceneTitle(Scene scene, Lang lang);
const char* StageTitle(Stage stage, Lang lang);

// A cell of one tensor, indices in storage order ([d,c,m,n] for kernels,
// [c,y,x] for images, [d] for biases). Fixed size: no allocation. People
// read kernels as (m,n,c,d): see DisplayIndices in notation.h.
struct Cell {
  TensorId tensor = TensorId::kNone;
  uint8_t rank = 0;
  std::array<int, 4> idx{};

  static Cell Of(TensorId t, int a) { return {t, 1, {a, 0, 0, 0}}; }
  static Cell Of(TensorId t, int a, int b, int c) { return {t, 3, {a, b, c, 0}}; }
  static Cell Of(TensorId t, int a, int b, int c, int d) { return {t, 4, {a, b, c, d}}; }
  // From / to an index list, for Tensor's Contains and OffsetOf (rank ≤ 4).
  static Cell Of(TensorId t, const std::vector<int>& index) {
    Cell c{t, static_cast<uint8_t>(index.size()), {}};
    for (size_t a = 0; a < index.size() && a < 4; ++a) c.idx[a] = index[a];
    return c;
  }
  std::vector<int> Index() const { return {idx.begin(), idx.begin() + rank}; }
  bool operator==(const Cell&) const = default;
};

// Dims of a tensor for this shape ({} for kNone/kOne).
struct Dims {
  uint8_t rank = 0;
  std::array<int, 4> d{};
};
Dims TensorDims(const ConvShape& shape, TensorId tensor);
// True when `cell` names a real tensor with the rank and in-range indices of
// this shape.
bool CellInRange(const ConvShape& shape, const Cell& cell);

// input_padded → input and grad_input_padded → grad_input when p1 = p2 = 0
// (the same tensors then); every other id unchanged. Steps only ever name
// canonical ids; lookups canonicalise their argument.
bool HasPadding(const ConvShape& shape);
TensorId CanonicalTensor(const ConvShape& shape, TensorId tensor);

// The stages of a scene in order (crop only with padding; scatter last, as
// the alternative view of eq 8).
struct StageList {
  std::array<Stage, 6> items{};
  int size = 0;
  const Stage* begin() const { return items.data(); }
  const Stage* end() const { return items.data() + size; }
};
StageList StagesOf(const ConvShape& shape, Scene scene);
bool HasStage(const ConvShape& shape, Scene scene, Stage stage);

// Transform stages (dilate, pad, rotate, crop) are made of cell moves: one
// window = one MAC = one move.
bool IsMoveStage(Stage stage);

// Closed-form counts (see the table above). Precondition: HasStage.
uint64_t WindowCount(const ConvShape& shape, Scene scene, Stage stage);
uint64_t MacsPerWindow(const ConvShape& shape, Scene scene, Stage stage);
uint64_t StepCount(const ConvShape& shape, Scene scene, Stage stage, Granularity g);

// MAC number ↔ (window, term within the window).
struct MacPos {
  uint64_t window = 0;
  uint64_t term = 0;
  bool operator==(const MacPos&) const = default;
};
MacPos MacToWindow(const ConvShape& shape, Scene scene, Stage stage, uint64_t mac);
uint64_t WindowToMac(const ConvShape& shape, Scene scene, Stage stage, uint64_t window,
                     uint64_t term = 0);

// What kind of cell this is, structurally (independent of the values).
enum class CellKind : uint8_t {
  kValue,          // an ordinary cell carrying data
  kConstantOne,    // the 1 that multiplies δ in the bias sum
  kInputPadding,   // pz border: a zero added by the input padding p
  kInsertedZero,   // δ^{l_padding}/pδ: one of the s−1 zeros between δ cells
  kFrameZero,      // pδ: the K−1 zero frame around δ^{l_padding}
  kRemainderZero,  // pδ: the ρ extra zero rows/columns at the bottom/right
  kNoWeight,       // weight_positions: an eq-5 position beyond k1×k2
};
CellKind ClassifyCell(const ConvShape& shape, const Cell& cell);

}  // namespace convbp::steps
