// x11_probe: the two things the monkey test needs from X that xdotool lacks.
//   x11_probe colors WINDOW X Y W H   prints the number of distinct pixel
//                                     values in that rectangle of the window
//   x11_probe shot WINDOW OUT.ppm     saves the whole window as a PPM image
//   x11_probe close WINDOW            asks the window to close the way a
//                                     window manager does (WM_DELETE_WINDOW),
//                                     so the app runs its normal exit path
// WINDOW is a decimal id (xdotool search). Exit 0 ok, 1 X error, 2 usage.
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>

namespace {

int g_x_error = 0;
int OnXError(Display*, XErrorEvent* e) {
  g_x_error = e->error_code;
  return 0;
}

int Usage() {
  std::fputs("usage: x11_probe colors WINDOW X Y W H | shot WINDOW OUT.ppm | close WINDOW\n",
             stderr);
  return 2;
}

bool ParseLong(const char* text, long& out) {
  char* end = nullptr;
  out = std::strtol(text, &end, 10);
  return *text != '\0' && *end == '\0';
}

int CountColors(Display* d, Window w, int x, int y, int width, int height) {
  XImage* image = XGetImage(d, w, x, y, unsigned(width), unsigned(height), AllPlanes, ZPixmap);
  XSync(d, False);
  if (image == nullptr || g_x_error) {
    std::fprintf(stderr, "x11_probe: cannot read %dx%d+%d+%d of window 0x%lx\n", width, height, x,
                 y, w);
    return 1;
  }
  std::unordered_set<unsigned long> colors;
  for (int j = 0; j < height; ++j)
    for (int i = 0; i < width; ++i) colors.insert(XGetPixel(image, i, j));
  XDestroyImage(image);
  std::printf("%zu\n", colors.size());
  return 0;
}

int Shot(Display* d, Window w, const char* path) {
  XWindowAttributes a;
  if (!XGetWindowAttributes(d, w, &a)) return 1;
  XImage* image = XGetImage(d, w, 0, 0, unsigned(a.width), unsigned(a.height), AllPlanes, ZPixmap);
  XSync(d, False);
  if (image == nullptr || g_x_error) return 1;
  FILE* f = std::fopen(path, "wb");
  if (f == nullptr) {
    XDestroyImage(image);
    return 1;
  }
  std::fprintf(f, "P6\n%d %d\n255\n", a.width, a.height);
  for (int j = 0; j < a.height; ++j)
    for (int i = 0; i < a.width; ++i) {
      const unsigned long p = XGetPixel(image, i, j);
      const unsigned char rgb[3] = {static_cast<unsigned char>((p & image->red_mask) >> 16),
                                    static_cast<unsigned char>((p & image->green_mask) >> 8),
                                    static_cast<unsigned char>(p & image->blue_mask)};
      std::fwrite(rgb, 1, 3, f);
    }
  XDestroyImage(image);
  return std::fclose(f) == 0 ? 0 : 1;
}

int Close(Display* d, Window w) {
  XEvent e;
  std::memset(&e, 0, sizeof e);
  e.xclient.type = ClientMessage;
  e.xclient.window = w;
  e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
  e.xclient.format = 32;
  e.xclient.data.l[0] = long(XInternAtom(d, "WM_DELETE_WINDOW", False));
  e.xclient.data.l[1] = CurrentTime;
  XSendEvent(d, w, False, NoEventMask, &e);
  XSync(d, False);
  return g_x_error ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  long window = 0;
  if (!ParseLong(argv[2], window)) return Usage();
  Display* d = XOpenDisplay(nullptr);
  if (d == nullptr) {
    std::fputs("x11_probe: cannot open the display\n", stderr);
    return 1;
  }
  XSetErrorHandler(OnXError);
  int rc = 2;
  long v[4];
  if (cmd == "colors" && argc == 7 && ParseLong(argv[3], v[0]) && ParseLong(argv[4], v[1]) &&
      ParseLong(argv[5], v[2]) && ParseLong(argv[6], v[3]) && v[2] > 0 && v[3] > 0) {
    rc = CountColors(d, Window(window), int(v[0]), int(v[1]), int(v[2]), int(v[3]));
  } else if (cmd == "shot" && argc == 4) {
    rc = Shot(d, Window(window), argv[3]);
  } else if (cmd == "close" && argc == 3) {
    rc = Close(d, Window(window));
  } else {
    rc = Usage();
  }
  XCloseDisplay(d);
  return rc;
}
