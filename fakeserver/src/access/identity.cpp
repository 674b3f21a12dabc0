#include "bitscts/fakeserver/identity.h"

#include "text.h"

namespace bitscts::fakeserver {
namespace {

// An identity split at its last backslash: "DOMAIN\user" or a bare "user" (empty domain).
struct QualifiedName {
  std::string_view domain;
  std::string_view user;
  bool has_domain = false;
};

QualifiedName Split(std::string_view name) {
  const std::size_t slash = name.rfind('\\');
  if (slash == std::string_view::npos) return {{}, name, false};
  return {name.substr(0, slash), name.substr(slash + 1), true};
}

}  // namespace

bool NamesAccount(std::string_view presented, std::string_view account) {
  const QualifiedName seen = Split(presented);
  const QualifiedName wanted = Split(account);
  if (seen.user.empty() || !EqualsIgnoringCase(seen.user, wanted.user)) return false;
  return !seen.has_domain || !wanted.has_domain || EqualsIgnoringCase(seen.domain, wanted.domain);
}

}  // namespace bitscts::fakeserver
