// Every sentence of the practice questions and worksheets, in English and
// Chinese, in one table beside the step model's (steps/messages.h), filled
// the same way: "{k}" from the arguments, "{sym:NAME}" with the plain-text
// symbol of tensor NAME.
#pragma once

#include <cstdint>
#include <string>

#include "messages.h"

namespace convbp::quiz {

enum class QMsg : uint16_t {
  // Prompts, one per kind (cell_value has one per kind of step).
  kPromptCellValue,         // {cell} {scene} {stage}
  kPromptMoveValue,         // {cell} {scene} {stage}
  kPromptNoWeightPosition,  // {cell} {scene} {stage}
  kPromptWindowCount,       // {cell} {read} {scene} {stage}
  kPromptOutputShape,
  kPromptDilatedShape,
  kPromptPaddedDeltaShape,
  kPromptWeightSlideShape,
  kPromptWeightSlideGrads,
  kPromptProductsPerCell,  // {cell}
  kPromptWindowsReading,   // {cell} {d}
  kPromptWhyZero,          // {cell}
  kPromptContributors,     // {cell}
  // Hint rung 1.
  kHintUses,       // {cells}
  kHintMovedFrom,  // {cell}
  kHintSizes,      // {sizes}
  kHintRows,       // {rows} {cols}: windows with a tap on the row / column
  kHintNoRows,     // no window reads it
  // Verdicts.
  kRight,  // {answer}
  kWrong,
  kTooFewDigits,  // {n}
  kNotANumber,
  kNotIntegers,  // {n}: how many integers
  kNotAChoice,   // {n}
  kCellsWrong,   // {extra} {missing}
  kWrongTensor,  // {sym}
  kNoCells,
  // Worksheet.
  kSheetTitle,
  kSheetLayer,     // {cin} {h} {w} {cout} {k1} {k2} {s1} {s2}
  kSheetPadding,   // {p1} {p2}
  kSheetDilation,  // {d1} {d2}
  kSheetGroups,    // {g}
  kSheetTransposed,
  kSheetIndices,
  kSheetInputTable,   // {c}
  kSheetWeightTable,  // {c} {d}
  kSheetBias,
  kSheetDeltaTable,  // {d}
  kSheetTooLarge,
  kSheetCommand,  // {command}
  kSheetQuestions,
  kSheetAnswerKey,
  kSheetNumbers,  // how to write numbers
  kSheetChoose,
  kSheetListCells,
  kSheetWorking,
  kCount
};
inline constexpr int kQMsgCount = static_cast<int>(QMsg::kCount);

const char* QMessageSource(QMsg msg, steps::Lang lang);
std::string QMessage(QMsg msg, steps::Lang lang, steps::MessageArgs args = {});

}  // namespace convbp::quiz
