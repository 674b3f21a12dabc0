// Internal to the fakeserver: the strict parser of an HTTP/1.x request head (request line and
// header fields). Not part of the public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bitscts::fakeserver::internal {

// A request head larger than this is refused with 431.
inline constexpr std::size_t kMaxHeadBytes = 16 * 1024;
// A request target longer than this is refused with 414.
inline constexpr std::size_t kMaxTargetBytes = 8 * 1024;
// A request with more header fields than this is refused with 431.
inline constexpr std::size_t kMaxHeaderFields = 64;

struct RequestHead {
  std::string method;
  std::string target;
  int minor_version = 1;  // HTTP/1.<minor_version>
  std::vector<std::pair<std::string, std::string>> fields;  // names as sent, values trimmed

  // Returns the value of the first field named `name` (ignoring case), empty if there is none.
  std::string_view Field(std::string_view name) const;
  // Returns how many fields are named `name` (ignoring case).
  std::size_t FieldCount(std::string_view name) const;
};

struct ParsedHead {
  int error_status = 0;  // 0 when `head` is valid, else the status to refuse the request with
  std::string error;     // a one-line reason when error_status != 0
  RequestHead head;
};

// Parses `text`, a request head up to and including its terminating empty line ("\r\n\r\n"),
// requiring CRLF line ends, a token method, an origin-form target of visible characters,
// HTTP/1.0 or HTTP/1.1, well-formed fields without line folding, one Host field for
// HTTP/1.1, and no Transfer-Encoding (the server accepts no request bodies).
ParsedHead ParseRequestHead(std::string_view text);

}  // namespace bitscts::fakeserver::internal
