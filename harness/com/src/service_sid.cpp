#include "service_sid.h"

#include <cctype>
#include <cstdint>

#include "bitscts/text.h"
#include "platform_crypto.h"

namespace bitscts::com {

std::string ServiceSid(std::string_view name) {
  std::string utf16le;
  for (char c : name) {
    utf16le += UpperAscii(c);
    utf16le += '\0';
  }
  const Sha1Digest digest = Sha1(utf16le);
  std::string sid = "S-1-5-80";
  for (std::size_t i = 0; i < 5; ++i) {
    const std::uint32_t part =
        std::uint32_t{digest[i * 4]} | (std::uint32_t{digest[i * 4 + 1]} << 8) |
        (std::uint32_t{digest[i * 4 + 2]} << 16) | (std::uint32_t{digest[i * 4 + 3]} << 24);
    sid += "-" + std::to_string(part);
  }
  return sid;
}

}  // namespace bitscts::com
