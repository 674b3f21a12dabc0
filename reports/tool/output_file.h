// Writing an output file all at once: readers never see half a file, and a failed write leaves
// any earlier file of that name untouched.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace bitscts::report::tool {

// Calls `write` with a stream and stores what it wrote at `path` ("-" is standard output) by
// writing a sibling temporary file and renaming it. Throws InputError if that fails.
void WriteOutputFile(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace bitscts::report::tool
