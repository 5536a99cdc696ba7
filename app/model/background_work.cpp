#include "background_work.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace convbp::app {

void LowerThisThreadsPriority() {
#ifdef __linux__
  // On Linux a nice value belongs to a thread (PRIO_PROCESS with a thread
  // id), and threads it creates inherit it: the engine's own second thread
  // in the backward pass runs at 19 too. A failure only leaves the priority
  // as it was.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
#endif
}

}  // namespace convbp::app
