// Every sentence the core says to a person, in English and Chinese, in one
// table: scene and stage titles, why a cell is zero, step notes, the CLI's
// count lines, the notes beside the general equations. Functions look their
// words up by key; none writes an en/zh pair inline.
//
// A message may hold placeholders: "{k}" is filled from the arguments, and
// "{sym:NAME}" with the plain-text symbol of tensor NAME (notation.h), so a
// sentence never spells a symbol differently from the notation table.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "model.h"

namespace convbp::steps {

enum class Msg : uint16_t {
  // Scene titles, in Scene order.
  kSceneForward,
  kSceneBias,
  kSceneWeight,
  kSceneInput,
  kSceneMatrix,
  // Stage titles, in Stage order.
  kStageSlide,
  kStageSum,
  kStageDilate,
  kStagePad,
  kStageRotate,
  kStageCrop,
  kStageScatter,
  kStageOverlap,
  kStageProduct,
  kStageTransposedProduct,
  // Why a cell is zero or untouched, in lookup.h's Reason order.
  kReasonRemainderRow,
  kReasonRemainderCol,
  kReasonGapRow,
  kReasonGapCol,
  kReasonPaddingBorder,
  kReasonInsertedZero,
  kReasonFrameZero,
  kReasonRemainderZero,
  kReasonNoWeight,
  kReasonAllProductsZero,
  kReasonTermsCancel,
  kReasonHoleRow,
  kReasonHoleCol,
  // Step notes and how notes and reasons are joined.
  kNoteNoWeight,
  kNoteInsertedZero,
  kNoteSameDilatedAsEq5,
  kNoteTermRunningSum,  // {k} {n}
  kNoteTermScatter,     // {k} {n}
  kNoteOverlapNone,
  kNoteOverlapOne,
  kNoteOverlapSome,  // {n}
  // {n} per output channel, {d} output channels read it, {pushes} = n·d
  kNoteOverlapSomeChannels,
  kOverlapNoWindow,
  kNoteMatrixRow,          // {row} {n}: a product window is one row of C
  kNoteMatrixColumn,       // {col} {n}: a transposed-product window is one column of C
  kNoteMatrixEmptyColumn,  // {col}: a column of C with no entry
  kNoteMatrixNoRow,        // a transposed-product slot no row of C fills
  kListSeparator,          // between two notes or two reasons
  kTextNote,               // {note}: the note after a step's text line
  // What an elided sum left out: "+ 7 products with a zero factor".
  kZeroFactorProduct,   // {n} = 1
  kZeroFactorProducts,  // {n}
  kZeroTerm,            // {n} = 1 (the bias sum adds cells, not products)
  kZeroTerms,           // {n}
  kTapOffC,             // {n} = 1 (a slot of Cᵀ's column that is no entry of C)
  kTapsOffC,            // {n}
  // convbp-cli steps --count.
  kCountsLine,  // {stage} {windows} {macs}
  // Notes written beside a general equation.
  kEquationDilateNote,
  kEquationPadNote,
  kEquationPadDilatedNote,
  kEquationOverlapNote,
  kEquationOverlapDilatedNote,
  kEquationGroupForwardNote,
  kEquationGroupWeightNote,
  kEquationGroupInputNote,
  kEquationGroupScatterNote,
  // Derivation headings.
  kDerivationHeading,  // {scene} {stage} {n} {count}
  kDerivationMacs,
  kDerivationMatrixIndex,    // what C's rows and columns are
  kDerivationMatrixOmitted,  // {rows} {cols} {n}: C too large to print
  kCount
};
inline constexpr int kMsgCount = static_cast<int>(Msg::kCount);

Msg SceneTitleMsg(Scene scene);
Msg StageTitleMsg(Stage stage);

// The message as written in the table, placeholders and all.
const char* MessageSource(Msg msg, Lang lang);

using MessageArgs = std::initializer_list<std::pair<std::string_view, std::string_view>>;
// The message with its placeholders filled. An argument the message does
// not name is ignored; a placeholder with no argument stays as it is.
std::string Message(Msg msg, Lang lang, MessageArgs args = {});
// The placeholder filling of Message on any source text, for catalogues
// beside this one (core/quiz's questions).
std::string FillPlaceholders(std::string_view source, MessageArgs args = {});

}  // namespace convbp::steps
