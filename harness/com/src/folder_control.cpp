#include "folder_control.h"

#include <filesystem>
#include <iostream>
#include <system_error>
#include <utility>

#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::wstring_view kLocalSystemSid = L"S-1-5-18";

// Removes `folder` and everything in it; returns the error, empty on success.
std::string RemoveTree(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::remove_all(folder, error);
  return error ? error.message() : std::string();
}

}  // namespace

ComFolderControl::ComFolderControl(SystemApi& system, std::string scratch)
    : system_(system), scratch_(std::move(scratch)) {}

ComFolderControl::~ComFolderControl() {
  for (const std::string& folder : made_) {
    if (const std::string error = RemoveTree(folder); !error.empty())
      std::cerr << "bitscts: removing the folder " << folder << ": " << error << "\n";
  }
}

Outcome<std::string> ComFolderControl::CreateFolder(const std::vector<Principal>& writers) {
  last_calls_ = CallLog();
  if (scratch_.empty()) {
    return {last_calls_.Add("CreateFolder: the target was given no scratch folder",
                            hr::kInvalidArg),
            {}};
  }
  if (!swept_) RemoveLeftovers();  // a folder that stays does not stop this one
  std::wstring runner_sid;
  if (last_calls_.Add("CurrentProcessSid", FromWin32(system_.CurrentProcessSid(&runner_sid)))
          .Failed()) {
    return {last_calls_.Result(), {}};
  }
  const std::string folder = (std::filesystem::path(scratch_) /
                              (std::string(kWritersFolderPrefix) + std::to_string(++count_)))
                                 .string();
  if (last_calls_
          .Add("CreateDirectoryW(" + folder + ")",
               FromWin32(system_.CreateDirectoryW(Widen(folder))))
          .Failed()) {
    return {last_calls_.Result(), {}};
  }
  std::vector<std::wstring> writer_sids;
  std::string names;
  for (const Principal& writer : writers) {
    writer_sids.push_back(Widen(writer.sid));
    names += (names.empty() ? "" : ", ") + writer.name;
  }
  const HResult set =
      last_calls_.Add("SetFolderWriters(" + folder + ", full control: LocalSystem, writers: " +
                          (names.empty() ? "none" : names) + ", read and remove: the runner)",
                      FromWin32(system_.SetFolderWriters(Widen(folder),
                                                         {std::wstring(kLocalSystemSid)},
                                                         writer_sids, {runner_sid})));
  if (set.Failed()) {
    last_calls_.Add("RemoveDirectoryW(" + folder + ")",
                    FromWin32(system_.RemoveDirectoryW(Widen(folder))));
    return {set, {}};
  }
  made_.push_back(folder);
  return {hr::kOk, folder};
}

CallLog ComFolderControl::RemoveLeftovers() {
  swept_ = true;
  CallLog log;
  if (scratch_.empty()) return log;
  const std::filesystem::path own = std::filesystem::path(scratch_);
  std::error_code error;
  std::filesystem::directory_iterator runs(own.parent_path(), error);
  if (error) {
    log.Add("listing " + own.parent_path().string() + ": " + error.message(), hr::kFail);
    return log;
  }
  for (const std::filesystem::directory_entry& run : runs) {
    const std::string name = run.path().filename().string();
    if (!name.starts_with(kRunFolderPrefix) || run.path() == own || !run.is_directory(error))
      continue;
    std::filesystem::directory_iterator folders(run.path(), error);
    if (error) continue;
    for (const std::filesystem::directory_entry& folder : folders) {
      if (!folder.path().filename().string().starts_with(kWritersFolderPrefix)) continue;
      const std::string failure = RemoveTree(folder.path());
      log.Add("removing " + folder.path().string() + (failure.empty() ? "" : ": " + failure),
              failure.empty() ? hr::kOk : hr::kFail);
    }
  }
  return log;
}

}  // namespace bitscts::com
