// Internal to the fakeserver: who the server knows (Basic users) and who may read what.
// Not part of the public API. Not synchronised: the server guards it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver::internal {

enum class Access {
  kGranted,
  kChallenge,  // the path needs an identity and none (or an unknown one) was presented: 401
  kForbidden,  // the identity is known but not among those allowed: 403
};

class AccessPolicy {
 public:
  // Makes Basic credentials `name`:`password` valid (replacing an earlier password for `name`).
  void AddUser(std::string name, std::string password);
  // Lets only `identities` read paths starting with `path_prefix`; replaces an earlier rule
  // for the same prefix. The longest matching prefix decides.
  void Allow(std::string path_prefix, std::vector<std::string> identities);

  // Returns true if and only if `name`:`password` are the credentials of a user.
  bool IsValidUser(std::string_view name, std::string_view password) const;
  // Returns whether `identity` (empty: anonymous) may read `path`. Identities compare ignoring
  // ASCII case, as Windows account names do.
  Access Decide(std::string_view path, std::string_view identity) const;

 private:
  std::map<std::string, std::string, std::less<>> passwords_;
  std::map<std::string, std::vector<std::string>, std::less<>> rules_;
};

}  // namespace bitscts::fakeserver::internal
