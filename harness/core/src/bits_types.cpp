#include "bitscts/bits_types.h"

#include <array>
#include <cstdio>

namespace bitscts {
namespace {

template <std::size_t N>
std::string Lookup(const std::array<std::string_view, N>& names, std::string_view prefix,
                   unsigned value) {
  if (value < N) return std::string(prefix) + std::string(names[value]);
  return std::string(prefix) + std::to_string(value);
}

struct NamedBit {
  std::uint32_t bit;
  std::string_view name;
};

// Returns "0" or the names of the set bits joined by '|', unknown bits last in hexadecimal.
template <std::size_t N>
std::string BitNames(const std::array<NamedBit, N>& bits, std::uint32_t flags) {
  if (flags == 0) return "0";
  std::string out;
  auto append = [&out](std::string_view part) {
    if (!out.empty()) out += '|';
    out += part;
  };
  std::uint32_t unknown = flags;
  for (const NamedBit& named : bits) {
    if ((flags & named.bit) != 0) append(named.name);
    unknown &= ~named.bit;
  }
  if (unknown != 0) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%X", static_cast<unsigned>(unknown));
    append(buffer);
  }
  return out;
}

}  // namespace

std::string Name(JobState state) {
  static constexpr std::array<std::string_view, 9> kNames{"QUEUED",       "CONNECTING",
                                                          "TRANSFERRING", "SUSPENDED",
                                                          "ERROR",        "TRANSIENT_ERROR",
                                                          "TRANSFERRED",  "ACKNOWLEDGED",
                                                          "CANCELLED"};
  return Lookup(kNames, "BG_JOB_STATE_", static_cast<unsigned>(state));
}

std::string Name(ErrorContext context) {
  static constexpr std::array<std::string_view, 9> kNames{"NONE",
                                                          "UNKNOWN",
                                                          "GENERAL_QUEUE_MANAGER",
                                                          "QUEUE_MANAGER_NOTIFICATION",
                                                          "LOCAL_FILE",
                                                          "REMOTE_FILE",
                                                          "GENERAL_TRANSPORT",
                                                          "REMOTE_APPLICATION",
                                                          "SERVER_CERTIFICATE_CALLBACK"};
  return Lookup(kNames, "BG_ERROR_CONTEXT_", static_cast<unsigned>(context));
}

std::string Name(ImpersonationLevel level) {
  static constexpr std::array<std::string_view, 5> kNames{"DEFAULT", "ANONYMOUS", "IDENTIFY",
                                                          "IMPERSONATE", "DELEGATE"};
  return Lookup(kNames, "RPC_C_IMP_LEVEL_", static_cast<unsigned>(level));
}

std::string TokenUsageName(std::uint32_t flags) {
  static constexpr std::array<NamedBit, 2> kBits{{
      {token_usage::kLocalFile, "BG_TOKEN_LOCAL_FILE"},
      {token_usage::kNetwork, "BG_TOKEN_NETWORK"},
  }};
  return BitNames(kBits, flags);
}

std::string NotifyFlagsName(std::uint32_t flags) {
  static constexpr std::array<NamedBit, 6> kBits{{
      {notify::kJobTransferred, "BG_NOTIFY_JOB_TRANSFERRED"},
      {notify::kJobError, "BG_NOTIFY_JOB_ERROR"},
      {notify::kDisable, "BG_NOTIFY_DISABLE"},
      {notify::kJobModification, "BG_NOTIFY_JOB_MODIFICATION"},
      {notify::kFileTransferred, "BG_NOTIFY_FILE_TRANSFERRED"},
      {notify::kFileRangesTransferred, "BG_NOTIFY_FILE_RANGES_TRANSFERRED"},
  }};
  return BitNames(kBits, flags);
}

std::string Name(AuthTarget target) {
  static constexpr std::array<std::string_view, 3> kNames{"0", "SERVER", "PROXY"};
  return Lookup(kNames, "BG_AUTH_TARGET_", static_cast<unsigned>(target));
}

std::string Name(AuthScheme scheme) {
  static constexpr std::array<std::string_view, 6> kNames{"0",    "BASIC",     "DIGEST",
                                                          "NTLM", "NEGOTIATE", "PASSPORT"};
  return Lookup(kNames, "BG_AUTH_SCHEME_", static_cast<unsigned>(scheme));
}

std::string Name(ProxyUsage usage) {
  static constexpr std::array<std::string_view, 4> kNames{"PRECONFIG", "NO_PROXY", "OVERRIDE",
                                                          "AUTODETECT"};
  return Lookup(kNames, "BG_JOB_PROXY_USAGE_", static_cast<unsigned>(usage));
}

std::string Name(CertStoreLocation location) {
  static constexpr std::array<std::string_view, 8> kNames{"CURRENT_USER",
                                                          "LOCAL_MACHINE",
                                                          "CURRENT_SERVICE",
                                                          "SERVICES",
                                                          "USERS",
                                                          "CURRENT_USER_GROUP_POLICY",
                                                          "LOCAL_MACHINE_GROUP_POLICY",
                                                          "LOCAL_MACHINE_ENTERPRISE"};
  return Lookup(kNames, "BG_CERT_STORE_LOCATION_", static_cast<unsigned>(location));
}

std::ostream& operator<<(std::ostream& out, JobState state) { return out << Name(state); }
std::ostream& operator<<(std::ostream& out, ErrorContext context) { return out << Name(context); }
std::ostream& operator<<(std::ostream& out, ImpersonationLevel level) { return out << Name(level); }
std::ostream& operator<<(std::ostream& out, AuthTarget target) { return out << Name(target); }
std::ostream& operator<<(std::ostream& out, AuthScheme scheme) { return out << Name(scheme); }
std::ostream& operator<<(std::ostream& out, ProxyUsage usage) { return out << Name(usage); }
std::ostream& operator<<(std::ostream& out, CertStoreLocation location) {
  return out << Name(location);
}

}  // namespace bitscts
