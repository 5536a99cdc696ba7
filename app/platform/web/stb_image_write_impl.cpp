// The desktop links stb_image_write from Debian's libstb; the browser build
// compiles its header-only implementation here.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
