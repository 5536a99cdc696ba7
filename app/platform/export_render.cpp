// Off-screen export: each frame of the plan is drawn into a framebuffer
// object (FBO) with the app's own canvas, grid renderer and typesetter, in a
// "picture" layout — the canvas over the whole width and a caption strip
// with the stage, the step and its formula — then read back and written as
// GIF frames or PNGs. Output goes to a temporary name beside the target
// (json::TempPathFor: NAME.convbp-tmp-PID) and is renamed into place at the
// end, so a failed or cancelled export leaves no partial file, and one
// killed mid-way leaves the old file whole; the next export to the same
// place (or the next interactive start, for the working directory) removes
// what a killed one left.
#include "export_render.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <cerrno>
#include <cfloat>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "app_window.h"
#include "atomic_file.h"
#include "canvas_overlay.h"
#include "equations.h"
#include "export_gif.h"
#include "formula_text.h"
#include "gl_api.h"
#include "i18n.h"
#include "panels.h"
#include "platform_io.h"
#include "typeset.h"
#include "worksheet.h"

namespace convbp::app {

namespace {

namespace fs = std::filesystem;

class Fbo {
 public:
  Fbo() = default;
  Fbo(const Fbo&) = delete;
  Fbo& operator=(const Fbo&) = delete;
  ~Fbo() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (colour_) glDeleteRenderbuffers(1, &colour_);
  }
  bool Create(int w, int h) {
    glGenRenderbuffers(1, &colour_);
    glBindRenderbuffer(GL_RENDERBUFFER, colour_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return ok;
  }
  unsigned id() const { return fbo_; }

 private:
  unsigned fbo_ = 0, colour_ = 0;
};

// The caption under the canvas: stage and step, the stage's equation, and
// the current window written out with its numbers.
void DrawCaption(const AppState& s, const Rect& r) {
  ImGui::SetNextWindowPos({r.x, r.y});
  ImGui::SetNextWindowSize({r.w, r.h});
  ImGui::Begin("##export_caption", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoInputs |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  const steps::Step& c = s.derived.current;
  const std::string where =
      TF(s.lang, "export.caption_step",
         {{"n", std::to_string(c.index + 1)}, {"count", std::to_string(c.count)}});
  ImGui::Text("%s  ·  %s  ·  %s", steps::SceneTitle(s.nav.scene, s.lang),
              steps::StageTitle(s.nav.stage, s.lang), where.c_str());
  const float avail = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  auto fitted = [&](const std::string& tex) {
    const TypesetResult m =
        Typeset(nullptr, ImGui::GetFont(), ImGui::GetFontSize(), {0, 0}, 0, 0, tex);
    const float scale = m.width > avail ? std::max(0.45f, avail / m.width) : 1.0f;
    TypesetItem(tex, scale);
  };
  fitted(steps::GeneralEquation(s.nav.scene, s.nav.stage, steps::Form::kTex, s.lang,
                                steps::EquationVariant::Of(s.problem.shape)));
  if (!s.practice.sheet.empty()) {  // a worksheet: the last window's sum would be an answer
    ImGui::End();
    return;
  }
  std::string numbers;
  for (const FormulaChunk& k : s.derived.chunks_numbers)
    numbers += (numbers.empty() ? "" : " ") + k.tex;
  if (!numbers.empty()) fitted(numbers);
  else ImGui::TextUnformatted(c.formula[size_t(s.lang)].numbers.c_str());
  ImGui::End();
}

// Draws `s` into `fbo` (w×h) and reads it back top row first into `rgba`.
void RenderPicture(AppWindow& win, AppState& s, int w, int h, const Fbo& fbo,
                   std::vector<uint8_t>& rgba) {
  ApplyPendingChanges(s);  // before the UI, so labels and cells show the same step
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(w), float(h));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  if (io.DeltaTime <= 0) io.DeltaTime = 1e-3f;
  ImGui::NewFrame();
  const float caption_h = std::min(float(h) * 0.4f, ImGui::GetFontSize() * 6.8f);
  const Rect canvas{0, 0, float(w), float(h) - caption_h};
  // The picture has no mouse: the overlay alone, no panel input.
  const CanvasTransform xf =
      FitCanvas(s.derived.canvas, canvas.w, canvas.h, s.view.zoom, s.view.pan_x, s.view.pan_y);
  DrawCanvasOverlay(ImGui::GetBackgroundDrawList(), s, canvas, xf);
  DrawCaption(s, {0, float(h) - caption_h, float(w), caption_h});
  ImGui::Render();

  glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
  glViewport(0, 0, w, h);
  glClearColor(kCanvasBackground.r, kCanvasBackground.g, kCanvasBackground.b, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  win.grid().Upload(s.derived.canvas);
  win.InvalidateGrid();  // the window's next frame uploads its own state again
  GridView view;
  view.origin_x = xf.origin_x, view.origin_y = xf.origin_y;
  view.pixels_per_unit = xf.pixels_per_unit;
  view.region_x = 0, view.region_y = 0, view.region_w = w, view.region_h = int(canvas.h);
  view.framebuffer_w = w, view.framebuffer_h = h;
  win.grid().Draw(s.derived.canvas, view, Eased(s.nav.progress), s.view.palette);
  glViewport(0, 0, w, h);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  rgba.resize(size_t(w) * size_t(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  std::vector<uint8_t> flipped(rgba.size());
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, flipped.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  const size_t row = size_t(w) * 4;
  for (int y = 0; y < h; ++y)  // GL's rows run bottom-up
    std::copy_n(flipped.data() + size_t(h - 1 - y) * row, row, rgba.data() + size_t(y) * row);
  for (size_t k = 3; k < rgba.size(); k += 4) rgba[k] = 255;
}

bool WritePng(const std::string& path, int w, int h, const std::vector<uint8_t>& rgba) {
  stbi_flip_vertically_on_write(0);
  return stbi_write_png(path.c_str(), w, h, 4, rgba.data(), w * 4) != 0;
}

// "cannot write PATH: REASON" after a failed write (errno says why, e.g.
// "No space left on device"); the path is the one the user asked for, not
// the temporary name.
std::string CannotWrite(const std::string& path, int error) {
  return "cannot write " + path + (error ? std::string(": ") + std::strerror(error) : "");
}

// One export from start to finish, a frame at a time.
}  // namespace

// One export in progress (declared in export_render.h so the GUI pump can own it).
class Exporter {
 public:
  std::string Begin(AppWindow& win, const AppState& s, const ExportSettings& settings) {
    settings_ = settings;
    state_ = s;
    state_.nav.playing = false;
    state_.nav.granularity = steps::Granularity::kWindow;
    state_.view.zoom = 1, state_.view.pan_x = state_.view.pan_y = 0;
    state_.hover.term = -1, state_.hover.cell.reset();
    // A picture shows no practice "?"; a worksheet shows its numbered blanks.
    state_.practice = PracticeState{};
    state_.practice.sheet = settings.blanks;
    state_.dirty.view = true;
    if (settings.kind == ExportKind::kPng) {
      ExportFrame f;
      f.stage = settings.stage.value_or(state_.nav.stage);
      f.step = settings.step;
      f.progress = settings.progress;
      plan_.frames = {f};
    } else {
      plan_ = PlanExport(state_.problem.shape, settings);
    }
    if (plan_.frames.empty()) return "nothing to export: the scene has no such stage";
    if (!fbo_.Create(settings.width, settings.height))
      return "cannot create a " + std::to_string(settings.width) + "x" +
             std::to_string(settings.height) + " off-screen framebuffer";
    (void)win;
    std::error_code ec;
    if (settings.kind == ExportKind::kFrames) {
      fs::create_directories(settings.path, ec);
      if (!fs::is_directory(settings.path)) return "cannot create directory " + settings.path;
      json::RemoveStaleTemporaries(settings.path);
      temp_ = json::TempPathFor(fs::path(settings.path) / ".frames").string();
      fs::remove_all(temp_, ec);
      if (!fs::create_directory(temp_, ec))
        return "cannot write in " + settings.path + ": " + ec.message();
      return "";
    }
    const fs::path parent = fs::path(settings.path).parent_path();
    json::RemoveStaleTemporaries(parent.empty() ? fs::path(".") : parent);
    temp_ = json::TempPathFor(settings.path).string();
    if (settings.kind == ExportKind::kGif &&
        !gif_.Open(temp_, settings.width, settings.height, state_.view.palette).empty()) {
      const std::string why = std::strerror(errno);
      // The file may exist already (a full disk fails the header's write).
      gif_.Close();
      fs::remove(temp_, ec);
      temp_.clear();
      return "cannot create " + settings.path + ": " + why;
    }
    return "";
  }

  bool Done() const { return next_ >= plan_.frames.size(); }
  size_t done() const { return next_; }
  size_t total() const { return plan_.frames.size(); }
  const std::string& note() const { return plan_.note; }

  std::string RenderNext(AppWindow& win) {
    const ExportFrame& f = plan_.frames[next_];
    if (state_.nav.scene != settings_.scene) SetScene(state_, settings_.scene);
    if (state_.nav.stage != f.stage) SetStage(state_, f.stage);
    JumpToStep(state_, f.step);
    state_.nav.progress = f.progress;
    RenderPicture(win, state_, settings_.width, settings_.height, fbo_, rgba_);
    std::string error;
    errno = 0;
    if (settings_.kind == ExportKind::kGif) {
      if (!gif_.AddFrame(rgba_.data(), f.delay_cs).empty())
        error = CannotWrite(settings_.path, errno);
    } else if (settings_.kind == ExportKind::kPng) {
      if (!WritePng(temp_, settings_.width, settings_.height, rgba_))
        error = CannotWrite(settings_.path, errno);
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "frame_%04zu.png", next_);
      if (!WritePng((fs::path(temp_) / name).string(), settings_.width, settings_.height, rgba_))
        error = CannotWrite((fs::path(settings_.path) / name).string(), errno);
    }
    ++next_;
    return error;
  }

  // Closes and renames into place. "" or the error naming the path.
  std::string Finish() {
    std::error_code ec;
    errno = 0;
    if (settings_.kind == ExportKind::kGif && !gif_.Close().empty())
      return CannotWrite(settings_.path, errno);
    if (settings_.kind == ExportKind::kFrames) {
      for (size_t k = 0; k < plan_.frames.size(); ++k) {
        char name[32];
        std::snprintf(name, sizeof name, "frame_%04zu.png", k);
        fs::rename(fs::path(temp_) / name, fs::path(settings_.path) / name, ec);
        if (ec) return CannotWrite((fs::path(settings_.path) / name).string(), ec.value());
      }
      fs::remove_all(temp_, ec);
      // Frames of an earlier, longer export into the same directory would
      // otherwise run on after this animation's last frame.
      for (const auto& e : fs::directory_iterator(settings_.path, ec)) {
        const std::string name = e.path().filename().string();
        unsigned index = 0;
        char tail[8] = {};
        if (name.size() == 14 && std::sscanf(name.c_str(), "frame_%4u.%3s", &index, tail) == 2 &&
            std::string(tail) == "png" && index >= plan_.frames.size())
          fs::remove(e.path(), ec);
      }
    } else {
      // giflib creates its file 0600; a picture is for sharing.
      fs::permissions(temp_,
                      fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                          fs::perms::others_read,
                      ec);
      fs::rename(temp_, settings_.path, ec);
      if (ec) return CannotWrite(settings_.path, ec.value());
    }
    temp_.clear();
    return "";
  }

  void Abort() {
    gif_.Close();
    std::error_code ec;
    if (!temp_.empty()) fs::remove_all(temp_, ec);
    temp_.clear();
  }

  ~Exporter() { Abort(); }

 private:
  ExportSettings settings_;
  AppState state_;
  ExportPlan plan_;
  size_t next_ = 0;
  Fbo fbo_;
  GifEncoder gif_;
  std::string temp_;
  std::vector<uint8_t> rgba_;
};

namespace {

// Terminal progress: a bar when stderr is a terminal, else a line per 10 %.
class Progress {
 public:
  void Update(size_t done, size_t total) {
    const int pct = total ? int(done * 100 / total) : 100;
    if (tty_) {
      const int filled = pct * 30 / 100;
      std::fprintf(stderr, "\rconvbp: exporting [%s%s] %3d%% (%zu/%zu frames)",
                   std::string(size_t(filled), '#').c_str(),
                   std::string(size_t(30 - filled), '.').c_str(), pct, done, total);
      if (done == total) std::fputc('\n', stderr);
    } else if (pct / 10 != last_ / 10 || done == total) {
      std::fprintf(stderr, "convbp: exporting %d%% (%zu/%zu frames)\n", pct, done, total);
    }
    last_ = pct;
  }

 private:
  bool tty_ = isatty(fileno(stderr)) != 0;
  int last_ = -1;
};

// Ctrl+C / SIGTERM during a headless export: stop after the current frame
// and delete the partial output.
volatile std::sig_atomic_t g_interrupted = 0;
void OnInterrupt(int) { g_interrupted = 1; }

}  // namespace

int RunExport(AppState& state, const LaunchOptions& o) {
  ExportSettings settings;
  settings.path = o.export_path;
  settings.kind = *ExportKindOf(o.export_path);  // checked by ParseLaunchOptions
  settings.scene = state.nav.scene;
  if (!o.stage.empty()) settings.stage = state.nav.stage;
  settings.fps = o.fps;
  settings.max_steps = o.max_steps;
  settings.width = o.size_given ? o.width : 800;
  settings.height = o.size_given ? o.height : 600;
  settings.step = state.nav.step;
  settings.progress = o.progress;
  for (size_t at = 0; !o.export_stages.empty() && at <= o.export_stages.size();) {
    const size_t comma = std::min(o.export_stages.find(',', at), o.export_stages.size());
    const std::string name = o.export_stages.substr(at, comma - at);
    const auto stage = steps::ParseStage(name);
    if (!stage || !steps::HasStage(state.problem.shape, settings.scene, *stage)) {
      std::fprintf(stderr,
                   "convbp: --stages '%s': '%s' is not a stage of scene %s for this shape\n",
                   o.export_stages.c_str(), name.c_str(), steps::SceneName(settings.scene));
      return 2;
    }
    settings.stages.push_back(*stage);
    at = comma + 1;
  }

  AppWindow window;
  const std::string window_error =
      window.Open(settings.width, settings.height, /*with_cjk=*/true, /*visible=*/false);
  if (!window_error.empty()) {
    std::fprintf(stderr, "convbp: %s\n", window_error.c_str());
    return 1;
  }
  if (o.lang == "zh") SetLanguage(state, steps::Lang::kZh);  // now that the fonts are known
  if (o.worksheet_blanks > 0) {  // the stage's end with blanks, and OUT.md (worksheet.h)
    const Worksheet sheet =
        MakeWorksheet(state, o.worksheet_blanks, fs::path(settings.path).filename().string());
    if (sheet.blanks.empty()) {
      std::fprintf(stderr,
                   "convbp: --worksheet: %s/%s has no cells to fill in (the scatter and the "
                   "matrix scene have no worksheet)\n",
                   steps::SceneName(state.nav.scene), steps::StageName(state.nav.stage));
      return 2;
    }
    if (const std::string error = WriteWorksheetMarkdown(sheet, settings.path); !error.empty()) {
      std::fprintf(stderr, "convbp: %s\n", error.c_str());
      return 1;
    }
    settings.stage = sheet.stage;
    settings.step = sheet.step;
    settings.blanks = sheet.blanks;
  }
  const auto start = std::chrono::steady_clock::now();
  Exporter exporter;
  std::string error = exporter.Begin(window, state, settings);
  if (!error.empty()) {
    exporter.Abort();
    std::fprintf(stderr, "convbp: %s\n", error.c_str());
    return 1;
  }
  if (!exporter.note().empty())
    std::fprintf(stderr, "convbp: %s (--max-steps)\n", exporter.note().c_str());
  Progress progress;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  while (!exporter.Done() && error.empty()) {
    if (g_interrupted) {
      exporter.Abort();
      std::fprintf(stderr, "\nconvbp: export interrupted; %s not written\n", settings.path.c_str());
      return 130;
    }
    error = exporter.RenderNext(window);
    progress.Update(exporter.done(), exporter.total());
  }
  if (error.empty()) error = exporter.Finish();
  if (!error.empty()) {
    exporter.Abort();
    std::fprintf(stderr, "convbp: %s\n", error.c_str());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::error_code ec;
  const auto bytes = settings.kind == ExportKind::kFrames ? 0 : fs::file_size(settings.path, ec);
  std::fprintf(stderr, "convbp: wrote %s (%zu frames, %.0f KB, %.1f s)\n", settings.path.c_str(),
               exporter.total(), double(bytes) / 1024.0, seconds);
  return 0;
}

GuiExportPump::GuiExportPump() = default;
GuiExportPump::~GuiExportPump() = default;

void GuiExportPump::Pump(AppWindow& window, AppState& state) {
  std::unique_ptr<Exporter>& exporter = exporter_;
  ExportJob& job = state.export_job;
  if (job.start && !exporter) {
    job.start = false;
    job.failed = false;
    job.message.clear();
    exporter = std::make_unique<Exporter>();
    const std::string error = exporter->Begin(window, state, job.settings);
    if (!error.empty()) {
      exporter.reset();
      job.failed = true;
      job.message = error;
      job.show_result = true;
      return;
    }
    job.running = true;
    job.done = 0, job.total = exporter->total();
  }
  if (!exporter) return;
  if (job.cancel) {
    exporter.reset();  // deletes the partial output
    job.cancel = job.running = false;
    job.message = "export cancelled";
    job.show_result = true;
    return;
  }
  // A slice of work per UI frame (~25 ms) keeps the window responsive.
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  while (!exporter->Done() && error.empty() &&
         std::chrono::steady_clock::now() - start < std::chrono::milliseconds(25))
    error = exporter->RenderNext(window);
  job.done = exporter->done();
  if (error.empty() && exporter->Done()) {
    error = exporter->Finish();
    if (error.empty()) {
      ClearStaleErrors(state);
      job.message = "wrote " + job.settings.path + " (" + std::to_string(job.total) + " frames)";
      NotifyFileWritten(state.platform,
                        job.settings.path);  // the browser downloads it (platform_io.h)
    }
  }
  if (!error.empty()) {
    job.failed = true;
    job.message = error;
  }
  if (!error.empty() || exporter->Done()) {
    exporter.reset();
    job.running = false;
    job.show_result = true;
  }
  glfwPostEmptyEvent();  // come back next frame without waiting for input
}

}  // namespace convbp::app
