// How the app asks the C library to keep memory it has freed.
#pragma once

namespace convbp::app {

// Every slider change replaces the engine's results: on a 3×224×224→64 k7
// layer that is ~50 MB of fresh tensors (δ^{l_padding}, pδ, …) while the old
// ones are freed. By default glibc hands such blocks straight back to the
// kernel, so each recompute page-faults and zeroes them again (40 % of the
// engine's time there). This keeps blocks up to 32 MB in the heap and returns
// free heap memory only beyond 128 MB, so the next recompute reuses pages
// that are already mapped, and gives every thread the one heap (the helper
// threads' results are freed by the main thread). Call once, before the
// first Compute.
void KeepFreedBuffersForReuse();

}  // namespace convbp::app
