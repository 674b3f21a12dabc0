// Credentials a scenario hands to a job (IBackgroundCopyJob2::SetCredentials). The password is a
// Password: it is never printed, streamed or copied by accident, and its characters are
// overwritten when it goes away (the documented sample prints and keeps its password: DOC-AMB-23).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "bitscts/bits_types.h"

namespace bitscts {

class Password {
 public:
  Password() = default;
  // Takes the characters of `text` into the password's own buffer and scrubs `text`.
  explicit Password(std::string text);
  // Returns a password of `length` random letters and digits.
  static Password Random(std::size_t length);

  Password(Password&& other) noexcept;
  Password& operator=(Password&& other) noexcept;
  Password(const Password&) = delete;
  Password& operator=(const Password&) = delete;
  ~Password();

  // Returns the characters, for the one place that hands them to BITS or to a server's user list.
  std::string_view Reveal() const { return {chars_.get(), size_}; }
  // Returns the number of characters.
  std::size_t size() const { return size_; }

  // GoogleTest prints "Password(redacted)"; streaming a Password does not compile.
  friend void PrintTo(const Password& password, std::ostream* out);
  template <typename Char, typename Traits>
  friend std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>&,
                                                      const Password&) = delete;

 private:
  void Scrub();

  std::unique_ptr<char[]> chars_;
  std::size_t size_ = 0;
};

// BG_AUTH_CREDENTIALS with BG_BASIC_CREDENTIALS. A missing user name or password is passed as
// NULL: with NTLM or Negotiate both NULL mean the logged-on user's implicit credentials.
struct Credentials {
  AuthTarget target = AuthTarget::kServer;
  AuthScheme scheme = AuthScheme::kBasic;
  std::optional<std::string> user_name;
  std::optional<Password> password;
};

// Returns "<target>, <scheme>, <user or NULL>, <(redacted) or NULL>": the credentials as evidence
// may show them.
std::string Describe(const Credentials& credentials);

// Limits of BG_BASIC_CREDENTIALS (bitsmsg.h and the BITS return values page: DOC-AMB-16), in
// characters.
inline constexpr std::size_t kMaxCredentialUserName = 300;
inline constexpr std::size_t kMaxCredentialPassword = 65535;

}  // namespace bitscts
