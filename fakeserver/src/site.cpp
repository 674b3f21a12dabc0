#include "site.h"

#include <algorithm>

#include "access/authorization.h"
#include "content/fault_path.h"
#include "http/byte_ranges.h"
#include "http/request_path.h"
#include "text.h"

namespace bitscts::fakeserver::internal {
namespace {

// Returns the entry of `map` with the longest key that prefixes `path`, or end().
template <typename Map>
auto LongestPrefixMatch(Map& map, std::string_view path) {
  auto best = map.end();
  for (auto entry = map.begin(); entry != map.end(); ++entry) {
    if (path.substr(0, entry->first.size()) == entry->first &&
        (best == map.end() || entry->first.size() > best->first.size())) {
      best = entry;
    }
  }
  return best;
}

// Returns true if and only if the Connection field lists `option` ("close", "keep-alive").
bool HasConnectionOption(const RequestHead& head, std::string_view option) {
  for (const std::string_view token : Split(head.Field("Connection"), ',')) {
    if (EqualsIgnoringCase(Trim(token, kOptionalWhitespace), option)) return true;
  }
  return false;
}

// Returns `target` with the userinfo of an absolute URL ("scheme://user:password@host/...")
// removed, so that no password reaches the log.
std::string WithoutUserInfo(const std::string& target) {
  const std::size_t scheme = target.find("://");
  if (scheme == std::string::npos) return target;
  const std::size_t authority = scheme + 3;
  const std::size_t end = std::min(target.find('/', authority), target.size());
  const std::size_t at = target.rfind('@', end == target.size() ? std::string::npos : end);
  if (at == std::string::npos || at < authority) return target;
  return target.substr(0, authority) + target.substr(at + 1);
}

bool WantsKeepAlive(const RequestHead& head) {
  if (head.minor_version == 0) return HasConnectionOption(head, "keep-alive");
  return !HasConnectionOption(head, "close");
}

// One of the two authentications a request may carry: to the origin (Authorization, 401,
// WWW-Authenticate) or to the proxy (Proxy-Authorization, 407, Proxy-Authenticate).
struct AuthenticationRealm {
  std::string_view request_field;
  int challenge_status;
  std::string_view challenge_field;
  std::string_view basic_realm;
  std::string_view what;  // "" or "proxy ", for the reasons in refusals
};

constexpr AuthenticationRealm kOriginRealm{"Authorization", 401, "WWW-Authenticate", kRealm, ""};
constexpr AuthenticationRealm kProxyAuthRealm{"Proxy-Authorization", 407, "Proxy-Authenticate",
                                              kProxyRealm, "proxy "};

// Returns a challenge of `realm`: the server wants Windows integrated authentication, so it names
// Negotiate and NTLM first, on every build (where the build has no SSPI, a Negotiate or NTLM
// answer is refused with another challenge), then Basic, the stand-in for them that clients
// without SSPI (the model) present. A `continuation` of a handshake is sent alone.
Response Challenge(const AuthenticationRealm& realm, std::string_view detail,
                   std::string_view continuation = {}) {
  Response response = TextResponse(realm.challenge_status, detail);
  const std::string field(realm.challenge_field);
  if (!continuation.empty()) {
    response.fields.emplace_back(field, std::string(continuation));
    return response;
  }
  for (const std::string_view scheme : kIntegratedSchemes)
    response.fields.emplace_back(field, std::string(scheme));
  response.fields.emplace_back(field, "Basic realm=\"" + std::string(realm.basic_realm) +
                                          "\", charset=\"UTF-8\"");
  return response;
}

// The identity a request presents, or the response that refuses it.
struct Authentication {
  std::string identity;
  std::optional<Response> refusal;
  std::string mutual_token;  // a final Negotiate token for the successful response, if any
};

// Reads the credentials `head` presents to `realm`: Basic checked against `policy`, or one step
// of the connection-bound handshake `authenticator` keeps for that realm. Without any, the
// identity a completed handshake established earlier on the connection.
Authentication Authenticate(const RequestHead& head, const AuthenticationRealm& realm,
                            ConnectionAuthenticator& authenticator, const AccessPolicy& policy) {
  const std::string_view field = head.Field(realm.request_field);
  if (field.empty()) return {authenticator.identity(), std::nullopt, {}};
  const auto authorization = ParseAuthorization(field);
  if (!authorization) {
    return {{}, TextResponse(400, "malformed " + std::string(realm.request_field) + " field"), {}};
  }
  if (EqualsIgnoringCase(authorization->scheme, "Basic")) {
    const auto credentials = DecodeBasicCredentials(authorization->credentials);
    if (!credentials || !policy.IsValidUser(credentials->user, credentials->password)) {
      return {{}, Challenge(realm, "unknown user or wrong password"), {}};
    }
    return {credentials->user, std::nullopt, {}};
  }
  if (!ConnectionAuthenticator::Supports(authorization->scheme)) {
    return {{},
            Challenge(realm, "unsupported " + std::string(realm.what) + "authentication scheme"),
            {}};
  }
  const auto token = DecodeBase64(authorization->credentials);
  if (!token) return {{}, TextResponse(400, "malformed authentication token"), {}};
  const auto step = authenticator.Accept(authorization->scheme, *token);
  switch (step.kind) {
    case ConnectionAuthenticator::Step::Kind::kAuthenticated:
      return {step.identity, std::nullopt, step.challenge};
    case ConnectionAuthenticator::Step::Kind::kContinue:
      return {{}, Challenge(realm, "authentication continues", step.challenge), {}};
    case ConnectionAuthenticator::Step::Kind::kFailed: break;
  }
  return {{}, Challenge(realm, "authentication failed"), {}};
}

// Returns the identity a request presents to the proxy, or the response with which the proxy
// refuses it: Authenticate for the proxy realm, then RequireProxyUsers' list.
Authentication AuthenticateToProxy(const RequestHead& head, ConnectionAuthenticator& authenticator,
                                   const AccessPolicy& policy) {
  Authentication authentication = Authenticate(head, kProxyAuthRealm, authenticator, policy);
  if (authentication.refusal) return authentication;
  switch (policy.DecideProxy(authentication.identity)) {
    case Access::kGranted: break;
    case Access::kChallenge:
      authentication.refusal = Challenge(kProxyAuthRealm, "this proxy needs an identity");
      break;
    case Access::kForbidden:
      authentication.refusal = TextResponse(403, "this identity may not use this proxy");
      break;
  }
  return authentication;
}

}  // namespace

void Site::SetFolder(std::filesystem::path canonical_folder) {
  folder_ = ServedFolder(std::move(canonical_folder));
}

void Site::SetOrigin(std::string host, int port) {
  origin_host_ = std::move(host);
  origin_port_ = port;
}

void Site::AddUser(std::string name, std::string password) {
  std::unique_lock lock(policy_mutex_);
  policy_.AddUser(std::move(name), std::move(password));
}

void Site::Allow(std::string path_prefix, std::vector<std::string> identities) {
  std::unique_lock lock(policy_mutex_);
  policy_.Allow(std::move(path_prefix), std::move(identities));
}

void Site::RequireProxyUsers(std::vector<std::string> identities) {
  std::unique_lock lock(policy_mutex_);
  policy_.RequireProxyUsers(std::move(identities));
}

void Site::InjectFault(std::string path_prefix, Fault fault) {
  std::lock_guard lock(fault_mutex_);
  injected_faults_[std::move(path_prefix)] = InjectedFault{fault, 0};
}

void Site::ClearFaults() {
  std::lock_guard lock(fault_mutex_);
  injected_faults_.clear();
  path_fault_counts_.clear();
}

Answer Site::Refuse(int status, std::string_view reason) {
  Answer answer;
  answer.response = TextResponse(status, reason);
  answer.close_connection = true;
  answer.record.status = status;
  answer.record.bytes = answer.response.body_length();
  return answer;
}

Answer Site::Respond(const RequestHead& head, ConnectionAuthenticator& authenticator) {
  Answer answer;
  RequestRecord& record = answer.record;
  record.method = head.method;
  record.range = std::string(head.Field("Range"));
  answer.close_connection = !WantsKeepAlive(head);
  answer.head_only = head.method == "HEAD";
  const auto path = DecodeRequestPath(head.target);
  record.path = path.value_or(head.target);

  const auto finish = [&answer](Response response) {
    answer.response = std::move(response);
    answer.record.status = answer.response.status;
    answer.record.bytes = answer.response.body_length();
    return std::move(answer);
  };
  if (head.method != "GET" && head.method != "HEAD") {
    answer.close_connection = true;  // a body may follow, and it is not read
    Response refusal = TextResponse(405, "only GET and HEAD are served");
    refusal.fields.emplace_back("Allow", "GET, HEAD");
    return finish(std::move(refusal));
  }
  const std::string_view content_length = head.Field("Content-Length");
  if (head.FieldCount("Content-Length") > 1 || (!content_length.empty() && content_length != "0")) {
    answer.close_connection = true;
    return finish(TextResponse(400, "a GET or HEAD request carries no body"));
  }
  if (!path) return finish(TextResponse(400, "malformed or unsafe path"));

  std::optional<Fault> path_fault;
  std::string served_path = *path;
  if (path->starts_with(kFaultPrefix)) {
    auto faulted = ParseFaultPath(*path);
    if (!faulted) return finish(TextResponse(400, "malformed fault specification"));
    path_fault = faulted->fault;
    served_path = std::move(faulted->served_path);
  }

  Authentication authentication;
  Access access = Access::kGranted;
  {
    std::shared_lock lock(policy_mutex_);
    authentication = Authenticate(head, kOriginRealm, authenticator, policy_);
    record.identity = authentication.identity;
    if (!authentication.refusal) access = policy_.Decide(served_path, authentication.identity);
  }
  if (authentication.refusal) return finish(std::move(*authentication.refusal));
  if (access == Access::kChallenge)
    return finish(Challenge(kOriginRealm, "this path needs an identity"));
  if (access == Access::kForbidden)
    return finish(TextResponse(403, "this identity may not read this path"));

  if (const auto fault = TakeFault(*path, path_fault, served_path)) {
    record.fault = FaultSpec(*fault);
    answer.delay = std::min(fault->delay, kMaxFaultDelay);
    answer.hold = fault->hold;
    answer.body_budget = fault->close_after_bytes;
    if (fault->close_after_bytes) answer.close_connection = true;
    if (fault->status != 0) return finish(TextResponse(fault->status, "injected fault"));
  }

  answer.resource = Find(served_path);
  if (!answer.resource) return finish(TextResponse(404));
  std::string_view range = head.Field("Range");
  const std::string_view if_range = head.Field("If-Range");
  if (!if_range.empty() && if_range != answer.resource->entity_tag() &&
      if_range != answer.resource->last_modified()) {
    range = {};  // the client's copy is stale: it gets the whole new representation
  }
  Response response =
      ResourceResponse(*answer.resource, SelectRanges(range, answer.resource->size()));
  if (!authentication.mutual_token.empty()) {
    response.fields.emplace_back("WWW-Authenticate", authentication.mutual_token);
  }
  return finish(std::move(response));
}

Answer Site::RespondAsProxy(const RequestHead& head, ConnectionAuthenticator& authenticator,
                            ConnectionAuthenticator& proxy_authenticator) {
  const auto target = SplitAbsoluteTarget(head.target);
  const bool to_origin = target && target->scheme == "http" &&
                         AuthorityNames(target->authority, origin_host_, origin_port_);
  Authentication authentication;
  if (target) {
    std::shared_lock lock(policy_mutex_);
    authentication = AuthenticateToProxy(head, proxy_authenticator, policy_);
  }
  if (to_origin && !authentication.refusal) {
    RequestHead forwarded = head;
    forwarded.target = target->origin_form;
    Answer answer = Respond(forwarded, authenticator);
    if (!authentication.mutual_token.empty()) {
      answer.response.fields.emplace_back("Proxy-Authenticate",
                                          std::move(authentication.mutual_token));
    }
    answer.record.via_proxy = true;
    answer.record.proxy_identity = std::move(authentication.identity);
    return answer;
  }

  // The proxy refuses the request itself; the origin never sees it.
  Answer answer;
  if (!target) {
    answer.response = TextResponse(400, "a proxy request names an absolute http:// URL");
  } else if (authentication.refusal) {
    answer.response = std::move(*authentication.refusal);
  } else {
    answer.response = TextResponse(502, "this proxy forwards only to its own origin");
  }
  const std::string_view content_length = head.Field("Content-Length");
  const bool may_carry_body = (head.method != "GET" && head.method != "HEAD") ||
                              head.FieldCount("Content-Length") > 1 ||
                              (!content_length.empty() && content_length != "0");
  // A body that may follow is not read, and a request that is not one for a proxy may be
  // followed by anything.
  answer.close_connection = !target || may_carry_body || !WantsKeepAlive(head);
  answer.head_only = head.method == "HEAD";
  RequestRecord& record = answer.record;
  record.method = head.method;
  // A refused target is logged without any "user:password@" it carried.
  record.path = to_origin ? DecodeRequestPath(target->origin_form).value_or(target->origin_form)
                          : WithoutUserInfo(head.target);
  record.range = std::string(head.Field("Range"));
  record.status = answer.response.status;
  record.bytes = answer.response.body_length();
  record.via_proxy = true;
  record.proxy_identity = std::move(authentication.identity);
  return answer;
}

std::optional<Fault> Site::TakeFault(const std::string& request_path,
                                     const std::optional<Fault>& path_fault,
                                     const std::string& served_path) {
  std::lock_guard lock(fault_mutex_);
  if (path_fault) {
    if (path_fault->times == 0) return path_fault;
    int& applied = path_fault_counts_[request_path];
    if (applied >= path_fault->times) return std::nullopt;
    ++applied;
    return path_fault;
  }
  const auto injected = LongestPrefixMatch(injected_faults_, served_path);
  if (injected == injected_faults_.end()) return std::nullopt;
  InjectedFault& entry = injected->second;
  if (entry.fault.times != 0 && entry.applied >= entry.fault.times) return std::nullopt;
  ++entry.applied;
  return entry.fault;
}

std::unique_ptr<Resource> Site::Find(const std::string& served_path) const {
  if (const auto content = ParseContentPath(served_path)) return MakeContentResource(*content);
  if (folder_.empty() || !served_path.starts_with(kFilesPrefix)) return nullptr;
  return folder_.Open(std::string_view(served_path).substr(kFilesPrefix.size()));
}

std::uint64_t Site::Record(RequestRecord record) {
  std::lock_guard lock(log_mutex_);
  record.finished = false;
  log_.push_back(std::move(record));
  ++unfinished_;
  return first_number_ + log_.size() - 1;
}

void Site::Finish(std::uint64_t number, std::uint64_t bytes) {
  {
    std::lock_guard lock(log_mutex_);
    if (number < first_number_ || number - first_number_ >= log_.size()) return;
    RequestRecord& record = log_[static_cast<std::size_t>(number - first_number_)];
    if (record.finished) return;
    record.bytes = bytes;
    record.finished = true;
    --unfinished_;
  }
  log_changed_.notify_all();
}

bool Site::WaitForFinished(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(log_mutex_);
  return log_changed_.wait_for(lock, timeout, [this] { return unfinished_ == 0; });
}

std::vector<RequestRecord> Site::Log() const {
  std::lock_guard lock(log_mutex_);
  return log_;
}

void Site::ClearLog() {
  {
    std::lock_guard lock(log_mutex_);
    first_number_ += log_.size();
    log_.clear();
    unfinished_ = 0;
  }
  log_changed_.notify_all();
}

}  // namespace bitscts::fakeserver::internal
