// Which proxy, if any, a job's HTTP request goes through: the entries of a BITS proxy list and
// bypass list, as IBackgroundCopyJob::SetProxySettings and per-user settings name them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bitscts::model {

struct ProxyAddress {
  std::string host;
  int port = 80;
};

// The proxy a list names for http:// requests.
struct ProxyChoice {
  bool valid = true;                    // false: an entry is malformed (BG_E_INVALID_PROXY_INFO)
  std::optional<ProxyAddress> address;  // none: the list names no proxy for http://
};

// Reads the space-separated "[protocol=][protocol://]host[:port]" entries of `proxy_list`: the
// first "http=" entry wins, else the first entry without a protocol.
ProxyChoice HttpProxyOf(std::string_view proxy_list);

// Returns the host of an absolute "scheme://host[:port]/..." URL, empty if it has none.
std::string HostOf(std::string_view url);

// Returns true if and only if `host` matches an entry of the space-separated `bypass_list`: the
// same name ignoring case, a "*" prefix wildcard ("*.example.org"), or "<local>" for a name
// without a period.
bool IsBypassed(std::string_view bypass_list, std::string_view host);

}  // namespace bitscts::model
