// Internal: account names and passwords drawn from the SystemApi's secure random source.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Uniformly distributed choices from BCryptGenRandom bytes (rejection sampling: no modulo bias).
// Each refill of its pool is recorded in `log` as "BCryptGenRandom"; after a failed refill every
// choice is nullopt. The pool is scrubbed on destruction.
class RandomChoices {
 public:
  RandomChoices(SystemApi& system, CallLog& log) : system_(system), log_(log) {}
  RandomChoices(const RandomChoices&) = delete;
  RandomChoices& operator=(const RandomChoices&) = delete;
  ~RandomChoices();

  // Returns a number in [0, bound), each equally likely; 1 <= bound <= 256.
  std::optional<std::size_t> Below(std::size_t bound);

 private:
  bool Refill();

  SystemApi& system_;
  CallLog& log_;
  std::array<std::uint8_t, 64> pool_{};
  std::size_t used_ = pool_.size();
  bool failed_ = false;
};

// Number of random characters after the account prefix: "bitscts-" plus 10 is 18, within the
// 20 characters Windows allows for a local account name.
inline constexpr std::size_t kAccountSuffixLength = 10;
// The characters of an account name's random suffix.
inline constexpr std::string_view kAccountSuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

// Returns kAccountPrefix followed by kAccountSuffixLength random characters, or nullopt.
std::optional<std::string> RandomAccountName(RandomChoices& random);

// Returns a password of kPasswordLength characters with at least one upper-case letter, one
// lower-case letter, one digit and one symbol (Windows' complexity rule asks for three of these
// four), in random positions; nullopt if the random source failed.
std::optional<Secret> RandomPassword(RandomChoices& random);

}  // namespace bitscts::com
