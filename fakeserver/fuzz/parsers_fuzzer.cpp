// libFuzzer entry point over the parsers that read what clients send: the request head (with
// the absolute-form target a proxy request names), the request path, the Range header, the
// Authorization header and the fault path grammar. The first input byte picks the parser; the
// rest is its input. Beyond not crashing, each parser's promises are checked, and a broken
// promise aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "access/authorization.h"
#include "bitscts/fakeserver/content.h"
#include "content/fault_path.h"
#include "http/byte_ranges.h"
#include "http/request_head.h"
#include "http/request_path.h"

namespace bitscts::fakeserver::internal {
namespace {

void Require(bool promise_kept) {
  if (!promise_kept) std::abort();
}

void FuzzRequestHead(std::string_view input) {
  const ParsedHead parsed = ParseRequestHead(input);
  if (parsed.error_status != 0) {
    Require(parsed.error_status >= 400 && parsed.error_status < 600 && !parsed.error.empty());
    return;
  }
  Require(!parsed.head.method.empty() && !parsed.head.target.empty());
  Require(parsed.head.fields.size() <= kMaxHeaderFields);
  // What the proxy listener does with the target: split an absolute form and compare its authority.
  if (const auto absolute = SplitAbsoluteTarget(parsed.head.target)) {
    Require(!absolute->scheme.empty() && !absolute->origin_form.empty() &&
            absolute->origin_form.front() == '/');
    Require(absolute->authority.find_first_of("/?#") == std::string::npos);
    Require(absolute->authority.size() + absolute->origin_form.size() <= parsed.head.target.size());
    AuthorityNames(absolute->authority, "127.0.0.1", 80);
    AuthorityNames(absolute->authority, "::1", 8080);
  }
}

void FuzzRequestPath(std::string_view input) {
  const auto path = DecodeRequestPath(input);
  if (path) {
    Require(!path->empty() && path->front() == '/');
    Require(path->find('\\') == std::string::npos && path->find('\0') == std::string::npos);
    Require(path->find("/../") == std::string::npos && !path->ends_with("/.."));
  }
  if (IsSafeRelativePath(input)) {
    Require(input.front() != '/' && input != ".." && input.find(':') == std::string_view::npos);
    Require(input.find("/../") == std::string_view::npos && !input.starts_with("../"));
  }
  if (const auto content = ParseContentPath(input)) {
    Require(ContentPath(content->seed, content->size).size() <= input.size());
  }
}

void FuzzRanges(std::string_view input) {
  // The first eight bytes choose the representation size.
  std::uint64_t size = 0;
  for (std::size_t i = 0; i < 8 && i < input.size(); ++i)
    size = size << 8 | static_cast<std::uint8_t>(input[i]);
  input.remove_prefix(std::min<std::size_t>(8, input.size()));
  const RangeSelection selection = SelectRanges(input, size);
  if (selection.outcome != RangeOutcome::kPartial) {
    Require(selection.ranges.empty());
    return;
  }
  Require(!selection.ranges.empty() && selection.ranges.size() <= kMaxRanges);
  for (std::size_t i = 0; i < selection.ranges.size(); ++i) {
    const ByteRange& range = selection.ranges[i];
    Require(range.first <= range.last && range.last < size);
    if (i > 0) Require(selection.ranges[i - 1].last + 1 < range.first);  // sorted, merged
  }
}

void FuzzAuthorization(std::string_view input) {
  if (const auto header = ParseAuthorization(input)) {
    Require(!header->scheme.empty() && !header->credentials.empty());
    if (const auto basic = DecodeBasicCredentials(header->credentials)) {
      Require(!basic->user.empty() && basic->user.find(':') == std::string::npos);
    }
  }
  if (const auto bytes = DecodeBase64(input)) Require(EncodeBase64(*bytes) == input);
}

void FuzzFaultPath(std::string_view input) {
  const auto faulted = ParseFaultPath(input);
  if (!faulted) return;
  Require(!faulted->served_path.empty() && faulted->served_path.front() == '/');
  Require(faulted->fault.delay <= kMaxFaultDelay);
  // What FaultPath writes reads back as the same fault.
  const auto again = ParseFaultPath(FaultPath(faulted->fault, faulted->served_path));
  Require(again && again->fault == faulted->fault && again->served_path == faulted->served_path);
}

}  // namespace
}  // namespace bitscts::fakeserver::internal

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bitscts::fakeserver::internal;
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 5) {
    case 0: FuzzRequestHead(input); break;
    case 1: FuzzRequestPath(input); break;
    case 2: FuzzRanges(input); break;
    case 3: FuzzAuthorization(input); break;
    default: FuzzFaultPath(input); break;
  }
  return 0;
}
