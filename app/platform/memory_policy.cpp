#include "memory_policy.h"

#include <malloc.h>

namespace convbp::app {

void KeepFreedBuffersForReuse() {
  // glibc's ceiling for the mmap threshold on 64-bit: larger blocks are
  // always mapped on their own (and unmapped when freed).
  constexpr int kLargestHeapBlock = 32 << 20;
  // Free memory at the top of the heap kept for the next recompute.
  // 64 MB holds a 3×224×224 layer's ~50 MB of results; more would keep a
  // huge layer's freed memory resident (the app stays under 300 MB, issue 16).
  constexpr int kKeptFreeHeap = 64 << 20;
  // Both are only hints: with another allocator (or under a sanitizer)
  // mallopt may refuse, and the app merely recomputes a little slower.
  mallopt(M_MMAP_THRESHOLD, kLargestHeapBlock);
  mallopt(M_TRIM_THRESHOLD, kKeptFreeHeap);
}

}  // namespace convbp::app
