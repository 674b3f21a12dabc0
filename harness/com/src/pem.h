// Internal: the DER inside PEM text (RFC 7468), for certificates and private keys the runner
// hands the com target, the PEM text of DER (for the emulated Windows of the com-model target,
// whose model reads PEM), and the thumbprint Windows' stores name a certificate by.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::com {

// Returns the bytes of the first "-----BEGIN `label`-----" block of `pem`, Base64-decoded; nullopt
// when there is no such block or its Base64 is malformed. The caller scrubs a private key's bytes.
std::optional<std::vector<std::uint8_t>> PemBlock(std::string_view pem, std::string_view label);

// Returns `der` as a "-----BEGIN `label`-----" block whose Base64 is in lines of 64 characters,
// each line ended by "\n". No other copy of the text is left behind: the caller scrubs a private
// key's.
std::string PemText(std::span<const std::uint8_t> der, std::string_view label);

// Returns the SHA-1 of `der` as 40 lowercase hexadecimal digits: a certificate's thumbprint.
std::string Thumbprint(const std::vector<std::uint8_t>& der);

}  // namespace bitscts::com
