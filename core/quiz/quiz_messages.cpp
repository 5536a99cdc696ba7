#include "quiz_messages.h"

namespace convbp::quiz {

namespace {

struct Entry {
  QMsg key;
  const char* en;
  const char* zh;
};

// One row per QMsg, in enum order (the quiz test checks it).
constexpr Entry kMessages[kQMsgCount] = {
    {QMsg::kPromptCellValue, "Compute {cell}. ({scene}: {stage})",
     "计算 {cell}。（{scene}：{stage}）"},
    {QMsg::kPromptMoveValue, "Which number lands in {cell}? ({scene}: {stage})",
     "{cell} 中是哪个数？（{scene}：{stage}）"},
    {QMsg::kPromptNoWeightPosition,
     "Compute {cell}: P is the eq-5 slide of δ over pz, and this position lies beyond the "
     "k1×k2 weights (the remainder ρ makes it), so it belongs to no weight. ({scene}: {stage})",
     "计算 {cell}：P 是 δ 在 pz 上滑动得到的式 5 位置，这个位置在 k1×k2 个权重之外（由余数 ρ "
     "产生），不属于任何权重。（{scene}：{stage}）"},
    {QMsg::kPromptWindowCount, "How many windows read {read}? Fill in {cell}. ({scene}: {stage})",
     "有多少个窗口读取 {read}？填写 {cell}。（{scene}：{stage}）"},
    {QMsg::kPromptOutputShape,
     "How many rows × columns does one channel of the output {sym:output} have?",
     "输出 {sym:output} 的一个通道有几行 × 几列？"},
    {QMsg::kPromptDilatedShape,
     "{sym:grad_output_dilated} is {sym:grad_output} with s − 1 zeros inserted between "
     "neighbouring cells. How many rows × columns does one channel of it have?",
     "{sym:grad_output_dilated} 是在 {sym:grad_output} 相邻元素之间插入 s − 1 "
     "个零得到的。它的一个通道有几行 × "
     "几列？"},
    {QMsg::kPromptPaddedDeltaShape,
     "{sym:grad_output_padded} is {sym:grad_output_dilated} framed by zeros so that sliding "
     "{sym:weight_rot180} over it with stride 1 gives every cell of ∂L/∂pz (eq 8). How many "
     "rows × columns does one channel of it have?",
     "{sym:grad_output_padded} 是在 {sym:grad_output_dilated} 外围补零得到的，使得 "
     "{sym:weight_rot180} 以步长 1 在其上滑动时恰好得到 ∂L/∂pz 的每个元素（式 "
     "8）。它的一个通道有几行 × 几列？"},
    {QMsg::kPromptWeightSlideShape,
     "Eq 5 slides {sym:grad_output_dilated} over {sym:input_padded} with stride D (1 without "
     "dilation). How many positions, rows × columns, does that slide have?",
     "式 5 把 {sym:grad_output_dilated} 以步长 D（无空洞时为 1）在 {sym:input_padded} "
     "上滑动。这次滑动共有几行 × 几列个位置？"},
    {QMsg::kPromptWeightSlideGrads,
     "Of the positions of the eq-5 slide of one channel pair (c, d), how many are weight "
     "gradients ∂L/∂W?",
     "对一对通道 (c, d)，式 5 滑动的位置中有几个是权重梯度 ∂L/∂W？"},
    {QMsg::kPromptProductsPerCell,
     "Eq 8 computes {cell} as a sum of products {sym:weight_rot180}·{sym:grad_output_padded}. "
     "How many products are in that sum, counting the ones with a zero factor?",
     "式 8 把 {cell} 写成 {sym:weight_rot180}·{sym:grad_output_padded} "
     "的乘积之和。这个和里有多少个乘积"
     "（含零因子的也算）？"},
    {QMsg::kPromptWindowsReading,
     "In the forward pass (eq 4), how many windows (i, j) of output channel {d} read {cell}?",
     "在前向传播（式 4）中，输出通道 {d} 有多少个窗口 (i, j) 读取 {cell}？"},
    {QMsg::kPromptWhyZero, "{cell} = 0. Why?", "{cell} = 0。为什么？"},
    {QMsg::kPromptContributors,
     "Which cells of {sym:grad_output} contribute to {cell}? List every {sym:grad_output}[d,i,j] "
     "whose window reads this cell (eq 8; a contribution may happen to be 0).",
     "{sym:grad_output} 的哪些元素对 {cell} 有贡献？列出窗口读到该元素的每一个 "
     "{sym:grad_output}[d,i,j]（式 8；贡献的数值可以恰好为 0）。"},
    {QMsg::kHintUses, "It uses {cells}.", "它用到 {cells}。"},
    {QMsg::kHintMovedFrom, "It is moved from {cell}.", "它从 {cell} 移来。"},
    {QMsg::kHintSizes, "Sizes: {sizes}.", "尺寸：{sizes}。"},
    {QMsg::kHintRows, "Windows with a tap on its row: i = {rows}; on its column: j = {cols}.",
     "在其所在行有抽头的窗口：i = {rows}；在其所在列：j = {cols}。"},
    {QMsg::kHintNoRows, "No window has a tap on both its row and its column.",
     "没有窗口同时在其行和列上有抽头。"},
    {QMsg::kRight, "Right: {answer}.", "正确：{answer}。"},
    {QMsg::kWrong, "Not right. Try again, or take a hint.", "不对。再试一次，或者看一条提示。"},
    {QMsg::kTooFewDigits, "Give at least {n} significant digits.", "请至少给出 {n} 位有效数字。"},
    {QMsg::kNotANumber, "Type a number, e.g. 1.25 or −0.5.", "请输入一个数，例如 1.25 或 −0.5。"},
    {QMsg::kNotIntegers, "Type {n} whole number(s), e.g. 7 or 7 × 5.",
     "请输入 {n} 个整数，例如 7 或 7 × 5。"},
    {QMsg::kNotAChoice, "Choose one of the {n} options.", "请从 {n} 个选项中选一个。"},
    {QMsg::kCellsWrong, "Not right: {extra} chosen cell(s) do not contribute, {missing} missing.",
     "不对：选中的 {extra} 个元素没有贡献，还缺 {missing} 个。"},
    {QMsg::kWrongTensor, "Choose cells of {sym}.", "请选择 {sym} 的元素。"},
    {QMsg::kNoCells, "Choose at least one cell.", "请至少选择一个元素。"},
    {QMsg::kSheetTitle, "Practice: back-propagation through a conv layer",
     "练习：卷积层的反向传播"},
    {QMsg::kSheetLayer,
     "The layer: input {sym:input} of {cin} channel(s) × {h} × {w}, {cout} output channel(s), "
     "kernel {k1} × {k2}, stride ({s1}, {s2}).",
     "本层：输入 {sym:input} 为 {cin} 个通道 × {h} × {w}，输出 {cout} 个通道，卷积核 {k1} × "
     "{k2}，步长 "
     "({s1}, {s2})。"},
    {QMsg::kSheetPadding,
     "Zero padding ({p1}, {p2}): {sym:input_padded} is {sym:input} with p1 zero rows above and "
     "below and p2 zero columns left and right.",
     "零填充 ({p1}, {p2})：{sym:input_padded} 是在 {sym:input} 上下各补 p1 行零、左右各补 p2 "
     "列零。"},
    {QMsg::kSheetDilation,
     "Dilation ({d1}, {d2}): tap m of window i sits on row i·s1 + m·D1, tap n on column j·s2 + "
     "n·D2.",
     "空洞 ({d1}, {d2})：窗口 i 的第 m 个抽头位于第 i·s1 + m·D1 行，第 n 个抽头位于第 j·s2 + n·D2 "
     "列。"},
    {QMsg::kSheetGroups,
     "Groups g = {g}: output channel d reads only the input channels of its group; in W[m,n,c,d] "
     "c counts the input channels inside the group.",
     "分组 g = {g}：输出通道 d 只读取其所在组的输入通道；W[m,n,c,d] 中的 c 是组内输入通道的序号。"},
    {QMsg::kSheetTransposed,
     "This is a transposed convolution. Its forward pass is eq 8 of the conv written below "
     "(its adjoint): the questions are about that conv, whose {sym:grad_output} is the "
     "transposed layer's input x.",
     "这是一个转置卷积。它的前向传播就是下面这个卷积（其伴随卷积）的式 8：题目都针对这个卷积，其 "
     "{sym:grad_output} 就是转置层的输入 x。"},
    {QMsg::kSheetIndices,
     "Indices start at 0. Images are written [c,y,x] (channel, row, column); kernels "
     "W[m,n,c,d]: row m, column n of the kernel from input channel c to output channel d. "
     "{sym:grad_output} = ∂L/∂{sym:output} is given.",
     "下标从 0 开始。图像写作 [c,y,x]（通道、行、列）；卷积核写作 W[m,n,c,d]：从输入通道 c "
     "到输出通道 d "
     "的卷积核的第 m 行第 n 列。{sym:grad_output} = ∂L/∂{sym:output} 已给出。"},
    {QMsg::kSheetInputTable, "{sym:input}, channel c = {c}", "{sym:input}，通道 c = {c}"},
    {QMsg::kSheetWeightTable, "W[m,n,{c},{d}] (rows m, columns n)", "W[m,n,{c},{d}]（行 m，列 n）"},
    {QMsg::kSheetBias, "Bias b", "偏置 b"},
    {QMsg::kSheetDeltaTable, "{sym:grad_output}, channel d = {d}",
     "{sym:grad_output}，通道 d = {d}"},
    {QMsg::kSheetTooLarge, "(too large to print here: see the case file)",
     "（太大，此处不列出：见案例文件）"},
    {QMsg::kSheetCommand, "Made by `{command}`; the same command gives the same sheet.",
     "由 `{command}` 生成；同样的命令给出同样的练习。"},
    {QMsg::kSheetQuestions, "Questions", "题目"},
    {QMsg::kSheetAnswerKey, "Answer key", "答案"},
    {QMsg::kSheetNumbers,
     "Give numbers to at least 3 significant digits (fewer when the exact value needs fewer).",
     "数值至少给出 3 位有效数字（精确值位数更少时除外）。"},
    {QMsg::kSheetChoose, "Choose one:", "选择一项："},
    {QMsg::kSheetListCells, "List the cells:", "列出这些元素："},
    {QMsg::kSheetWorking, "working: ", "过程："},
};

constexpr bool InEnumOrder() {
  for (int k = 0; k < kQMsgCount; ++k)
    if (static_cast<int>(kMessages[k].key) != k) return false;
  return true;
}
static_assert(InEnumOrder(), "kMessages rows must follow QMsg's order");

}  // namespace

const char* QMessageSource(QMsg msg, steps::Lang lang) {
  const Entry& e = kMessages[static_cast<int>(msg)];
  return lang == steps::Lang::kZh ? e.zh : e.en;
}

std::string QMessage(QMsg msg, steps::Lang lang, steps::MessageArgs args) {
  return steps::FillPlaceholders(QMessageSource(msg, lang), args);
}

}  // namespace convbp::quiz
