// Internal to the fakeserver: what a GET can serve, whether generated (deterministic content)
// or read from the served folder. Not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "bitscts/fakeserver/content.h"
#include "net/socket.h"

namespace bitscts::fakeserver::internal {

class Resource {
 public:
  virtual ~Resource() = default;

  // Returns the size of the representation in bytes.
  virtual std::uint64_t size() const = 0;
  // Returns the strong entity tag, quoted ("\"...\"").
  virtual std::string entity_tag() const = 0;
  // Returns the modification time as an HTTP-date.
  virtual std::string last_modified() const = 0;
  // Copies bytes [offset, offset + length) into `out`; returns false on a read error.
  virtual bool Read(std::uint64_t offset, std::size_t length, char* out) const = 0;
  // Sends bytes [offset, offset + length) to `socket`; returns how many were sent (fewer
  // when the peer goes away or the send times out).
  virtual std::uint64_t Send(const Socket& socket, std::uint64_t offset,
                             std::uint64_t length) const;
  // Returns true if Send moves a span of `length` bytes without copying it through the process
  // (sendfile), so that it is better sent on its own than copied behind the response head.
  virtual bool SendsWithoutCopy(std::uint64_t /*length*/) const { return false; }
};

// Returns the deterministic content named by `name`.
std::unique_ptr<Resource> MakeContentResource(ContentName name);

// Returns the regular file at `path`, or nullptr if it cannot be opened for reading.
std::unique_ptr<Resource> OpenFileResource(const std::filesystem::path& path);

// The folder served under kFilesPrefix, kept open where the OS lets files be opened relative to
// it in one confined step (openat2 on Linux). Move-only.
class ServedFolder {
 public:
  ServedFolder() = default;
  // Serves `canonical_root` (already canonical); an empty path serves nothing.
  explicit ServedFolder(std::filesystem::path canonical_root);
  ~ServedFolder();
  ServedFolder(ServedFolder&& other) noexcept;
  ServedFolder& operator=(ServedFolder&& other) noexcept;
  ServedFolder(const ServedFolder&) = delete;
  ServedFolder& operator=(const ServedFolder&) = delete;

  // Returns true if and only if no folder is served.
  bool empty() const { return root_.empty(); }
  // Returns the regular file `relative` names below the folder, with the same promises as
  // ResolveBelow (nothing outside the folder, even through links), or nullptr.
  std::unique_ptr<Resource> Open(std::string_view relative) const;

 private:
  std::filesystem::path root_;
  int directory_ = -1;  // an open descriptor of root_ on Linux, else -1
};

}  // namespace bitscts::fakeserver::internal
