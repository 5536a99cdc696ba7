// Issue 15, worksheets from the real app (CTest runs this under Xvfb:
// tests/with_xvfb.sh): `convbp --export OUT.png --worksheet N` writes the
// picture with its numbered blanks and OUT.md with the questions and key.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "png_image.h"

namespace {

namespace fs = std::filesystem;

int RunApp(const std::string& args) {
  const std::string cmd = std::string(CONVBP_APP) + " --no-settings " + args + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Pixels of the overlay's blank-label colour (canvas_overlay.cpp: 200, 80, 0).
int LabelPixels(const convbp::app::PngImage& im) {
  int n = 0;
  for (int y = 0; y < im.h; ++y)
    for (int x = 0; x < im.w; ++x) {
      const unsigned char* p = im.At(x, y);
      if (std::abs(p[0] - 200) <= 12 && std::abs(p[1] - 80) <= 12 && p[2] <= 20) ++n;
    }
  return n;
}

TEST(WorksheetExport, WritesThePictureAndTheQuestionsWithTheirKey) {
  const fs::path dir = fs::temp_directory_path() / "convbp_worksheet_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path png = dir / "sheet.png", md = dir / "sheet.md";
  ASSERT_EQ(RunApp("--export " + png.string() + " --worksheet 4 --scene weight --stage slide"), 0);
  ASSERT_TRUE(fs::exists(png));
  ASSERT_TRUE(fs::exists(md));
  const convbp::app::PngImage im = convbp::app::LoadPng(png.string());
  EXPECT_EQ(im.w, 800);
  EXPECT_EQ(im.h, 600);
  EXPECT_GT(LabelPixels(im), 20) << "the numbered blanks are drawn";
  const std::string text = Read(md);
  EXPECT_NE(text.find("](sheet.png)"), std::string::npos) << text;
  EXPECT_EQ(Count(text, "## "), 2u) << "questions, then the key:\n" << text;
  for (int k = 1; k <= 4; ++k)
    EXPECT_EQ(Count(text, "**?" + std::to_string(k) + "**"), 2u) << "question and key of ?" << k;
  EXPECT_EQ(Count(text, "**?5**"), 0u);
  // A plain picture of the same stage has no blanks.
  const fs::path plain = dir / "plain.png";
  ASSERT_EQ(RunApp("--export " + plain.string() + " --scene weight --stage slide"), 0);
  EXPECT_EQ(LabelPixels(convbp::app::LoadPng(plain.string())), 0);
  EXPECT_FALSE(fs::exists(dir / "plain.md"));
}

TEST(WorksheetExport, RefusesWhatItCannotWrite) {
  const fs::path dir = fs::temp_directory_path() / "convbp_worksheet_test";
  fs::create_directories(dir);
  EXPECT_EQ(RunApp("--export " + (dir / "s.gif").string() + " --worksheet 3"), 2)
      << "a worksheet is a PNG";
  EXPECT_EQ(RunApp("--export " + (dir / "s.png").string() + " --worksheet 0"), 2);
  EXPECT_EQ(RunApp("--export " + (dir / "scatter.png").string() +
                   " --worksheet 3 --scene input --stage scatter"),
            2)
      << "the scatter view has no cells to fill in";
  EXPECT_FALSE(fs::exists(dir / "scatter.md"));
}

}  // namespace
