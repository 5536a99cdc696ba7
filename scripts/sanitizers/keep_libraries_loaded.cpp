// Linked into the GUI executables of sanitizer builds only (CONVBP_SANITIZE;
// see the top-level CMakeLists.txt). Makes dlclose a no-op.
//
// Why: at exit Mesa's GLX dlcloses its DRI driver (swrast_dri.so) before
// LeakSanitizer runs. The driver's globals held the only pointers to blocks
// it allocated, so once it is unmapped LSan reports them as leaks — with
// stacks into a module that no longer exists (so no suppression can name
// it, and the addresses get attributed to whatever is mapped there now,
// e.g. our own binary). Keeping libraries mapped until the process ends
// removes these false reports; real leaks — in our code or reachable from
// nowhere — are still reported.
extern "C" int dlclose(void*) { return 0; }
