#include "proxy_route.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "bitscts/text.h"

namespace bitscts::model {
namespace {

std::vector<std::string_view> Entries(std::string_view list) {
  std::vector<std::string_view> entries;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = std::min(list.find_first_of(" ;", start), list.size());
    if (end > start) entries.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return entries;
}

// Parses "[http://]host[:port]"; nullopt if the host is empty or the port is not 1..65535.
std::optional<ProxyAddress> ParseAddress(std::string_view text) {
  if (StartsWithIgnoringCase(text, "http://")) text.remove_prefix(7);
  if (!text.empty() && text.back() == '/') text.remove_suffix(1);
  ProxyAddress address;
  const std::size_t colon = text.rfind(':');
  address.host = std::string(text.substr(0, colon));
  if (address.host.empty() || address.host.find_first_of("/@") != std::string::npos)
    return std::nullopt;
  if (colon == std::string_view::npos) return address;
  const std::string_view port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5) return std::nullopt;
  int value = 0;
  for (const char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return std::nullopt;
  address.port = value;
  return address;
}

}  // namespace

ProxyChoice HttpProxyOf(std::string_view proxy_list) {
  ProxyChoice choice;
  std::optional<ProxyAddress> http;
  std::optional<ProxyAddress> any;
  for (const std::string_view entry : Entries(proxy_list)) {
    const std::size_t equals = entry.find('=');
    const std::string protocol =
        equals == std::string_view::npos ? "" : Lower(entry.substr(0, equals));
    const auto address =
        ParseAddress(equals == std::string_view::npos ? entry : entry.substr(equals + 1));
    if (!address || (!protocol.empty() && protocol != "http" && protocol != "https"))
      return {false, std::nullopt};
    if (protocol == "http" && !http) http = address;
    if (protocol.empty() && !any) any = address;
  }
  choice.address = http ? http : any;
  return choice;
}

std::string HostOf(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::string_view rest = url.substr(scheme + 3);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  return std::string(authority.substr(0, authority.rfind(':')));
}

bool IsBypassed(std::string_view bypass_list, std::string_view host) {
  const std::string name = Lower(host);
  for (const std::string_view entry : Entries(bypass_list)) {
    const std::string pattern = Lower(entry);
    if (pattern == "<local>") {
      if (name.find('.') == std::string::npos) return true;
    } else if (pattern.starts_with('*')) {
      if (name.ends_with(std::string_view(pattern).substr(1))) return true;
    } else if (pattern == name) {
      return true;
    }
  }
  return false;
}

}  // namespace bitscts::model
