#include "transfer_rules.h"

#include <algorithm>

#include "file_fetch.h"
#include "http_fetch.h"

namespace bitscts::model {
namespace {

bool HasFlag(const TransferFacts& facts, std::uint32_t flag) {
  return (facts.helper_flags & flag) != 0;
}

TransferPlan Refuse(HResult code, ErrorContext context, std::string description,
                    std::string protocol = {}) {
  TransferPlan plan;
  plan.refusal =
      TransferRefusal{JobError{code, context, std::move(description)}, std::move(protocol)};
  return plan;
}

// Returns the most recently set credentials for `target` with a user name and a password, or null.
const StoredCredentials* ExplicitCredentials(std::span<const StoredCredentials> set,
                                             AuthTarget target) {
  for (auto it = set.rbegin(); it != set.rend(); ++it) {
    if (it->target == target && it->user_name && it->password) return &*it;
  }
  return nullptr;
}

// Returns true if `set` holds NTLM or Negotiate credentials for `target` with neither a user name
// nor a password: the implicit credentials of JOB-OWN-8.
bool HasImplicitCredentials(std::span<const StoredCredentials> set, AuthTarget target) {
  return std::any_of(set.begin(), set.end(), [target](const StoredCredentials& stored) {
    const bool logon_scheme =
        stored.scheme == AuthScheme::kNtlm || stored.scheme == AuthScheme::kNegotiate;
    return stored.target == target && logon_scheme && !stored.user_name && !stored.password;
  });
}

// Returns what a request presents to `target` when `network_sid` is its network identity.
CredentialChoice CredentialsFor(const TransferFacts& facts, AuthTarget target,
                                const std::string& network_sid) {
  // JOB-OWN-8: explicit credentials for the target are presented as given.
  if (const StoredCredentials* given = ExplicitCredentials(facts.credentials, target)) {
    return {CredentialKind::kExplicit, given, {}};
  }
  // HT-FLAG-3, DOC-AMB-14: the network identity's logon answers only with implicit credentials for
  // the target; JOB-OWN-8: implicit proxy credentials serve the server too, explicit server
  // credentials having been looked for first.
  const bool implicit = HasImplicitCredentials(facts.credentials, target) ||
                        (target == AuthTarget::kServer &&
                         HasImplicitCredentials(facts.credentials, AuthTarget::kProxy));
  if (!implicit) return {};
  return {CredentialKind::kImplicit, nullptr, network_sid};  // JOB-OWN-5: resolved by the Authority
}

// Adds the client certificate to `plan` (HTTPS with a named certificate), or refuses.
void ChooseCertificate(const TransferFacts& facts, TransferPlan& plan) {
  const bool owner_is_system = facts.owner.token.kind == PrincipalKind::kLocalSystem;
  // HT-FLAG-5: with BG_TOKEN_NETWORK and a helper token, the private key of a job whose owner is
  // not LocalSystem is out of reach. open question (unclear): a final REMOTE_FILE error.
  if (HasFlag(facts, token_usage::kNetwork) && facts.helper && !owner_is_system) {
    plan =
        Refuse(hr::kClientCertNoAccessPrivateKey, ErrorContext::kRemoteFile,
               "the client certificate's private key cannot be used with BG_TOKEN_NETWORK", "http");
    return;
  }
  // HT-FLAG-4: the certificate is looked up as the job's owner, never as the helper.
  const std::optional<StoredCertificate>& found = facts.owner.certificate;
  if (!found) {
    plan = Refuse(hr::kCryptNotFound, ErrorContext::kRemoteFile,
                  "the job's client certificate is gone", "http");
    return;
  }
  // The private key is the owner's to use, or LocalSystem's (a machine certificate of another
  // user's key is out of reach).
  if (found->key_user_sid != facts.owner.token.user_sid && !owner_is_system) {
    plan = Refuse(hr::kClientCertNoAccessPrivateKey, ErrorContext::kRemoteFile,
                  "the client certificate's private key belongs to " + found->key_user_sid, "http");
    return;
  }
  plan.certificate = found->certificate;
}

// Adds the proxy a request goes through, and what it presents there, to `plan`, or refuses.
void ChooseProxy(const TransferFacts& facts, TransferPlan& plan) {
  std::string list;
  std::string bypass;
  switch (facts.proxy_usage) {
    case ProxyUsage::kOverride:
      list = facts.proxy_list;
      bypass = facts.proxy_bypass_list;
      break;
    case ProxyUsage::kPreconfig: {
      // HT-FLAG-13: with BG_TOKEN_NETWORK the per-user settings are read as the helper from 1809,
      // as the owner before; without it, always as the owner.
      const bool as_helper = HasFlag(facts, token_usage::kNetwork) && facts.helper &&
                             facts.build >= builds::kWindows1809;
      list = as_helper ? facts.helper->user_proxy : facts.owner.user_proxy;
      break;
    }
    case ProxyUsage::kAutodetect:  // model reading: no WPAD server answers on the model's network
    case ProxyUsage::kNoProxy: return;
  }
  const ProxyChoice choice = HttpProxyOf(list);
  if (!choice.valid) {
    // Model reading: a malformed list is found when a request needs it, a transport error.
    plan = Refuse(hr::kInvalidProxyInfo, ErrorContext::kGeneralTransport,
                  "the job's proxy list is malformed");
    return;
  }
  if (!choice.address || IsBypassed(bypass, facts.host)) return;  // model reading: direct
  plan.proxy = choice.address;
  // HT-FLAG-13: the proxy is answered with the same identity as the server.
  plan.proxy_credentials = CredentialsFor(facts, AuthTarget::kProxy, plan.network_sid);
}

}  // namespace

SourceKind SourceKindOf(const std::string& remote_name) {
  if (ParseUnc(remote_name)) return SourceKind::kSmb;
  if (LocalSourceOf(remote_name)) return SourceKind::kLocalFile;
  return IsHttpsUrl(remote_name) ? SourceKind::kHttps : SourceKind::kHttp;
}

bool Presents(CredentialKind kind, Challenge challenge) {
  switch (kind) {
    case CredentialKind::kNone: return false;
    case CredentialKind::kExplicit:  // JOB-OWN-8: with the first request
      return true;
    case CredentialKind::kImplicit:  // HT-FLAG-3: in answer to an NTLM or Kerberos challenge
      return challenge == Challenge::kLogon;
  }
  return false;
}

bool HelperWritesLocalFiles(const std::optional<Token>& helper, std::uint32_t helper_flags) {
  return (helper_flags & token_usage::kLocalFile) != 0 && helper.has_value();  // HT-FLAG-2
}

TransferPlan DecideTransfer(const TransferFacts& facts) {
  // HT-CLR-3, HT-FLAG-12; open question (unclear): the job errs when it first needs a flagged
  // resource, not at Resume; BG_TOKEN_NETWORK counts on every HTTP request. JOB-ERR-4 (unclear):
  // the context is that of the resource that needed the token, the remote file being first.
  if (facts.helper_flags != 0 && !facts.helper) {
    const bool network = HasFlag(facts, token_usage::kNetwork);
    return Refuse(hr::kTokenRequired,
                  network ? ErrorContext::kRemoteFile : ErrorContext::kLocalFile,
                  "usage flags " + TokenUsageName(facts.helper_flags) +
                      " are set but the job has no helper token");
  }
  // HT-FLAG-1..3: the helper's identity for flagged resources, the owner's for the rest.
  const IdentityFacts& network =
      HasFlag(facts, token_usage::kNetwork) ? *facts.helper : facts.owner;
  const IdentityFacts& local =
      HasFlag(facts, token_usage::kLocalFile) ? *facts.helper : facts.owner;
  if (!local.may_write_folder) {  // HT-FLAG-2: the temporary file is created as `local`
    return Refuse(hr::kAccessDenied, ErrorContext::kLocalFile,
                  "creating the temporary file in " + facts.folder.string() + " as " +
                      local.token.user_sid + " was denied");
  }
  TransferPlan plan;
  plan.network_sid = network.token.user_sid;
  plan.local_sid = local.token.user_sid;
  // HT-FLAG-3: an SMB file is read as the network identity; JOB-OWN-8: credentials do not apply
  // to SMB names. JOB-LIM-3 (inferred): a local file is read as the service reads it.
  if (facts.source == SourceKind::kSmb || facts.source == SourceKind::kLocalFile) return plan;
  plan.server = CredentialsFor(facts, AuthTarget::kServer, plan.network_sid);
  if (facts.source == SourceKind::kHttps && facts.names_certificate) {
    ChooseCertificate(facts, plan);
    if (plan.refusal) return plan;
  }
  ChooseProxy(facts, plan);
  return plan;
}

}  // namespace bitscts::model
