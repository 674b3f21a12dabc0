#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif
#endif

#include <algorithm>
#include <cerrno>
#include <climits>
#include <string>
#include <utility>

#include "content/resource.h"
#include "http/http_date.h"
#include "http/request_path.h"

namespace bitscts::fakeserver::internal {
namespace {

// The identity of an opened file: what its validators are made of.
struct FileFacts {
  std::uint64_t size = 0;
  std::int64_t modified = 0;  // seconds since the Unix epoch
};

// Appends `value` in lowercase hexadecimal without leading zeros ("0" for zero) to `out`.
void AppendHex(std::uint64_t value, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[16];
  int count = 0;
  do {
    digits[count++] = kHex[value & 0xF];
    value >>= 4;
  } while (value != 0);
  while (count > 0) out += digits[--count];
}

// Returns "\"MODIFIED-SIZE\"", both in hexadecimal (the modification time as its 64-bit two's
// complement). Formatted by hand rather than with snprintf: every response for a file carries
// one, and snprintf was the largest user-space cost of a range request in a perf profile.
std::string EntityTag(const FileFacts& facts) {
  std::string tag;
  tag.reserve(36);
  tag += '"';
  AppendHex(static_cast<std::uint64_t>(facts.modified), tag);
  tag += '-';
  AppendHex(facts.size, tag);
  tag += '"';
  return tag;
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
  const auto ticks = static_cast<std::int64_t>(
      static_cast<std::uint64_t>(time.dwHighDateTime) << 32 | time.dwLowDateTime);
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
  return std::make_unique<FileResource>(file, FileFacts{static_cast<std::uint64_t>(size.QuadPart),
                                                        UnixSeconds(written)});
}

ServedFolder::ServedFolder(std::filesystem::path canonical_root)
    : root_(std::move(canonical_root)) {}

ServedFolder::~ServedFolder() = default;

std::unique_ptr<Resource> ServedFolder::Open(std::string_view relative) const {
  if (root_.empty()) return nullptr;
  const auto file = ResolveBelow(root_, relative);
  return file ? OpenFileResource(*file) : nullptr;
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

  // Spans up to kCopyFreeSpan go out with sendfile; longer ones through the chunked copy,
  // which the receiver keeps up with better (see Resource::Send).
  std::uint64_t Send(const Socket& socket, std::uint64_t offset,
                     std::uint64_t length) const override {
    if (!SendsWithoutCopy(length)) return Resource::Send(socket, offset, length);
    std::uint64_t sent = 0;
    auto position = static_cast<off_t>(offset);
    while (sent < length) {
      const ssize_t count = sendfile(static_cast<int>(socket.handle()), descriptor_, &position,
                                     static_cast<std::size_t>(length - sent));
      if (count <= 0) break;
      sent += static_cast<std::uint64_t>(count);
    }
    return sent;
  }

  bool SendsWithoutCopy(std::uint64_t length) const override {
    // Measured with 64 KiB random ranges: sendfile served about 10-20% more requests per
    // second than reading the span into the response buffer.
    constexpr std::uint64_t kCopyFreeSpan = 1024 * 1024;
    return length <= kCopyFreeSpan;
  }

 private:
  int descriptor_;
  FileFacts facts_;
};

// Opening never blocks (a FIFO is refused below, not waited on); reads of regular files are
// not affected by O_NONBLOCK.
constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// Returns a resource owning `descriptor` if it is a regular file; closes it otherwise.
std::unique_ptr<Resource> AdoptRegularFile(int descriptor) {
  if (descriptor < 0) return nullptr;
  struct stat facts {};
  if (fstat(descriptor, &facts) != 0 || !S_ISREG(facts.st_mode)) {
    close(descriptor);
    return nullptr;
  }
  return std::make_unique<FileResource>(descriptor,
                                        FileFacts{static_cast<std::uint64_t>(facts.st_size),
                                                  facts.st_mtime});
}

}  // namespace

std::unique_ptr<Resource> OpenFileResource(const std::filesystem::path& path) {
  return AdoptRegularFile(open(path.c_str(), kOpenFlags));
}

ServedFolder::ServedFolder(std::filesystem::path canonical_root)
    : root_(std::move(canonical_root)) {
  if (!root_.empty()) directory_ = open(root_.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY);
}

ServedFolder::~ServedFolder() {
  if (directory_ >= 0) close(directory_);
}

std::unique_ptr<Resource> ServedFolder::Open(std::string_view relative) const {
  if (root_.empty() || !IsSafeRelativePath(relative)) return nullptr;
#ifdef __linux__
  if (directory_ >= 0) {
    // One confined lookup: no "..", no absolute link, no link leading out of the folder.
    open_how how{};
    how.flags = static_cast<std::uint64_t>(kOpenFlags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const std::string name(relative);
    const auto descriptor = syscall(SYS_openat2, directory_, name.c_str(), &how, sizeof how);
    if (descriptor >= 0) return AdoptRegularFile(static_cast<int>(descriptor));
    // EXDEV: a link leaves the folder or is absolute (it may still end inside the folder);
    // ENOSYS/EPERM: no openat2 here. The full resolution below decides those.
    if (errno != EXDEV && errno != ENOSYS && errno != EPERM) return nullptr;
  }
#endif
  const auto file = ResolveBelow(root_, relative);
  return file ? OpenFileResource(*file) : nullptr;
}

#endif

ServedFolder::ServedFolder(ServedFolder&& other) noexcept
    : root_(std::move(other.root_)), directory_(std::exchange(other.directory_, -1)) {
  other.root_.clear();
}

ServedFolder& ServedFolder::operator=(ServedFolder&& other) noexcept {
  if (this != &other) {
    ServedFolder discarded(std::move(*this));
    root_ = std::move(other.root_);
    other.root_.clear();
    directory_ = std::exchange(other.directory_, -1);
  }
  return *this;
}

}  // namespace bitscts::fakeserver::internal
