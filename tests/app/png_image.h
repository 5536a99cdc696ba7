// A PNG the app wrote, as 8-bit RGB pixels, for the screenshot tests.
#pragma once

#include <stb_image.h>

#include <cstddef>
#include <memory>
#include <string>

namespace convbp::app {

struct PngImage {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, stbi_image_free};
  const unsigned char* At(int x, int y) const { return px.get() + (size_t(y) * w + x) * 3; }
};

// Empty (px == nullptr) when the file is missing or not an image.
inline PngImage LoadPng(const std::string& path) {
  PngImage im;
  int channels = 0;
  im.px.reset(stbi_load(path.c_str(), &im.w, &im.h, &channels, 3));
  return im;
}

}  // namespace convbp::app
