// Internal: what the com target takes from the platform's cryptography library, each platform's
// in one file: BCrypt and CryptoAPI on Windows (platform_crypto_windows.cpp), OpenSSL's libcrypto
// elsewhere (platform_crypto_openssl.cpp), where the unit tests run against the doubles. They are
// pure computations that no test needs to fake, so they do not go through SystemApi; the same
// known-answer tests check each platform's (natively, and under Wine in the MinGW build).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bitscts::com {

using Sha1Digest = std::array<std::uint8_t, 20>;
using Sha256Digest = std::array<std::uint8_t, 32>;

// Returns the SHA-1 digest (FIPS 180-4) of `bytes`.
Sha1Digest Sha1(std::string_view bytes);
// Returns the SHA-256 digest (FIPS 180-4) of `bytes`.
Sha256Digest Sha256(std::string_view bytes);
// Returns `bytes` in Base64 (RFC 4648, with padding), on one line.
std::string Base64(std::string_view bytes);

}  // namespace bitscts::com
