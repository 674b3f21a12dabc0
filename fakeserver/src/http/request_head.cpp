#include "http/request_head.h"

#include <algorithm>
#include <charconv>

#include "text.h"

namespace bitscts::fakeserver::internal {
namespace {

ParsedHead Refuse(int status, std::string reason) {
  ParsedHead parsed;
  parsed.error_status = status;
  parsed.error = std::move(reason);
  return parsed;
}

bool IsVisible(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte < 0x7f;
}

bool IsFieldValueChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return c == '\t' || (byte >= 0x20 && byte != 0x7f);
}

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '+' || c == '-' ||
         c == '.';
}

}  // namespace

std::string_view RequestHead::Field(std::string_view name) const {
  for (const auto& [field_name, value] : fields) {
    if (EqualsIgnoringCase(field_name, name)) return value;
  }
  return {};
}

std::size_t RequestHead::FieldCount(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(fields.begin(), fields.end(),
                    [&](const auto& field) { return EqualsIgnoringCase(field.first, name); }));
}

ParsedHead ParseRequestHead(std::string_view text) {
  if (text.size() > kMaxHeadBytes) return Refuse(431, "request head too large");
  if (text.size() < 4 || text.substr(text.size() - 4) != "\r\n\r\n") {
    return Refuse(400, "request head does not end with an empty line");
  }
  text.remove_suffix(2);  // every line, the last one included, now ends with CRLF
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find("\r\n");
    const std::string_view line = text.substr(0, end);
    if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) {
      return Refuse(400, "bare CR or LF in the request head");
    }
    lines.push_back(line);
    text.remove_prefix(end + 2);
  }

  ParsedHead parsed;
  RequestHead& head = parsed.head;
  const std::vector<std::string_view> words = Split(lines.front(), ' ');
  if (words.size() != 3) return Refuse(400, "malformed request line");
  if (!IsToken(words[0])) return Refuse(400, "malformed method");
  if (words[1].size() > kMaxTargetBytes) return Refuse(414, "request target too long");
  if (words[1].empty() || !std::all_of(words[1].begin(), words[1].end(), IsVisible)) {
    return Refuse(400, "malformed request target");
  }
  if (words[2] == "HTTP/1.1") {
    head.minor_version = 1;
  } else if (words[2] == "HTTP/1.0") {
    head.minor_version = 0;
  } else if (words[2].size() == 8 && words[2].substr(0, 5) == "HTTP/" && IsDigit(words[2][5]) &&
             words[2][6] == '.' && IsDigit(words[2][7])) {
    return Refuse(505, "unsupported HTTP version");
  } else {
    return Refuse(400, "malformed HTTP version");
  }
  head.method = std::string(words[0]);
  head.target = std::string(words[1]);

  if (lines.size() - 1 > kMaxHeaderFields) return Refuse(431, "too many header fields");
  head.fields.reserve(lines.size() - 1);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Refuse(400, "header field without a colon");
    const std::string_view name = line.substr(0, colon);
    if (!IsToken(name)) return Refuse(400, "malformed header field name");  // also obs-fold
    const std::string_view value = Trim(line.substr(colon + 1), kOptionalWhitespace);
    if (!std::all_of(value.begin(), value.end(), IsFieldValueChar)) {
      return Refuse(400, "control character in a header field value");
    }
    head.fields.emplace_back(name, value);
  }
  if (head.minor_version == 1 && head.FieldCount("Host") != 1) {
    return Refuse(400, "an HTTP/1.1 request needs exactly one Host field");
  }
  if (head.FieldCount("Transfer-Encoding") != 0)
    return Refuse(501, "request bodies are not accepted");
  return parsed;
}

std::optional<AbsoluteTarget> SplitAbsoluteTarget(std::string_view target) {
  const std::size_t separator = target.find("://");
  if (separator == 0 || separator == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = target.substr(0, separator);
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_letter(scheme.front()) || !std::all_of(scheme.begin(), scheme.end(), IsSchemeChar))
    return std::nullopt;
  AbsoluteTarget parts;
  parts.scheme = Lower(scheme);
  const std::string_view rest = target.substr(separator + 3);
  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  parts.authority = std::string(rest.substr(0, authority_end));
  const std::string_view path_and_query = rest.substr(authority_end);
  parts.origin_form.reserve(path_and_query.size() + 1);
  if (!path_and_query.starts_with('/')) parts.origin_form.push_back('/');
  parts.origin_form.append(path_and_query);
  return parts;
}

bool AuthorityNames(std::string_view authority, std::string_view host, int port) {
  if (authority.find('@') != std::string_view::npos) return false;
  std::string_view named_host;
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    named_host = authority.substr(1, close - 1);
    rest = authority.substr(close + 1);
    if (named_host.find(':') == std::string_view::npos) return false;  // brackets hold IPv6 only
  } else {
    const std::size_t colon = authority.find(':');
    named_host = authority.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
  }
  if (!rest.empty() && rest.front() != ':') return false;
  const std::string_view port_text = rest.empty() ? rest : rest.substr(1);
  int named_port = 80;
  if (!port_text.empty()) {
    if (!std::all_of(port_text.begin(), port_text.end(), IsDigit)) return false;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), named_port);
    if (error != std::errc{} || end != port_text.data() + port_text.size()) return false;
  }
  return named_port == port && !named_host.empty() && EqualsIgnoringCase(named_host, host);
}

}  // namespace bitscts::fakeserver::internal
