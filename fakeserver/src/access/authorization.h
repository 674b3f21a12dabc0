// Internal to the fakeserver: reading the Authorization request header and writing base64.
// Not part of the public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bitscts::fakeserver::internal {

// Returns the bytes that the standard base64 text `text` encodes (padding required), or
// nullopt if `text` is not canonical padded base64.
std::optional<std::string> DecodeBase64(std::string_view text);

// Returns the standard padded base64 encoding of `bytes`.
std::string EncodeBase64(std::string_view bytes);

// The scheme of an Authorization header and its single token68 credential, still encoded.
struct AuthorizationHeader {
  std::string scheme;  // as sent ("Basic", "negotiate", ...): compare ignoring case
  std::string credentials;
};

// Returns the scheme and credentials of an Authorization header value ("Basic dXM6cHc="), or
// nullopt if it is not a scheme followed by one token68.
std::optional<AuthorizationHeader> ParseAuthorization(std::string_view header);

struct BasicCredentials {
  std::string user;
  std::string password;
};

// Returns the user and password of Basic credentials (the base64 part of the header), or
// nullopt if they do not decode to "user:password" with a non-empty user free of control
// characters.
std::optional<BasicCredentials> DecodeBasicCredentials(std::string_view credentials);

}  // namespace bitscts::fakeserver::internal
