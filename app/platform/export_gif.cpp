#include "export_gif.h"

#include <gif_lib.h>

#include <algorithm>
#include <cmath>

#include "colour_map.h"

namespace convbp::app {

namespace {

constexpr int kTransparent = 255;

Rgb ToRgb(Colour c) {
  auto q = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  return {q(c.r), q(c.g), q(c.b)};
}

int Distance(const Rgb& a, uint8_t r, uint8_t g, uint8_t b) {
  const int dr = int(a[0]) - r, dg = int(a[1]) - g, db = int(a[2]) - b;
  return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

}  // namespace

std::vector<Rgb> ExportPalette(Palette palette) {
  std::vector<Rgb> out;
  auto add = [&](Colour c) {
    const Rgb v = ToRgb(c);
    for (const Rgb& e : out)
      if (Distance(e, v[0], v[1], v[2]) < 12) return;  // near duplicate
    if (out.size() < kTransparent) out.push_back(v);
  };
  // Highlights and hatching first, so they are never crowded out.
  for (Colour c :
       {Colour{1.0f, 0.78f, 0.0f}, Colour{0.0f, 0.75f, 0.35f}, Colour{0.0f, 0.86f, 1.0f},
        Colour{0.0f, 0.745f, 0.353f}, Colour{0.47f, 0.35f, 0.0f}, Colour{0.9f, 0.24f, 0.24f},
        Colour{0.5f, 0.85f, 0.5f}, Colour{0.95f, 0.3f, 0.3f}, Colour{0.93f, 0.95f, 0.80f},
        Colour{0.72f, 0.76f, 0.45f}, Colour{0.90f, 0.90f, 0.92f}, Colour{0.70f, 0.72f, 0.78f},
        // ImGui's dark theme: window, frames, buttons, headers; the clear colour.
        Colour{0.06f, 0.06f, 0.06f}, Colour{0.11f, 0.11f, 0.13f}, Colour{0.16f, 0.29f, 0.48f},
        Colour{0.26f, 0.59f, 0.98f}, Colour{0.06f, 0.53f, 0.98f}, Colour{0.24f, 0.52f, 0.88f},
        Colour{0.04f, 0.04f, 0.04f}, Colour{0.16f, 0.29f, 0.48f}, Colour{0.43f, 0.43f, 0.50f}})
    add(c);
  // The colour map, sqrt-spaced like the shader (fine near white).
  for (int k = 0; k <= 48; ++k) {
    const float t = float(k) / 48;
    add(DivergingColour(palette, -t * t));
    add(DivergingColour(palette, t * t));
  }
  // Greys: text, dark panels, pending cells, remainder/gap hatching.
  for (int k = 0; k <= 40; ++k) add({k / 40.0f, k / 40.0f, k / 40.0f});
  // Cropped and no-weight cells: the map greyed (shader: mix with 0.6 / 0.55).
  for (int k = -6; k <= 6; ++k) {
    add(MixColour(DivergingColour(palette, k / 6.0f), {0.6f, 0.6f, 0.6f}, 0.6f));
    add(MixColour(DivergingColour(palette, k / 6.0f), {0.55f, 0.55f, 0.55f}, 0.75f));
  }
  // Anti-aliased dark and white digits over cells: the map toward black/white.
  for (float f : {0.35f, 0.65f})
    for (int k = -8; k <= 8; ++k) {
      if (k == 0) continue;
      add(MixColour(DivergingColour(palette, k / 8.0f), {0.08f, 0.08f, 0.08f}, f));
      add(MixColour(DivergingColour(palette, k / 8.0f), {1, 1, 1}, f));
    }
  // Whatever room is left: the highlights blended into the dark background.
  for (float f : {0.25f, 0.5f, 0.75f})
    for (Colour c : {Colour{1.0f, 0.78f, 0.0f}, Colour{0.0f, 0.75f, 0.35f},
                     Colour{0.0f, 0.86f, 1.0f}, Colour{0.26f, 0.59f, 0.98f}})
      add(MixColour({0.11f, 0.11f, 0.13f}, c, f));
  while (out.size() < kTransparent) out.push_back(out.back());
  return out;
}

GifEncoder::~GifEncoder() {
  if (gif_) EGifCloseFile(gif_, nullptr);
}

std::string GifEncoder::Open(const std::string& path, int width, int height, Palette palette) {
  path_ = path;
  width_ = width, height_ = height;
  colours_ = ExportPalette(palette);
  lut_.assign(size_t(1) << 18, 0xFF);
  int error = 0;
  gif_ = EGifOpenFileName(path.c_str(), false, &error);
  if (!gif_) return "cannot create " + path + ": " + GifErrorString(error);
  EGifSetGifVersion(gif_, true);  // GIF89a: delays and transparency
  GifColorType map[256];
  for (int k = 0; k < 256; ++k) {
    const Rgb& c = colours_[size_t(std::min(k, kTransparent - 1))];
    map[k] = {c[0], c[1], c[2]};
  }
  ColorMapObject* cmap = GifMakeMapObject(256, map);
  const int ok = EGifPutScreenDesc(gif_, width, height, 8, 0, cmap);
  GifFreeMapObject(cmap);
  if (ok == GIF_ERROR) return "cannot write " + path + ": " + GifErrorString(gif_->Error);
  // Loop forever (the NETSCAPE2.0 application extension).
  const unsigned char loop[3] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
      EGifPutExtensionBlock(gif_, 11, "NETSCAPE2.0") == GIF_ERROR ||
      EGifPutExtensionBlock(gif_, 3, loop) == GIF_ERROR ||
      EGifPutExtensionTrailer(gif_) == GIF_ERROR)
    return "cannot write " + path + ": " + GifErrorString(gif_->Error);
  return "";
}

uint8_t GifEncoder::Nearest(uint8_t r, uint8_t g, uint8_t b) {
  const size_t key = (size_t(r >> 2) << 12) | (size_t(g >> 2) << 6) | size_t(b >> 2);
  uint8_t& slot = lut_[key];
  if (slot != 0xFF) return slot;
  // The cell's centre stands for every colour in it.
  const uint8_t cr = uint8_t((r & 0xFC) | 2), cg = uint8_t((g & 0xFC) | 2),
                cb = uint8_t((b & 0xFC) | 2);
  int best = 0, best_d = Distance(colours_[0], cr, cg, cb);
  for (int k = 1; k < kTransparent; ++k) {
    const int d = Distance(colours_[size_t(k)], cr, cg, cb);
    if (d < best_d) best = k, best_d = d;
  }
  return slot = uint8_t(best);
}

std::string GifEncoder::AddFrame(const uint8_t* rgba, int delay_cs) {
  const size_t n = size_t(width_) * size_t(height_);
  current_.resize(n);
  for (size_t k = 0; k < n; ++k)
    current_[k] = Nearest(rgba[4 * k], rgba[4 * k + 1], rgba[4 * k + 2]);
  // The changed rectangle (the whole picture for the first frame).
  int x0 = 0, y0 = 0, x1 = width_ - 1, y1 = height_ - 1;
  const bool delta = frames_ > 0;
  if (delta) {
    x0 = width_, y0 = height_, x1 = -1, y1 = -1;
    for (int y = 0; y < height_; ++y)
      for (int x = 0; x < width_; ++x) {
        const size_t k = size_t(y) * size_t(width_) + size_t(x);
        if (current_[k] == previous_[k]) continue;
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    if (x1 < 0) x0 = y0 = x1 = y1 = 0;  // nothing changed: one transparent pixel holds the delay
  }
  GraphicsControlBlock gcb;
  gcb.DisposalMode = DISPOSE_DO_NOT;
  gcb.UserInputFlag = false;
  gcb.DelayTime = std::max(delay_cs, 2);
  gcb.TransparentColor = delta ? kTransparent : NO_TRANSPARENT_COLOR;
  GifByteType ext[4];
  const size_t ext_len = EGifGCBToExtension(&gcb, ext);
  const int w = x1 - x0 + 1, h = y1 - y0 + 1;
  if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, int(ext_len), ext) == GIF_ERROR ||
      EGifPutImageDesc(gif_, x0, y0, w, h, false, nullptr) == GIF_ERROR)
    return "cannot write " + path_ + ": " + GifErrorString(gif_->Error);
  std::vector<GifPixelType> row(static_cast<size_t>(w));
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      const size_t k = size_t(y) * size_t(width_) + size_t(x);
      row[size_t(x - x0)] =
          delta && current_[k] == previous_[k] ? GifPixelType(kTransparent) : current_[k];
    }
    if (EGifPutLine(gif_, row.data(), w) == GIF_ERROR)
      return "cannot write " + path_ + ": " + GifErrorString(gif_->Error);
  }
  previous_.swap(current_);
  ++frames_;
  return "";
}

std::string GifEncoder::Close() {
  if (!gif_) return "";
  int error = 0;
  const int ok = EGifCloseFile(gif_, &error);
  gif_ = nullptr;
  if (ok == GIF_ERROR) return "cannot write " + path_ + ": " + GifErrorString(error);
  return "";
}

}  // namespace convbp::app
