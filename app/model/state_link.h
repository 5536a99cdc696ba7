// Links to a state: a URL whose query carries the problem and the place
// with the desktop flags' names, e.g.
//   …/?input=2x8x6&out-channels=3&kernel=3x2&stride=2x3&padding=1x0
//      &values=int&seed=2&scene=input&stage=slide&step=20&lang=zh
// or, for a problem whose values were edited or loaded from a file,
// `case=` with the CASE.json text. The page reads its own URL; the desktop
// app takes the same link as `convbp --link 'URL'`, so a link opens
// identically in both. A bad parameter is named and skipped; the rest loads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "launch_options.h"

namespace convbp::app {

struct AppState;

// The query parameters a link may carry (a link never writes files, so
// --screenshot, --export, --size … are not among them).
const std::vector<std::string>& LinkParameterNames();

// Applies the link's query (what follows '?', up to '#'; a string without
// '?' is taken as the query itself) to `out`, parameter by parameter, as
// the flag --NAME VALUE would. Returns one line per parameter that was
// refused (unknown name, bad value); those leave `out` as it was. `case=`
// is checked as CASE.json text and, when valid, written to a temporary file
// whose path goes to out.case_path.
std::vector<std::string> ApplyLink(std::string_view url, LaunchOptions& out);

// InitFromLaunchOptions, but never failing: a stage or step the problem
// does not have, or a problem that cannot be computed, is reported in
// `warnings` and dropped (step, then stage, then the problem itself), and
// the rest still loads.
void InitFromLinkOptions(AppState& s, LaunchOptions options, std::vector<std::string>& warnings);

// The link to the state shown: `base` (the page's address, or "" for a bare
// query) followed by "?…". Preset problems are written as their shape,
// values and seed; edited or loaded ones as case=CASE.json.
std::string LinkToState(const AppState& s, std::string_view base);

// URL query coding (RFC 3986 unreserved characters stay as they are).
std::string PercentEncode(std::string_view text);
std::string PercentDecode(std::string_view text);  // also '+' → ' '

}  // namespace convbp::app
