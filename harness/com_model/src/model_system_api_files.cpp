// ModelSystemApi: folders and shares.
#include "model_system_api.h"

#include <fcntl.h>
#include <unistd.h>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>
#include <utility>

#include "text.h"

namespace bitscts::com_model {
namespace {

using com::Narrow;
using com::Widen;

// Returns the Win32 error of a failed file-system call.
DWORD Win32ErrorOf(const std::error_code& error) {
  if (error == std::errc::no_such_file_or_directory) return com::win32::kErrorPathNotFound;
  if (error == std::errc::file_exists) return com::win32::kErrorAlreadyExists;
  if (error == std::errc::directory_not_empty) return com::win32::kErrorDirNotEmpty;
  if (error == std::errc::not_a_directory) return com::win32::kErrorDirectory;
  if (error == std::errc::permission_denied) return com::win32::kErrorAccessDenied;
  return com::win32::kErrorInvalidParameter;
}

// Returns the narrow copies of textual SIDs.
std::set<std::string> SidSet(const std::vector<std::wstring>& sids) {
  std::set<std::string> narrow;
  for (const std::wstring& sid : sids) narrow.insert(Narrow(sid));
  return narrow;
}

}  // namespace

// ---- Folders and shares ----

DWORD ModelSystemApi::CreateDirectoryW(const std::wstring& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return com::win32::kErrorAlreadyExists;
  std::filesystem::create_directory(path, error);
  return error ? Win32ErrorOf(error) : 0;
}

DWORD ModelSystemApi::RemoveDirectoryW(const std::wstring& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return com::win32::kErrorFileNotFound;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorDirectory;
  std::filesystem::remove(path, error);
  if (error) return Win32ErrorOf(error);
  const auto lock = machine_->bits->Lock();
  machine_->folder_writers.erase(std::filesystem::path(path).lexically_normal().string());
  return 0;
}

DWORD ModelSystemApi::CreateAndDeleteFile(const std::wstring& path) {
  const std::filesystem::path file(path);
  {
    const auto lock = machine_->bits->Lock();
    if (!machine_->bits->service().acl().MayWrite(file.parent_path(), ActingToken().Sids()))
      return com::win32::kErrorAccessDenied;
  }
  const int descriptor = ::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (descriptor < 0) {
    if (errno == EEXIST) return com::win32::kErrorFileExists;
    if (errno == ENOENT || errno == ENOTDIR) return com::win32::kErrorPathNotFound;
    return com::win32::kErrorAccessDenied;
  }
  const char byte = 'b';
  const bool written = ::write(descriptor, &byte, 1) == 1;
  ::close(descriptor);
  ::unlink(file.c_str());
  return written ? 0 : com::win32::kErrorAccessDenied;
}

DWORD ModelSystemApi::SetFolderWriters(const std::wstring& path,
                                       const std::vector<std::wstring>& full_control_sids,
                                       const std::vector<std::wstring>& writer_sids,
                                       const std::vector<std::wstring>&) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorFileNotFound;
  // Full control and the writers may create files; the removers (and everyone else) may not.
  std::set<std::string> writers = SidSet(full_control_sids);
  writers.merge(SidSet(writer_sids));
  const auto lock = machine_->bits->Lock();
  machine_->bits->service().acl().Restrict(path, writers);
  machine_->folder_writers.insert_or_assign(std::filesystem::path(path).lexically_normal().string(),
                                            std::move(writers));
  return 0;
}

DWORD ModelSystemApi::GrantFolderAccess(const std::wstring& path, const std::wstring& sid) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorFileNotFound;
  const auto lock = machine_->bits->Lock();
  // A folder without writers lets everyone write already; only a restricted one changes.
  const auto restricted =
      machine_->folder_writers.find(std::filesystem::path(path).lexically_normal().string());
  if (restricted == machine_->folder_writers.end()) return 0;
  restricted->second.insert(Narrow(sid));
  machine_->bits->service().acl().Restrict(path, restricted->second);
  return 0;
}

DWORD ModelSystemApi::SetFolderReaders(const std::wstring& path, const std::wstring&,
                                       const std::vector<std::wstring>&) {
  // Who may read a share is the share's own list (NetShareAdd); the model checks reads there.
  std::error_code error;
  return std::filesystem::is_directory(path, error) ? 0 : com::win32::kErrorFileNotFound;
}

DWORD ModelSystemApi::GetComputerNameW(std::wstring* name) {
  *name = Widen(model::kMachineName);
  return 0;
}

DWORD ModelSystemApi::NetShareAdd(const com::ShareSpec& spec) {
  std::error_code error;
  if (!std::filesystem::is_directory(spec.path, error)) return com::win32::kNerrUnknownDevDir;
  std::set<std::string> readers = SidSet(spec.reader_sids);
  const auto lock = machine_->bits->Lock();
  return machine_->bits->service().CreateShare(Narrow(spec.name), spec.path, std::move(readers))
             ? 0
             : com::win32::kNerrDuplicateShare;
}

DWORD ModelSystemApi::NetShareDel(const std::wstring& name) {
  const auto lock = machine_->bits->Lock();
  return machine_->bits->service().DeleteShare(Narrow(name)) ? 0 : com::win32::kNerrNetNameNotFound;
}

DWORD ModelSystemApi::NetShareEnum(std::vector<std::wstring>* names) {
  const auto lock = machine_->bits->Lock();
  names->clear();
  for (const std::string& name : machine_->bits->service().ShareNames())
    names->push_back(Widen(name));
  return 0;
}

}  // namespace bitscts::com_model
