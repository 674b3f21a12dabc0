// The rules of the HT-FLAG family (with JOB-OWN-5, JOB-OWN-8 and HT-CLR-3) that decide how the
// emulated BITS transfers a job's file: which identity the network request presents, which
// identity writes the local file, which credentials, client certificate and proxy go with the
// request, or which error stops the transfer. Pure functions of plain data; the service gathers
// the data (transfer.cpp) and carries the decision out (http_fetch, file_fetch).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "certificates.h"
#include "job_record.h"
#include "proxy_route.h"
#include "security.h"

namespace bitscts::model {

// What a job's remote name names (JOB-LIM-3).
enum class SourceKind : std::uint8_t { kHttp, kHttps, kSmb, kLocalFile };

// Returns the kind of `remote_name`: a UNC name, a file:// URL or local path, else an HTTP(S) URL.
SourceKind SourceKindOf(const std::string& remote_name);

// What a target (server or proxy) last answered a request with.
enum class Challenge : std::uint8_t {
  kNone,   // nothing yet: the first request
  kLogon,  // 401 or 407 naming Negotiate or NTLM
  kOther,  // 401 or 407 naming other schemes only (Basic, Digest)
};

// How a request authenticates to a target.
enum class CredentialKind : std::uint8_t {
  kNone,      // anonymously
  kExplicit,  // with credentials SetCredentials gave (user name and password)
  kImplicit,  // with a logon identity, because SetCredentials(NTLM or Negotiate, NULL, NULL)
};

// Returns true if credentials of `kind` go with a request sent after `challenge`: explicit ones
// with every request, implicit ones only in answer to a Negotiate or NTLM challenge (HT-FLAG-3).
bool Presents(CredentialKind kind, Challenge challenge);

// What the emulated machine holds for one identity a transfer may act as.
struct IdentityFacts {
  Token token;
  bool may_write_folder = true;  // may create the temporary file in the destination folder
  std::string user_proxy;        // its per-user (Internet Explorer) proxy setting; empty: direct
  // The job's client certificate as this identity's stores hold it; empty when they do not
  // hold it or the job names none.
  std::optional<StoredCertificate> certificate;
};

// Everything the transfer rules read about the file about to be transferred.
struct TransferFacts {
  std::uint32_t build = 0;  // the emulated Windows build
  IdentityFacts owner;
  std::optional<IdentityFacts> helper;  // the helper token, if the job has one
  std::uint32_t helper_flags = 0;       // BG_TOKEN_*
  SourceKind source = SourceKind::kHttp;
  std::string host;                                // the URL's host, for the bypass list
  std::filesystem::path folder;                    // the destination folder
  std::span<const StoredCredentials> credentials;  // SetCredentials, in the order set
  bool names_certificate = false;                  // SetClientCertificateByID was called
  ProxyUsage proxy_usage = ProxyUsage::kPreconfig;
  std::string proxy_list;  // SetProxySettings's lists (OVERRIDE)
  std::string proxy_bypass_list;
};

// What a request presents to one target.
struct CredentialChoice {
  CredentialKind kind = CredentialKind::kNone;
  const StoredCredentials* given = nullptr;  // kExplicit: the job's credentials (in the facts)
  std::string logon_sid;  // kImplicit: whose logon identity answers (none for LocalService)
};

// Why the transfer does not start: the job's error, final (JOB-ERR-6: it belongs to the file).
struct TransferRefusal {
  JobError error;
  std::string protocol;  // "http" when the refusal came with an HTTP exchange; empty otherwise
};

// The decision for one file.
struct TransferPlan {
  std::optional<TransferRefusal> refusal;  // set: nothing below applies
  std::string network_sid;                 // reads an SMB file and answers challenges (HT-FLAG-3)
  std::string local_sid;                   // creates the temporary file (HT-FLAG-2)
  CredentialChoice server;                 // HTTP(S) only
  std::optional<ProxyAddress> proxy;       // HTTP(S) only; none: a direct connection
  CredentialChoice proxy_credentials;
  std::optional<ClientCertificate> certificate;  // HTTPS only: presented when the server asks
};

// Returns how the file `facts` describe is transferred, or why it is not.
TransferPlan DecideTransfer(const TransferFacts& facts);

// Returns true if and only if the helper writes the job's local files: BG_TOKEN_LOCAL_FILE is set
// and the job has a helper token (HT-FLAG-2).
bool HelperWritesLocalFiles(const std::optional<Token>& helper, std::uint32_t helper_flags);

}  // namespace bitscts::model
