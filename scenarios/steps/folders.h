// Steps for where a job's files lie: folders and shares only chosen principals may use, and
// source files the suite writes itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/scenario.h"

namespace bitscts::steps {

// Returns a new folder whose contents only `writers` may create or replace (FolderControl).
inline std::string FolderFor(Scenario& s, const std::vector<Principal>& writers) {
  return s.CreateFolder(writers);
}

// Returns the path of `file_name` inside `folder`.
inline std::string InFolder(const std::string& folder, const std::string& file_name) {
  return (std::filesystem::path(folder) / file_name).string();
}

// Writes `content` into the new file `path`; a failure is an environment error.
inline void WriteContentFile(const std::string& path, const Content& content) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(content.size));
  fakeserver::FillContent(content.seed, 0, bytes.data(), bytes.size());
  std::ofstream out(std::filesystem::path(path), std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out.good()) throw EnvironmentError("cannot write the source file " + path);
}

// Returns a new SMB share whose files only `readers` may read (ShareControl).
inline Share ShareFor(Scenario& s, const std::vector<Principal>& readers) {
  return s.CreateShare(readers);
}

// Writes `content` as `file_name` into `share`; returns the file's remote name (UNC path).
inline std::string SharedFile(const Share& share, const std::string& file_name,
                              const Content& content) {
  WriteContentFile(InFolder(share.local_folder, file_name), content);
  return share.unc + "\\" + file_name;
}

}  // namespace bitscts::steps
