// Internal to the fakeserver: responses as data (status, fields, body made of literal text and
// spans of a resource) and their writing to a connection. Not part of the public API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/resource.h"
#include "http/byte_ranges.h"
#include "net/socket.h"

namespace bitscts::fakeserver::internal {

// A piece of a response body: literal text, or a span of the response's resource.
struct BodySegment {
  std::string literal;
  bool from_resource = false;
  std::uint64_t offset = 0;  // for a resource span
  std::uint64_t length = 0;  // for a resource span

  // Returns the number of body bytes the segment contributes.
  std::uint64_t size() const { return from_resource ? length : literal.size(); }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> fields;  // Content-Length is added on writing
  std::vector<BodySegment> body;
  const Resource* resource = nullptr;  // what resource spans read from

  // Returns the body length, the value of Content-Length.
  std::uint64_t body_length() const;
};

// Returns the reason phrase for `status` ("Not Found"), "Unknown" for an unlisted code.
std::string_view ReasonPhrase(int status);

// Returns a response with `status` and a one-line text body naming it, plus `detail` if any.
Response TextResponse(int status, std::string_view detail = {});

// Returns the response for a GET of `resource` given the Range `selection`: 200 with the whole
// representation, 206 with one range (Content-Range) or several (multipart/byteranges), or 416
// with "Content-Range: bytes */size". Validators and Accept-Ranges are always included.
Response ResourceResponse(const Resource& resource, const RangeSelection& selection);

// What writing a response achieved.
struct Written {
  bool complete = false;         // everything planned went out
  std::uint64_t body_bytes = 0;  // body bytes written to the socket
};

// Writes `response` to `socket`: its head, then (unless `head_only`) at most `body_budget`
// body bytes. `keep_alive` picks the Connection field.
Written WriteResponse(const Socket& socket, const Response& response, bool head_only,
                      bool keep_alive, std::optional<std::uint64_t> body_budget);

}  // namespace bitscts::fakeserver::internal
