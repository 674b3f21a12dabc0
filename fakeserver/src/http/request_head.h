// Internal to the fakeserver: the strict parser of an HTTP/1.x request head (request line and
// header fields). Not part of the public API.
#pragma once

#include <cstddef>
#include <optional>
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
  int minor_version = 1;                                    // HTTP/1.<minor_version>
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

// The parts of an absolute-form request target ("http://host:port/path?query"), the form a
// client sends to a forward proxy.
struct AbsoluteTarget {
  std::string scheme;       // lowered ("http")
  std::string authority;    // as sent, between "//" and the path ("127.0.0.1:8080"); may be empty
  std::string origin_form;  // the path and query ("/a?q"); a missing path becomes "/" ("/?q")
};

// Returns the parts of `target` if it is in absolute form: a scheme (a letter, then letters,
// digits, '+', '-' or '.'), "://", an authority up to the first '/', '?' or '#', then the rest.
// Returns nullopt for every other form (origin-form, CONNECT's authority-form, "*"). The parts
// are not validated further: the origin-form goes through DecodeRequestPath like any other.
std::optional<AbsoluteTarget> SplitAbsoluteTarget(std::string_view target);

// Returns true if and only if `authority` ("host[:port]", an IPv6 address in brackets) names
// `host` (ignoring ASCII case; an IPv6 address given without brackets) and `port`. A missing or
// empty port means 80; an authority with userinfo ("user@host") names nothing.
bool AuthorityNames(std::string_view authority, std::string_view host, int port);

}  // namespace bitscts::fakeserver::internal
