// Placeholder for the Export menu (issue 6, the export engineer's): the menu
// bar calls DrawExportMenu after View. Replace this file wholesale.
#include "panels.h"

namespace convbp::app {

void DrawExportMenu(AppState&) {}

}  // namespace convbp::app
