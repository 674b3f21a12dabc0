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

}  // namespace

std::string Name(JobState state) {
  static constexpr std::array<std::string_view, 9> kNames{
      "QUEUED", "CONNECTING", "TRANSFERRING", "SUSPENDED", "ERROR",
      "TRANSIENT_ERROR", "TRANSFERRED", "ACKNOWLEDGED", "CANCELLED"};
  return Lookup(kNames, "BG_JOB_STATE_", static_cast<unsigned>(state));
}

std::string Name(ErrorContext context) {
  static constexpr std::array<std::string_view, 9> kNames{
      "NONE", "UNKNOWN", "GENERAL_QUEUE_MANAGER", "QUEUE_MANAGER_NOTIFICATION", "LOCAL_FILE",
      "REMOTE_FILE", "GENERAL_TRANSPORT", "REMOTE_APPLICATION", "SERVER_CERTIFICATE_CALLBACK"};
  return Lookup(kNames, "BG_ERROR_CONTEXT_", static_cast<unsigned>(context));
}

std::string Name(ImpersonationLevel level) {
  static constexpr std::array<std::string_view, 5> kNames{"DEFAULT", "ANONYMOUS", "IDENTIFY",
                                                          "IMPERSONATE", "DELEGATE"};
  return Lookup(kNames, "RPC_C_IMP_LEVEL_", static_cast<unsigned>(level));
}

std::string TokenUsageName(std::uint32_t flags) {
  if (flags == 0) return "0";
  std::string out;
  auto append = [&out](std::string_view part) {
    if (!out.empty()) out += '|';
    out += part;
  };
  if ((flags & token_usage::kLocalFile) != 0) append("BG_TOKEN_LOCAL_FILE");
  if ((flags & token_usage::kNetwork) != 0) append("BG_TOKEN_NETWORK");
  const std::uint32_t unknown = flags & ~(token_usage::kLocalFile | token_usage::kNetwork);
  if (unknown != 0) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%X", static_cast<unsigned>(unknown));
    append(buffer);
  }
  return out;
}

std::ostream& operator<<(std::ostream& out, JobState state) { return out << Name(state); }
std::ostream& operator<<(std::ostream& out, ErrorContext context) { return out << Name(context); }
std::ostream& operator<<(std::ostream& out, ImpersonationLevel level) { return out << Name(level); }

}  // namespace bitscts
