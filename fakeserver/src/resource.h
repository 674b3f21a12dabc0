// Internal to the fakeserver: what a GET can serve, whether generated (deterministic content)
// or read from the served folder. Not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "socket.h"

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
  virtual std::uint64_t Send(const Socket& socket, std::uint64_t offset, std::uint64_t length) const;
};

// Returns the deterministic content named by `name`.
std::unique_ptr<Resource> MakeContentResource(ContentName name);

// Returns the regular file at `path`, or nullptr if it cannot be opened for reading.
std::unique_ptr<Resource> OpenFileResource(const std::filesystem::path& path);

}  // namespace bitscts::fakeserver::internal
