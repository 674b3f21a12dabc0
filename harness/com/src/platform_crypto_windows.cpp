// The platform's cryptography on Windows: BCrypt (CNG) for the digests, CryptoAPI for Base64.
// Only calls Windows 7 has: BCryptHash itself is Windows 10's.
#include <windows.h>

#include <bcrypt.h>
#include <wincrypt.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "platform_crypto.h"

namespace bitscts::com {
namespace {

// Throws the failure of BCrypt's `call` with its NTSTATUS.
[[noreturn]] void Fail(const char* call, NTSTATUS status) {
  char text[96];
  std::snprintf(text, sizeof text, "%s failed with NTSTATUS 0x%08lX", call,
                static_cast<unsigned long>(status));
  throw std::runtime_error(text);
}

// Returns the digest of `bytes` with the BCrypt `algorithm`, whose digest has N bytes.
template <std::size_t N>
std::array<std::uint8_t, N> Digest(LPCWSTR algorithm, std::string_view bytes) {
  BCRYPT_ALG_HANDLE provider = nullptr;
  if (const NTSTATUS status = BCryptOpenAlgorithmProvider(&provider, algorithm, nullptr, 0);
      !BCRYPT_SUCCESS(status)) {
    Fail("BCryptOpenAlgorithmProvider", status);
  }
  BCRYPT_HASH_HANDLE hash = nullptr;
  NTSTATUS status = BCryptCreateHash(provider, &hash, nullptr, 0, nullptr, 0, 0);
  const char* call = "BCryptCreateHash";
  while (BCRYPT_SUCCESS(status) && !bytes.empty()) {
    const auto size =
        static_cast<ULONG>(std::min<std::size_t>(bytes.size(), std::numeric_limits<ULONG>::max()));
    // BCryptHashData only reads the input; its parameter is not const.
    status =
        BCryptHashData(hash, reinterpret_cast<PUCHAR>(const_cast<char*>(bytes.data())), size, 0);
    call = "BCryptHashData";
    bytes.remove_prefix(size);
  }
  std::array<std::uint8_t, N> digest{};
  if (BCRYPT_SUCCESS(status)) {
    status = BCryptFinishHash(hash, digest.data(), static_cast<ULONG>(digest.size()), 0);
    call = "BCryptFinishHash";
  }
  if (hash != nullptr) BCryptDestroyHash(hash);
  BCryptCloseAlgorithmProvider(provider, 0);
  if (!BCRYPT_SUCCESS(status)) Fail(call, status);
  return digest;
}

}  // namespace

Sha1Digest Sha1(std::string_view bytes) { return Digest<20>(BCRYPT_SHA1_ALGORITHM, bytes); }

Sha256Digest Sha256(std::string_view bytes) { return Digest<32>(BCRYPT_SHA256_ALGORITHM, bytes); }

std::string Base64(std::string_view bytes) {
  if (bytes.empty()) return {};  // CryptBinaryToStringA refuses an empty input
  const auto* data = reinterpret_cast<const BYTE*>(bytes.data());
  const auto size = static_cast<DWORD>(bytes.size());
  constexpr DWORD kFlags = CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF;
  DWORD length = 0;  // first the buffer's size, with the terminating NUL; then the text's, without
  if (!CryptBinaryToStringA(data, size, kFlags, nullptr, &length)) {
    throw std::runtime_error("CryptBinaryToStringA failed with error " +
                             std::to_string(GetLastError()));
  }
  std::string text(length, '\0');
  if (!CryptBinaryToStringA(data, size, kFlags, text.data(), &length)) {
    throw std::runtime_error("CryptBinaryToStringA failed with error " +
                             std::to_string(GetLastError()));
  }
  text.resize(length);
  return text;
}

}  // namespace bitscts::com
