// SHA-256 (FIPS 180-4), used for the secret witness: the hash of a password may be written where
// the password itself never is.
//
// It is computed here rather than through BCryptHash on the SystemApi seam so that the witness a
// run writes is checked byte for byte by the same unit tests on every OS (against the FIPS 180-4
// examples), and so that a log scanner on a Linux host can use the very same function.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bitscts::com {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Returns the SHA-256 digest of `bytes`.
Sha256Digest Sha256(std::span<const std::uint8_t> bytes);
// Returns the digest of `text`'s bytes as 64 lowercase hexadecimal digits.
std::string Sha256Hex(std::string_view text);
// Returns `digest` as 64 lowercase hexadecimal digits.
std::string HexText(const Sha256Digest& digest);

}  // namespace bitscts::com
