#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <climits>
#include <cstdio>

#include "http_date.h"
#include "resource.h"

namespace bitscts::fakeserver::internal {
namespace {

// The identity of an opened file: what its validators are made of.
struct FileFacts {
  std::uint64_t size = 0;
  std::int64_t modified = 0;  // seconds since the Unix epoch
};

std::string EntityTag(const FileFacts& facts) {
  char text[48];
  std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(facts.modified),
                static_cast<unsigned long long>(facts.size));
  return text;
}

#ifdef _WIN32

class FileResource final : public Resource {
 public:
  FileResource(HANDLE file, FileFacts facts) : file_(file), facts_(facts) {}
  ~FileResource() override { CloseHandle(file_); }
  FileResource(const FileResource&) = delete;
  FileResource& operator=(const FileResource&) = delete;

  std::uint64_t size() const override { return facts_.size; }
  std::string entity_tag() const override { return EntityTag(facts_); }
  std::string last_modified() const override { return FormatHttpDate(facts_.modified); }

  bool Read(std::uint64_t offset, std::size_t length, char* out) const override {
    while (length > 0) {
      OVERLAPPED position{};
      position.Offset = static_cast<DWORD>(offset & 0xffffffffu);
      position.OffsetHigh = static_cast<DWORD>(offset >> 32);
      const auto wanted = static_cast<DWORD>(std::min<std::size_t>(length, 1u << 30));
      DWORD got = 0;
      if (!ReadFile(file_, out, wanted, &got, &position) || got == 0) return false;
      offset += got;
      out += got;
      length -= got;
    }
    return true;
  }

 private:
  HANDLE file_;
  FileFacts facts_;
};

std::int64_t UnixSeconds(FILETIME time) {
  // FILETIME counts 100 ns ticks since 1601-01-01.
  constexpr std::int64_t kTicksPerSecond = 10'000'000;
  constexpr std::int64_t kSecondsFrom1601To1970 = 11'644'473'600;
  const auto ticks = static_cast<std::int64_t>(static_cast<std::uint64_t>(time.dwHighDateTime) << 32 |
                                               time.dwLowDateTime);
  return ticks / kTicksPerSecond - kSecondsFrom1601To1970;
}

}  // namespace

std::unique_ptr<Resource> OpenFileResource(const std::filesystem::path& path) {
  const HANDLE file = CreateFileW(path.c_str(), GENERIC_READ,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return nullptr;
  LARGE_INTEGER size{};
  FILETIME written{};
  if (!GetFileSizeEx(file, &size) || !GetFileTime(file, nullptr, nullptr, &written)) {
    CloseHandle(file);
    return nullptr;
  }
  return std::make_unique<FileResource>(
      file, FileFacts{static_cast<std::uint64_t>(size.QuadPart), UnixSeconds(written)});
}

#else

class FileResource final : public Resource {
 public:
  FileResource(int descriptor, FileFacts facts) : descriptor_(descriptor), facts_(facts) {}
  ~FileResource() override { close(descriptor_); }
  FileResource(const FileResource&) = delete;
  FileResource& operator=(const FileResource&) = delete;

  std::uint64_t size() const override { return facts_.size; }
  std::string entity_tag() const override { return EntityTag(facts_); }
  std::string last_modified() const override { return FormatHttpDate(facts_.modified); }

  bool Read(std::uint64_t offset, std::size_t length, char* out) const override {
    while (length > 0) {
      const ssize_t got = pread(descriptor_, out, length, static_cast<off_t>(offset));
      if (got <= 0) return false;
      offset += static_cast<std::uint64_t>(got);
      out += got;
      length -= static_cast<std::size_t>(got);
    }
    return true;
  }


 private:
  int descriptor_;
  FileFacts facts_;
};

}  // namespace

std::unique_ptr<Resource> OpenFileResource(const std::filesystem::path& path) {
  const int descriptor = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return nullptr;
  struct stat facts {};
  if (fstat(descriptor, &facts) != 0 || !S_ISREG(facts.st_mode)) {
    close(descriptor);
    return nullptr;
  }
  return std::make_unique<FileResource>(
      descriptor, FileFacts{static_cast<std::uint64_t>(facts.st_size), facts.st_mtime});
}

#endif

}  // namespace bitscts::fakeserver::internal
