// convbp-cli matrix CASE.json [--transpose] [--format json|mtx]: the layer
// unrolled into the sparse matrix C (core/matrix/conv_matrix_layout.h) —
// dense JSON for small layers, (row, col, value) triplets for big ones, or
// Matrix Market — with the maps from row/column numbers to tensor cells.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "matrix/conv_matrix.h"

namespace convbp::cli {

namespace {

constexpr FlagSpec kFlags[] = {{"--transpose", "", FlagValue::kNone}, {"--format", "F"}};

// Up to this many cells (rows × columns) the JSON holds the dense matrix.
constexpr int64_t kDenseCells = int64_t{1} << 14;

int Bad(const std::string& why) {
  return Fail("convbp-cli matrix: " + why + " (see convbp-cli matrix --help)");
}

// What a row or a column of C stands for: a tensor cell, by its index map.
struct IndexMap {
  const char* tensor;
  std::array<int, 3> dims;
  const char* cell;   // "(d,i,j)"
  const char* index;  // its 0-based number: "(d·H' + i)·W' + j"
};

nlohmann::json ToJson(const IndexMap& m) {
  return {{"tensor", m.tensor}, {"dims", m.dims}, {"cell", m.cell}, {"index", m.index}};
}

// "% rows: number (d·H' + i)·W' + j (0-based) is output cell (d,i,j), dims [2,2,3]"
std::string MtxComment(const char* what, const IndexMap& m) {
  return std::string("% ") + what + ": number " + m.index +
         " (0-based; the file counts from 1) is " + m.tensor + " cell " + m.cell + ", dims " +
         nlohmann::json(m.dims).dump() + "\n";
}

}  // namespace

const CommandInfo kMatrixInfo = {
    "matrix",
    "print the layer as the sparse matrix C of vec(z) = C·vec(pz) + b (or Cᵀ)",
    "usage: convbp-cli matrix CASE.json [--transpose] [--format json|mtx]\n"
    "\n"
    "The forward pass is linear in the padded input: vec(z) = C·vec(pz) + b,\n"
    "and the input gradient is its transpose product: vec(∂L/∂pz) = Cᵀ·vec(δ).\n"
    "vec() flattens row-major, so row r = (d·H' + i)·W' + j is output cell\n"
    "z[d,i,j] and column col = (c·Hp + y)·Wp + x is padded-input cell pz[c,y,x];\n"
    "C[r, col] = W[d,c',m,n] (OIHW) when tap (m,n) of window (i,j) lands on\n"
    "(y,x), 0 otherwise. A column with no entry is a cell no window reads\n"
    "(remainder, gap or dilation hole). For a transposed case C is its adjoint\n"
    "conv's matrix, and the layer computes y = crop(Cᵀ·vec(x)) + b: rows are the\n"
    "cells of x (the adjoint's δ), columns those of y before its p border is\n"
    "cropped.\n"
    "\n"
    "JSON (the default): {matrix: \"C\" or \"C^T\", layer, rows, cols, entries (the\n"
    "structural entries: one per window and kernel tap), nonzeros (those whose\n"
    "weight is not 0), row_index, col_index: {tensor, dims, cell, index}, and\n"
    "either dense: [[…]] (up to\n"
    "16384 cells) or triplets: [[row, col, value], …] in row-major order, every\n"
    "structural entry listed even when its weight is 0}.\n"
    "\n"
    "flags:\n"
    "  --transpose  print Cᵀ (rows and columns swapped, index maps too)\n"
    "  --format F   json (default) or mtx (Matrix Market coordinate, 1-based,\n"
    "               the index maps in its comment lines)\n"
    "  -h, --help   this text\n"
    "\n"
    "Exit 0, or 2 with one line on stderr for a bad case or flag, or a layer\n"
    "with more than 16777216 entries.\n",
    kFlags,
    1,
    "CASE.json",
};

int RunMatrix(const Args& args) {
  const bool transpose = args.Value("--transpose") != nullptr;
  bool mtx = false;
  if (const std::string* v = args.Value("--format")) {
    if (*v == "mtx") mtx = true;
    else if (*v != "json") return Bad("--format '" + *v + "': expected json or mtx");
  }
  const json::CaseLoad c = LoadCase(args);
  if (!c.ok()) return Fail(c.error);
  const ConvShape& layer = c.problem.shape;
  const ConvShape s = matrix::MatrixShapeOf(layer);
  if (matrix::NonzeroCount(s) > matrix::kMaxMatrixEntries)
    return Bad("the layer's matrix has " + std::to_string(matrix::NonzeroCount(s)) +
               " entries, more than " + std::to_string(matrix::kMaxMatrixEntries));

  const bool conv = layer.mode == ConvMode::kConv;
  IndexMap rows{conv ? "output" : "input", s.OutputDims(), "(d,i,j)", "(d·H' + i)·W' + j"};
  IndexMap cols{conv ? "input_padded" : "output_before_crop", s.PaddedInputDims(), "(c,y,x)",
                "(c·Hp + y)·Wp + x"};
  matrix::SparseMatrix<double> m = matrix::BuildConvMatrix(s, c.problem.weight);
  if (transpose) {
    m = matrix::SparseMatrix<double>(m.transpose());  // row-major again
    std::swap(rows, cols);
  }
  const char* name = transpose ? "C^T" : "C";

  if (mtx) {
    std::cout << "%%MatrixMarket matrix coordinate real general\n"
              << "% convbp " << name << (conv ? "" : " of the transposed layer's adjoint conv")
              << "\n"
              << MtxComment("rows", rows) << MtxComment("columns", cols) << m.rows() << " "
              << m.cols() << " " << m.nonZeros() << "\n";
    char value[32];
    for (Eigen::Index r = 0; r < m.outerSize(); ++r)
      for (matrix::SparseMatrix<double>::InnerIterator it(m, r); it; ++it) {
        std::snprintf(value, sizeof value, "%.17g", it.value());
        std::cout << r + 1 << " " << it.col() + 1 << " " << value << "\n";
      }
    std::cout.flush();
    return kExitOk;
  }

  // Eigen's nonZeros() counts stored (structural) entries, a 0 weight
  // included; a reader asking "how sparse is C" wants both numbers.
  int64_t nonzero_values = 0;
  for (Eigen::Index k = 0; k < m.nonZeros(); ++k) nonzero_values += m.valuePtr()[k] != 0.0;
  nlohmann::json out = {{"matrix", name},
                        {"layer", conv ? "conv" : "transposed"},
                        {"rows", m.rows()},
                        {"cols", m.cols()},
                        {"entries", m.nonZeros()},
                        {"nonzeros", nonzero_values},
                        {"row_index", ToJson(rows)},
                        {"col_index", ToJson(cols)}};
  if (int64_t{m.rows()} * m.cols() <= kDenseCells) {
    nlohmann::json dense = nlohmann::json::array();
    const Eigen::MatrixXd d(m);
    for (Eigen::Index r = 0; r < d.rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index k = 0; k < d.cols(); ++k) row.push_back(d(r, k));
      dense.push_back(std::move(row));
    }
    out["dense"] = std::move(dense);
  } else {
    nlohmann::json triplets = nlohmann::json::array();
    for (Eigen::Index r = 0; r < m.outerSize(); ++r)
      for (matrix::SparseMatrix<double>::InnerIterator it(m, r); it; ++it)
        triplets.push_back({r, it.col(), it.value()});
    out["triplets"] = std::move(triplets);
  }
  std::cout << out.dump() << "\n";
  std::cout.flush();
  return kExitOk;
}

}  // namespace convbp::cli
