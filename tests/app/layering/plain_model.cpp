// Must compile: the control case, so the three failures above are failures
// of the layer rule and not of the probe set-up.
#include <string>
#include <vector>

#include "app_state.h"
int ModelThatComputes() { return int(std::vector<std::string>{"ok"}.size()); }
