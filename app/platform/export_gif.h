// An animated-GIF encoder for exported pictures (giflib), streaming: each
// frame is written as it arrives, so memory stays at two frames.
//
// Palette: one fixed global 256-entry table built from what the renderer can
// draw — the diverging colour map sampled finely (sqrt-spaced like the
// shader), the hatching and highlight colours, ImGui's dark theme, 40 greys,
// and the map darkened toward the text colours (anti-aliased digits on
// cells). Pixels map to the nearest entry (a lazily filled 6-bit-per-channel
// lookup table); there is no dithering, so digits stay crisp. Entry 255 is
// transparent: every frame after the first covers only the bounding box of
// the pixels that changed, with unchanged pixels transparent, which keeps a
// whole scene's GIF small.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "canvas_model.h"

struct GifFileType;

namespace convbp::app {

using Rgb = std::array<uint8_t, 3>;

// The 255 opaque colours of the export palette for this colour map.
std::vector<Rgb> ExportPalette(Palette palette);

class GifEncoder {
 public:
  GifEncoder() = default;
  GifEncoder(const GifEncoder&) = delete;
  GifEncoder& operator=(const GifEncoder&) = delete;
  ~GifEncoder();

  // Creates `path` (truncating it). "" or the error naming the path.
  std::string Open(const std::string& path, int width, int height, Palette palette);
  // `rgba`: width·height·4 bytes, top row first. `delay_cs` in 1/100 s.
  std::string AddFrame(const uint8_t* rgba, int delay_cs);
  // Writes the trailer and closes. "" or the error.
  std::string Close();

  int frames() const { return frames_; }

 private:
  uint8_t Nearest(uint8_t r, uint8_t g, uint8_t b);

  GifFileType* gif_ = nullptr;
  std::string path_;
  int width_ = 0, height_ = 0, frames_ = 0;
  std::vector<Rgb> colours_;
  std::vector<uint8_t> lut_;  // 64³ entries, 0xFF = not yet computed
  std::vector<uint8_t> previous_, current_;
};

}  // namespace convbp::app
