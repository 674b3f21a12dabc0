#include "http/response.h"

#include <algorithm>
#include <memory>

namespace bitscts::fakeserver::internal {
namespace {

// The boundary of multipart/byteranges bodies; long enough never to occur by chance.
constexpr std::string_view kBoundary = "bitscts-byteranges-5c0f1e7a92d34b68";
// Bodies up to this size go out with their head in one send...
constexpr std::uint64_t kSmallBody = 64 * 1024;
// ...unless the body is one span of more than this many bytes that the resource sends
// without copying (a single range of a file on Linux).
constexpr std::uint64_t kCopyWorthAvoiding = 16 * 1024;

// Returns true if the body of `response`, cut to `budget` bytes, is one resource span best
// sent by the resource itself rather than copied behind the head.
bool IsCopyFreeSpan(const Response& response, std::uint64_t budget) {
  return response.body.size() == 1 && response.body.front().from_resource &&
         budget > kCopyWorthAvoiding && response.resource->SendsWithoutCopy(budget);
}

std::string ContentRange(const ByteRange& range, std::uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
         std::to_string(size);
}

BodySegment Literal(std::string text) { return BodySegment{std::move(text), false, 0, 0}; }

BodySegment Span(std::uint64_t offset, std::uint64_t length) {
  return BodySegment{{}, true, offset, length};
}

std::string Head(const Response& response, bool keep_alive) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " ";
  head += ReasonPhrase(response.status);
  head += "\r\n";
  for (const auto& [name, value] : response.fields) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  head += "Content-Length: " + std::to_string(response.body_length()) + "\r\n";
  head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return head;
}

// Appends `segment`, cut to `budget` bytes, to `out`; returns false on a read error.
bool AppendSegment(const Response& response, const BodySegment& segment, std::uint64_t budget,
                   std::string& out) {
  const auto length = static_cast<std::size_t>(std::min(segment.size(), budget));
  if (!segment.from_resource) {
    out.append(segment.literal, 0, length);
    return true;
  }
  const std::size_t start = out.size();
  out.resize(start + length);
  return response.resource->Read(segment.offset, length, out.data() + start);
}

}  // namespace

std::uint64_t Response::body_length() const {
  std::uint64_t length = 0;
  for (const BodySegment& segment : body) length += segment.size();
  return length;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

Response TextResponse(int status, std::string_view detail) {
  Response response;
  response.status = status;
  response.fields.emplace_back("Content-Type", "text/plain; charset=utf-8");
  std::string text = std::to_string(status) + " " + std::string(ReasonPhrase(status));
  if (!detail.empty()) text += ": " + std::string(detail);
  response.body.push_back(Literal(text + "\n"));
  return response;
}

Response ResourceResponse(const Resource& resource, const RangeSelection& selection) {
  const std::uint64_t size = resource.size();
  Response response;
  response.resource = &resource;
  // These three, Content-Type, Content-Range and a field the Site may add: no reallocation.
  response.fields.reserve(6);
  response.fields.emplace_back("Accept-Ranges", "bytes");
  response.fields.emplace_back("ETag", resource.entity_tag());
  response.fields.emplace_back("Last-Modified", resource.last_modified());
  switch (selection.outcome) {
    case RangeOutcome::kWhole:
      response.fields.emplace_back("Content-Type", "application/octet-stream");
      if (size > 0) response.body.push_back(Span(0, size));
      break;
    case RangeOutcome::kUnsatisfiable:
      response.status = 416;
      response.fields.emplace_back("Content-Range", "bytes */" + std::to_string(size));
      break;
    case RangeOutcome::kPartial:
      response.status = 206;
      if (selection.ranges.size() == 1) {
        const ByteRange& range = selection.ranges.front();
        response.fields.emplace_back("Content-Type", "application/octet-stream");
        response.fields.emplace_back("Content-Range", ContentRange(range, size));
        response.body.push_back(Span(range.first, range.length()));
        break;
      }
      response.fields.emplace_back("Content-Type",
                                   "multipart/byteranges; boundary=" + std::string(kBoundary));
      for (std::size_t i = 0; i < selection.ranges.size(); ++i) {
        const ByteRange& range = selection.ranges[i];
        response.body.push_back(Literal((i == 0 ? "--" : "\r\n--") + std::string(kBoundary) +
                                        "\r\nContent-Type: application/octet-stream\r\n"
                                        "Content-Range: " +
                                        ContentRange(range, size) + "\r\n\r\n"));
        response.body.push_back(Span(range.first, range.length()));
      }
      response.body.push_back(Literal("\r\n--" + std::string(kBoundary) + "--\r\n"));
      break;
  }
  return response;
}

Written WriteResponse(const Socket& socket, const Response& response, bool head_only,
                      bool keep_alive, std::optional<std::uint64_t> body_budget) {
  std::string out = Head(response, keep_alive);
  const std::uint64_t planned = head_only ? 0 : response.body_length();
  std::uint64_t budget = std::min(planned, body_budget.value_or(planned));
  const bool complete = budget == planned;
  Written written;

  if (budget <= kSmallBody && !IsCopyFreeSpan(response, budget)) {
    const std::uint64_t body = budget;
    for (const BodySegment& segment : response.body) {
      if (budget == 0) break;
      if (!AppendSegment(response, segment, budget, out)) return written;
      budget -= std::min(segment.size(), budget);
    }
    if (!socket.SendAll(out)) return written;
    written.body_bytes = body;
    written.complete = complete;
    return written;
  }

  // The head leaves at once, on its own, as nginx sends it with tcp_nopush off: the client wakes
  // and parses it while the body is still on its way. Held back for the body's first packet
  // (MSG_MORE), perf showed the client's wake-up paid inside the body's sendfile, and 64 KiB
  // ranges on one keep-alive connection were about 4% slower.
  if (!socket.SendAll(out)) return written;
  for (const BodySegment& segment : response.body) {
    if (budget == 0) break;
    const std::uint64_t length = std::min(segment.size(), budget);
    const std::string_view literal = std::string_view(segment.literal).substr(0, length);
    const bool last = length == budget;  // the last piece must not be held back for more
    if (segment.from_resource) {
      const std::uint64_t sent = response.resource->Send(socket, segment.offset, length);
      written.body_bytes += sent;
      if (sent != length) return written;
    } else if (!(last ? socket.SendAll(literal) : socket.SendAllWithMoreToFollow(literal))) {
      return written;
    } else {
      written.body_bytes += length;
    }
    budget -= length;
  }
  written.complete = complete;
  return written;
}

}  // namespace bitscts::fakeserver::internal
