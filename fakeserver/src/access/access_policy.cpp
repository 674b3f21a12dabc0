#include "access/access_policy.h"

#include <algorithm>

#include "bitscts/fakeserver/identity.h"

namespace bitscts::fakeserver::internal {
namespace {

// Returns whether `identity` (empty: anonymous) is among `allowed`, a non-empty rule.
Access DecideAmong(const std::vector<std::string>& allowed, std::string_view identity) {
  if (identity.empty()) return Access::kChallenge;
  const bool listed = std::any_of(allowed.begin(), allowed.end(), [&](const std::string& name) {
    return NamesAccount(identity, name);
  });
  return listed ? Access::kGranted : Access::kForbidden;
}

}  // namespace

void AccessPolicy::AddUser(std::string name, std::string password) {
  passwords_[std::move(name)] = std::move(password);
}

void AccessPolicy::Allow(std::string path_prefix, std::vector<std::string> identities) {
  rules_[std::move(path_prefix)] = std::move(identities);
}

bool AccessPolicy::IsValidUser(std::string_view name, std::string_view password) const {
  const auto user = passwords_.find(name);
  return user != passwords_.end() && user->second == password;
}

Access AccessPolicy::Decide(std::string_view path, std::string_view identity) const {
  const std::vector<std::string>* allowed = nullptr;
  std::size_t longest = 0;
  for (const auto& [prefix, identities] : rules_) {
    if (path.substr(0, prefix.size()) == prefix &&
        (allowed == nullptr || prefix.size() > longest)) {
      allowed = &identities;
      longest = prefix.size();
    }
  }
  return allowed == nullptr ? Access::kGranted : DecideAmong(*allowed, identity);
}

void AccessPolicy::RequireProxyUsers(std::vector<std::string> identities) {
  proxy_users_ = std::move(identities);
}

Access AccessPolicy::DecideProxy(std::string_view identity) const {
  return proxy_users_.empty() ? Access::kGranted : DecideAmong(proxy_users_, identity);
}

}  // namespace bitscts::fakeserver::internal
