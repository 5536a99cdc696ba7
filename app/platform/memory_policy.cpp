#include "memory_policy.h"

#include <malloc.h>

namespace convbp::app {

void KeepFreedBuffersForReuse() {
  // glibc's ceiling for the mmap threshold on 64-bit: larger blocks are
  // always mapped on their own (and unmapped when freed).
  constexpr int kLargestHeapBlock = 32 << 20;
  // Free memory at the top of the heap kept for the next recompute.
  // (Measured, app_bench BM_BigLayerCompute: 64 MB doubled the big layer's
  // Compute wall time, 17 -> 36 ms, by handing its results back each time.)
  // 128 MB is twice what a change frees on the big layers (their CPU time
  // per apply and Compute was the same as with 256 MB), and a heap left
  // with more than that free — the layer made much smaller — goes back:
  // app_bench's BM_Scale series, whose 1×1024×1024 layer starts on the
  // heap the 3×224×224 one left, peaked 288–296 MB instead of 300–306.
  constexpr int kKeptFreeHeap = 128 << 20;
  // Both are only hints: with another allocator (or under a sanitizer)
  // mallopt may refuse, and the app merely recomputes a little slower.
  mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock);
  mallopt(M_TRIM_THRESHOLD, kKeptFreeHeap);
  // One heap for every thread: the helper threads (the backward pass, the
  // engine's second thread) are new on each change, and with arenas of
  // their own their results landed in memory the main thread's free blocks
  // could not serve, and was faulted in afresh. Measured with app_bench:
  // BM_BigLayerCompute 25 -> 14 ms wall, the 1x1024x1024 peak 402 -> 360 MB.
  // The threads allocate a few large blocks per change: the one lock costs
  // nothing measurable.
  mallopt(M_ARENA_MAX, 1);
}

}  // namespace convbp::app
