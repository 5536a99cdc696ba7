#include "messages.h"

#include "notation.h"

namespace convbp::steps {

namespace {

struct Entry {
  Msg key;
  const char* en;
  const char* zh;
};

// One row per Msg, in enum order (the messages test checks it).
constexpr Entry kMessages[kMsgCount] = {
    {Msg::kSceneForward, "Forward pass (eq 4)", "前向传播（式 4）"},
    {Msg::kSceneBias, "Bias gradient (eq 6)", "偏置梯度（式 6）"},
    {Msg::kSceneWeight, "Weight gradient (eq 5)", "权重梯度（式 5）"},
    {Msg::kSceneInput, "Input gradient (eq 8)", "输入梯度（式 8）"},
    {Msg::kSceneMatrix, "Matrix view: why it is called transposed", "矩阵视角：为什么叫“转置”"},

    {Msg::kStageSlide, "Sliding window", "滑动窗口"},
    {Msg::kStageSum, "Sum", "求和"},
    {Msg::kStageDilate, "Zero insertion", "插零"},
    {Msg::kStagePad, "Outer padding", "外围补零"},
    {Msg::kStageRotate, "Kernel rotation by 180°", "卷积核旋转 180°"},
    {Msg::kStageCrop, "Crop the padding", "裁掉填充"},
    {Msg::kStageScatter, "Scatter (transposed convolution)", "散射（转置卷积）"},
    {Msg::kStageOverlap, "Overlap count", "重叠计数"},
    {Msg::kStageProduct, "z = C·vec(pz) + b, row by row", "z = C·vec(pz) + b，逐行"},
    {Msg::kStageTransposedProduct, "∂L/∂pz = Cᵀ·vec(δˡ), column by column",
     "∂L/∂pz = Cᵀ·vec(δˡ)，逐列"},

    {Msg::kReasonRemainderRow,
     "a remainder row: the last ρ1 rows of {sym:input_padded} are under no window, so its "
     "gradient is 0",
     "余数行：{sym:input_padded} 的最后 ρ1 行不在任何窗口之下，所以梯度为 0"},
    {Msg::kReasonRemainderCol,
     "a remainder column: the last ρ2 columns of {sym:input_padded} are under no window, so its "
     "gradient is 0",
     "余数列：{sym:input_padded} 的最后 ρ2 列不在任何窗口之下，所以梯度为 0"},
    {Msg::kReasonGapRow,
     "a gap row: with stride s1 > k1 the rows between neighbouring windows are never read, so "
     "its gradient is 0",
     "间隙行：步长 s1 > k1 时，相邻窗口之间的行从未被读取，所以梯度为 0"},
    {Msg::kReasonGapCol,
     "a gap column: with stride s2 > k2 the columns between neighbouring windows are never "
     "read, so its gradient is 0",
     "间隙列：步长 s2 > k2 时，相邻窗口之间的列从未被读取，所以梯度为 0"},
    {Msg::kReasonPaddingBorder,
     "the padding border: a zero added around the input; its gradient is computed, then "
     "cropped away (eq 9)",
     "填充边框：输入四周补的零；它的梯度会被算出，随后被裁掉（式 9）"},
    {Msg::kReasonInsertedZero, "an inserted zero: one of the s−1 zeros placed between δ cells",
     "插入的零：δ 相邻格之间插入的 s−1 个零之一"},
    {Msg::kReasonFrameZero, "the k−1 zero frame around {sym:grad_output_dilated}",
     "{sym:grad_output_dilated} 四周 k−1 圈零框"},
    {Msg::kReasonRemainderZero,
     "one of the ρ extra zero rows/columns that make {sym:grad_input_padded} come out Hp × Wp",
     "为使 {sym:grad_input_padded} 恰为 Hp × Wp 而补的 ρ 行/列零之一"},
    {Msg::kReasonNoWeight, "an extra eq-5 position from the remainder ρ: it belongs to no weight",
     "余数 ρ 带来的额外位置（式 5）：不属于任何权重"},
    {Msg::kReasonAllProductsZero, "every product in its sum is 0", "求和中的每个乘积都为 0"},
    {Msg::kReasonTermsCancel, "its products are not all 0 but cancel out",
     "各乘积不全为 0，但相互抵消"},
    {Msg::kReasonHoleRow,
     "hole row: with dilation D1 > 1 it lies between the taps of the windows spanning it, so "
     "no tap reads it and its gradient is 0",
     "空洞行：膨胀 D1 > 1 时它位于覆盖它的窗口的采样点之间，没有采样点读取它，所以梯度为 0"},
    {Msg::kReasonHoleCol,
     "hole column: with dilation D2 > 1 it lies between the taps of the windows spanning it, "
     "so no tap reads it and its gradient is 0",
     "空洞列：膨胀 D2 > 1 时它位于覆盖它的窗口的采样点之间，没有采样点读取它，所以梯度为 0"},

    {Msg::kNoteNoWeight, "belongs to no weight: an extra position from the remainder ρ",
     "不属于任何权重：余数 ρ 带来的额外位置"},
    {Msg::kNoteInsertedZero, "an inserted zero", "插入的零"},
    {Msg::kNoteSameDilatedAsEq5, "the same {sym:grad_output_dilated} as in eq 5",
     "与式 5 中的 {sym:grad_output_dilated} 相同"},
    {Msg::kNoteTermRunningSum, "term {k} of {n}; running sum", "第 {k} 项（共 {n} 项）；部分和"},
    {Msg::kNoteTermScatter, "term {k} of {n}; the target's value after adding it",
     "第 {k} 项（共 {n} 项）；加上后目标格的值"},
    {Msg::kNoteOverlapNone, "no window reads this cell, so its gradient is 0 whatever δ holds",
     "没有窗口读取这一格，所以无论 δ 取何值，它的梯度都是 0"},
    {Msg::kNoteOverlapOne, "1 window reads this cell", "1 个窗口读取这一格"},
    {Msg::kNoteOverlapSome,
     "{n} windows read this cell; in the scatter view {n} windows add into it",
     "{n} 个窗口读取这一格；在散射视图中有 {n} 个窗口加到这一格上"},
    {Msg::kNoteOverlapSomeChannels,
     "{n} windows read this cell in each output channel; in the scatter view {pushes} pushes add "
     "into it ({n} from each of the {d} output channels reading it)",
     "每个输出通道有 {n} 个窗口读取这一格；在散射视图中共有 {pushes} 次累加到这一格（读取它的 {d} "
     "个输出通道各 {n} 次）"},
    {Msg::kOverlapNoWindow, "no window", "无窗口"},
    {Msg::kNoteMatrixRow, "row {row} of C: its {n} entries are the window's weights",
     "C 的第 {row} 行：其 {n} 个元素就是该窗口的权重"},
    {Msg::kNoteMatrixColumn, "column {col} of C: rows of C (windows) reading this cell: {n}",
     "C 的第 {col} 列：C 有 {n} 行读取这一格"},
    {Msg::kNoteMatrixEmptyColumn,
     "column {col} of C is empty: no window reads this cell, so its gradient is 0",
     "C 的第 {col} 列为空：没有窗口读取这一格，所以梯度为 0"},
    {Msg::kNoteMatrixNoRow,
     "no row of C reads this cell through this tap: a zero of {sym:grad_output_padded}",
     "没有 C 的行经由这个采样点读取这一格：{sym:grad_output_padded} 中的一个零"},
    {Msg::kListSeparator, "; ", "；"},
    {Msg::kTextNote, "  ({note})", "  （{note}）"},
    {Msg::kZeroFactorProduct, "{n} product with a zero factor", "{n} 个含零因子的乘积"},
    {Msg::kZeroFactorProducts, "{n} products with a zero factor", "{n} 个含零因子的乘积"},
    {Msg::kZeroTerm, "{n} zero term", "{n} 个零项"},
    {Msg::kZeroTerms, "{n} zero terms", "{n} 个零项"},
    {Msg::kTapOffC, "{n} tap on a pδ zero (not in C)", "{n} 个落在 pδ 零上的抽头（不在 C 中）"},
    {Msg::kTapsOffC, "{n} taps on pδ zeros (not in C)", "{n} 个落在 pδ 零上的抽头（不在 C 中）"},

    {Msg::kCountsLine, "{stage}  windows {windows}  MACs {macs}",
     "{stage}  窗口 {windows}  乘加 {macs}"},

    {Msg::kEquationDilateNote, "(s−1 zeros between cells)", "（相邻格之间插入 s−1 个零）"},
    {Msg::kEquationPadNote, "(frame of k−1 zeros, +ρ)", "（k−1 圈零框，另加 ρ）"},
    {Msg::kEquationPadDilatedNote, "(frame of (k−1)·D zeros, +ρ)", "（(k−1)·D 圈零框，另加 ρ）"},
    {Msg::kEquationOverlapNote,
     "(tap m,n counts 1 when (i−m)/s1 and (j−n)/s2 are whole and name a window, else 0)",
     "（当 (i−m)/s1 与 (j−n)/s2 都是整数且对应某个窗口时，抽头 m,n 记 1，否则记 0）"},
    {Msg::kEquationOverlapDilatedNote,
     "(tap m,n counts 1 when (i−m·D1)/s1 and (j−n·D2)/s2 are whole and name a window, else 0)",
     "（当 (i−m·D1)/s1 与 (j−n·D2)/s2 都是整数且对应某个窗口时，抽头 m,n 记 1，否则记 0）"},
    {Msg::kEquationGroupForwardNote,
     "(c: the C_in/g input channels of d's group γ; W's index c' = c − γ·C_in/g)",
     "（c 只取 d 所在组 γ 的 C_in/g 个输入通道；W 的下标 c' = c − γ·C_in/g）"},
    {Msg::kEquationGroupWeightNote,
     "(W exists only for c in d's group γ, at index c' = c − γ·C_in/g)",
     "（只有 c 在 d 的组 γ 内时才有 W，下标为 c' = c − γ·C_in/g）"},
    {Msg::kEquationGroupInputNote,
     "(d: the C_out/g output channels of c's group γ; W's index c' = c − γ·C_in/g)",
     "（d 只取 c 所在组 γ 的 C_out/g 个输出通道；W 的下标 c' = c − γ·C_in/g）"},
    {Msg::kEquationGroupScatterNote, "(only for c in d's group γ; c' = c − γ·C_in/g)",
     "（只对 d 所在组 γ 内的 c；c' = c − γ·C_in/g）"},

    {Msg::kDerivationHeading, "{scene} — {stage}, step {n} of {count}",
     "{scene} — {stage}，第 {n} 步（共 {count} 步）"},
    {Msg::kDerivationMacs, " (multiply-adds)", "（乘加）"},
    {Msg::kDerivationMatrixIndex,
     "The matrix C: row (d·H'+i)·W'+j is output cell (d,i,j), column (c·Hp+y)·Wp+x is padded-input "
     "cell (c,y,x).",
     "矩阵 C：第 (d·H'+i)·W'+j 行对应输出格 (d,i,j)，第 (c·Hp+y)·Wp+x 列对应填充后输入格 "
     "(c,y,x)。"},
    {Msg::kDerivationMatrixOmitted,
     "C is {rows} × {cols} with {n} entries: too large to print here (convbp-cli matrix writes "
     "it).",
     "C 为 {rows} × {cols}，含 {n} 个非零元：太大，此处不列出（可用 convbp-cli matrix 输出）。"},
};

}  // namespace

Msg SceneTitleMsg(Scene s) {
  return static_cast<Msg>(static_cast<int>(Msg::kSceneForward) + static_cast<int>(s));
}
Msg StageTitleMsg(Stage s) {
  return static_cast<Msg>(static_cast<int>(Msg::kStageSlide) + static_cast<int>(s));
}

const char* MessageSource(Msg msg, Lang lang) {
  const Entry& e = kMessages[static_cast<int>(msg)];
  return lang == Lang::kZh ? e.zh : e.en;
}

std::string FillPlaceholders(std::string_view source, MessageArgs args) {
  std::string out;
  for (size_t k = 0; k < source.size();) {
    const size_t open = source.find('{', k);
    const size_t close = open == std::string_view::npos ? open : source.find('}', open);
    if (close == std::string_view::npos) {
      out += source.substr(k);
      break;
    }
    out += source.substr(k, open - k);
    const std::string_view key = source.substr(open + 1, close - open - 1);
    std::string_view value = source.substr(open, close - open + 1);  // unknown: kept as is
    if (key.starts_with("sym:")) {
      if (const auto t = ParseTensor(key.substr(4))) value = Symbol(*t, Form::kPlain);
    } else {
      for (const auto& [name, v] : args)
        if (name == key) value = v;
    }
    out += value;
    k = close + 1;
  }
  return out;
}

std::string Message(Msg msg, Lang lang, MessageArgs args) {
  return FillPlaceholders(MessageSource(msg, lang), args);
}

// Titles have no placeholders: their table text is returned as is.
const char* SceneTitle(Scene s, Lang lang) { return MessageSource(SceneTitleMsg(s), lang); }
const char* StageTitle(Stage s, Lang lang) { return MessageSource(StageTitleMsg(s), lang); }

}  // namespace convbp::steps
