// Internal to the fakeserver: who the server knows (Basic users), who may read what, and who
// may use its proxy.
// Not part of the public API. Not synchronised: the server guards it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver::internal {

enum class Access {
  kGranted,
  kChallenge,  // an identity is needed and none (or an unknown one) was presented: 401 (407)
  kForbidden,  // the identity is known but not among those allowed: 403
};

class AccessPolicy {
 public:
  // Makes Basic credentials `name`:`password` valid (replacing an earlier password for `name`).
  void AddUser(std::string name, std::string password);
  // Lets only `identities` read paths starting with `path_prefix`; replaces an earlier rule
  // for the same prefix. The longest matching prefix decides.
  void Allow(std::string path_prefix, std::vector<std::string> identities);
  // Lets only `identities` use the proxy; empty: anyone, anonymous requests included.
  void RequireProxyUsers(std::vector<std::string> identities);

  // Returns true if and only if `name`:`password` are the credentials of a user.
  bool IsValidUser(std::string_view name, std::string_view password) const;
  // Returns whether `identity` (empty: anonymous) may read `path`. An identity is allowed when
  // it names an allowed account (NamesAccount: case and a "DOMAIN\" part aside).
  Access Decide(std::string_view path, std::string_view identity) const;
  // Returns whether `identity` (empty: anonymous) may use the proxy, matching likewise.
  Access DecideProxy(std::string_view identity) const;

 private:
  std::map<std::string, std::string, std::less<>> passwords_;
  std::map<std::string, std::vector<std::string>, std::less<>> rules_;
  std::vector<std::string> proxy_users_;  // empty: the proxy needs no identity
};

}  // namespace bitscts::fakeserver::internal
