// The secret witness's digest: the SHA-256 of a password may be written where the password itself
// never is (--secret-witness), and scripts/check-secrets.mjs looks for those digests in logs and
// reports. The digest is the platform's (BCrypt on Windows, OpenSSL elsewhere).
#pragma once

#include <string>
#include <string_view>

namespace bitscts::com {

// Returns the SHA-256 digest of `text`'s bytes as 64 lowercase hexadecimal digits.
std::string Sha256Hex(std::string_view text);

}  // namespace bitscts::com
