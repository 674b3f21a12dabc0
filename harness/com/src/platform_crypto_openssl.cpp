// The platform's cryptography where the build has OpenSSL (every non-Windows host): libcrypto.
#include <openssl/evp.h>

#include <stdexcept>

#include "platform_crypto.h"

namespace bitscts::com {
namespace {

// Returns the digest of `bytes` with `algorithm`, whose digest has N bytes.
template <std::size_t N>
std::array<std::uint8_t, N> Digest(const EVP_MD* algorithm, std::string_view bytes) {
  std::array<std::uint8_t, N> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, algorithm, nullptr) != 1 ||
      size != N) {
    throw std::runtime_error(std::string("OpenSSL EVP_Digest failed for ") +
                             EVP_MD_get0_name(algorithm));
  }
  return digest;
}

}  // namespace

Sha1Digest Sha1(std::string_view bytes) { return Digest<20>(EVP_sha1(), bytes); }

Sha256Digest Sha256(std::string_view bytes) { return Digest<32>(EVP_sha256(), bytes); }

std::string Base64(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(length));
  return text;
}

}  // namespace bitscts::com
