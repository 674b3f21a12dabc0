// The BITS vocabulary scenarios speak in: job states, error contexts, helper-token usage flags,
// notification flags, authentication targets and schemes, and COM impersonation levels, with the
// numeric values of the Windows SDK headers (HT-IF-4).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace bitscts {

enum class JobState : std::uint8_t {
  kQueued = 0,
  kConnecting = 1,
  kTransferring = 2,
  kSuspended = 3,
  kError = 4,
  kTransientError = 5,
  kTransferred = 6,
  kAcknowledged = 7,
  kCancelled = 8,
};

enum class ErrorContext : std::uint8_t {
  kNone = 0,
  kUnknown = 1,
  kGeneralQueueManager = 2,
  kQueueManagerNotification = 3,
  kLocalFile = 4,
  kRemoteFile = 5,
  kGeneralTransport = 6,
  kRemoteApplication = 7,
  kServerCertificateCallback = 8,
};

// The helper-token usage flags of IBitsTokenOptions::SetHelperTokenFlags.
namespace token_usage {
inline constexpr std::uint32_t kNone = 0x0;
inline constexpr std::uint32_t kLocalFile = 0x1;  // BG_TOKEN_LOCAL_FILE
inline constexpr std::uint32_t kNetwork = 0x2;    // BG_TOKEN_NETWORK
}  // namespace token_usage

// The BG_NOTIFY_* flags of IBackgroundCopyJob::SetNotifyFlags.
namespace notify {
inline constexpr std::uint32_t kJobTransferred = 0x01;
inline constexpr std::uint32_t kJobError = 0x02;
inline constexpr std::uint32_t kDisable = 0x04;
inline constexpr std::uint32_t kJobModification = 0x08;
inline constexpr std::uint32_t kFileTransferred = 0x10;        // BITS 3.0 and later
inline constexpr std::uint32_t kFileRangesTransferred = 0x20;  // BITS 10.1 and later
}  // namespace notify

// BITS_COST_STATE_* bits: the cost of a network as BITS sees it, and (combined) a job's cost
// flags, the BITS_JOB_TRANSFER_POLICY_* values of IBackgroundCopyJob5 (BITS 5.0 and later).
namespace cost {
inline constexpr std::uint32_t kUnrestricted = 0x01;
inline constexpr std::uint32_t kCappedUsageUnknown = 0x02;
inline constexpr std::uint32_t kBelowCap = 0x04;
inline constexpr std::uint32_t kNearCap = 0x08;
inline constexpr std::uint32_t kOvercapCharged = 0x10;
inline constexpr std::uint32_t kOvercapThrottled = 0x20;
inline constexpr std::uint32_t kUsageBased = 0x40;
inline constexpr std::uint32_t kRoaming = 0x80;
inline constexpr std::uint32_t kIgnoreCongestion =
    0x80000000;                                               // BITS_COST_OPTION_IGNORE_CONGESTION
inline constexpr std::uint32_t kPolicyStandard = 0x80000067;  // BITS_JOB_TRANSFER_POLICY_STANDARD
inline constexpr std::uint32_t kPolicyAlways = 0x800000FF;    // BITS_JOB_TRANSFER_POLICY_ALWAYS
}  // namespace cost

// BG_AUTH_TARGET_* of IBackgroundCopyJob2::SetCredentials; other values are representable so
// that a scenario can pass an unrecognised one.
enum class AuthTarget : std::uint32_t { kServer = 1, kProxy = 2 };

// BG_AUTH_SCHEME_*; other values are representable, as for AuthTarget.
enum class AuthScheme : std::uint32_t {
  kBasic = 1,
  kDigest = 2,
  kNtlm = 3,
  kNegotiate = 4,
  kPassport = 5
};

// BG_JOB_PROXY_USAGE_* of IBackgroundCopyJob::SetProxySettings; other values are representable
// so that a scenario can pass an undefined one.
enum class ProxyUsage : std::uint32_t {
  kPreconfig = 0,
  kNoProxy = 1,
  kOverride = 2,
  kAutodetect = 3
};

// BG_CERT_STORE_LOCATION_* of IBackgroundCopyJobHttpOptions::SetClientCertificateByID; other
// values are representable so that a scenario can pass an undefined one.
enum class CertStoreLocation : std::uint32_t {
  kCurrentUser = 0,
  kLocalMachine = 1,
  kCurrentService = 2,
  kServices = 3,
  kUsers = 4,
  kCurrentUserGroupPolicy = 5,
  kLocalMachineGroupPolicy = 6,
  kLocalMachineEnterprise = 7,
};

// RPC_C_IMP_LEVEL_* as used by CoInitializeSecurity.
enum class ImpersonationLevel : std::uint8_t {
  kDefault = 0,
  kAnonymous = 1,
  kIdentify = 2,
  kImpersonate = 3,
  kDelegate = 4,
};

// Returns the SDK name of a state ("BG_JOB_STATE_ERROR"), or "BG_JOB_STATE_<n>" if out of range.
std::string Name(JobState state);
// Returns the SDK name of a context ("BG_ERROR_CONTEXT_LOCAL_FILE"), or "BG_ERROR_CONTEXT_<n>".
std::string Name(ErrorContext context);
// Returns the RPC_C_IMP_LEVEL_* name of a level.
std::string Name(ImpersonationLevel level);
// Returns "0" or a '|'-joined list of BG_TOKEN_* names, with unknown bits in hexadecimal.
std::string TokenUsageName(std::uint32_t flags);
// Returns "0" or a '|'-joined list of BG_NOTIFY_* names, with unknown bits in hexadecimal.
std::string NotifyFlagsName(std::uint32_t flags);
// Returns "BG_AUTH_TARGET_SERVER" or "BG_AUTH_TARGET_PROXY", or "BG_AUTH_TARGET_<n>".
std::string Name(AuthTarget target);
// Returns "BG_AUTH_SCHEME_BASIC" ... "BG_AUTH_SCHEME_PASSPORT", or "BG_AUTH_SCHEME_<n>".
std::string Name(AuthScheme scheme);
// Returns "BG_JOB_PROXY_USAGE_PRECONFIG" ... "BG_JOB_PROXY_USAGE_AUTODETECT", or
// "BG_JOB_PROXY_USAGE_<n>".
std::string Name(ProxyUsage usage);
// Returns "BG_CERT_STORE_LOCATION_CURRENT_USER" ..., or "BG_CERT_STORE_LOCATION_<n>".
std::string Name(CertStoreLocation location);

// Returns true if and only if no method can move the job out of `state` (ACKNOWLEDGED, CANCELLED).
constexpr bool IsFinal(JobState state) {
  return state == JobState::kAcknowledged || state == JobState::kCancelled;
}

std::ostream& operator<<(std::ostream& out, JobState state);
std::ostream& operator<<(std::ostream& out, ErrorContext context);
std::ostream& operator<<(std::ostream& out, ImpersonationLevel level);
std::ostream& operator<<(std::ostream& out, AuthTarget target);
std::ostream& operator<<(std::ostream& out, AuthScheme scheme);
std::ostream& operator<<(std::ostream& out, ProxyUsage usage);
std::ostream& operator<<(std::ostream& out, CertStoreLocation location);

}  // namespace bitscts
