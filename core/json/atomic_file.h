// Saving a file so that nothing is lost whatever happens mid-save: a full
// disk, a read-only directory, or the process killed at any instruction.
//
// The rule: the new contents go to a temporary file beside the target
// (same directory, so same filesystem), are flushed to the disk (fsync),
// and only then renamed over the target. rename() is atomic: a reader —
// or the next start after a kill — sees the old file or the new one, never
// a mix. What a kill can leave behind is the temporary file; its name
// carries the writer's process id (TempPathFor), so the next start can
// tell a dead writer's leftovers from a live one's and remove them
// (RemoveStaleTemporaries).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace convbp::json {

// "PATH.convbp-tmp-PID": the temporary file (or directory) this process
// writes before renaming it to PATH.
std::filesystem::path TempPathFor(const std::filesystem::path& path);

// Writes `text` to `path` through TempPathFor(path), fsync and a rename.
// Returns "" or one line "path: cannot write: reason" (the system's reason,
// e.g. "No space left on device"); on failure the old file is untouched
// and no temporary file is left. No exception escapes.
std::string WriteFileAtomic(const std::filesystem::path& path, std::string_view text);

// Removes every "NAME.convbp-tmp-PID" file or directory in `dir` whose
// process PID no longer runs (a writer that was killed). Returns the paths
// removed. Never throws; a missing or unreadable `dir` removes nothing.
std::vector<std::filesystem::path> RemoveStaleTemporaries(const std::filesystem::path& dir);

}  // namespace convbp::json
