#include "output_file.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
#include <vector>

#include "bitscts/report/input_error.h"

namespace bitscts::report::tool {

void WriteOutputFile(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw InputError("cannot write to standard output");
    return;
  }
  const std::filesystem::path target(path);
  std::filesystem::path partial = target;
  partial += ".partial";
  {
    std::vector<char> buffer(1 << 20);  // reports run to tens of megabytes: write in large blocks
    std::ofstream out;
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.open(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot create " + partial.string());
    write(out);
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw InputError(path + ": write error");
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, target, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw InputError(path + ": cannot replace the file: " + error.message());
  }
}

}  // namespace bitscts::report::tool
