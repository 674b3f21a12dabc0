#include "access/connection_authenticator.h"

#ifdef _WIN32
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>
#endif

#include "access/authorization.h"
#include "text.h"

namespace bitscts::fakeserver::internal {

#ifdef _WIN32

namespace {

std::wstring Widen(std::string_view text) {
  const int length =
      MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(length), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(), length);
  return wide;
}

std::string Narrow(const wchar_t* text) {
  const int length = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (length <= 1) return {};
  std::string narrow(static_cast<std::size_t>(length), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, narrow.data(), length, nullptr, nullptr);
  narrow.pop_back();  // the terminating NUL
  return narrow;
}

}  // namespace

// One SSPI server-side security context and the inbound credentials it was started with.
class ConnectionAuthenticator::Context {
 public:
  explicit Context(std::string_view package) : package_(Widen(package)) {
    TimeStamp expiry{};
    has_credentials_ =
        AcquireCredentialsHandleW(nullptr, package_.data(), SECPKG_CRED_INBOUND, nullptr, nullptr,
                                  nullptr, nullptr, &credentials_, &expiry) == SEC_E_OK;
  }
  ~Context() {
    if (has_context_) DeleteSecurityContext(&context_);
    if (has_credentials_) FreeCredentialsHandle(&credentials_);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Runs one AcceptSecurityContext round; fills `reply` with the token to send back.
  SECURITY_STATUS Round(std::string_view token, std::string& reply) {
    if (!has_credentials_) return SEC_E_NO_CREDENTIALS;
    std::string input(token);
    SecBuffer in_buffer{static_cast<unsigned long>(input.size()), SECBUFFER_TOKEN, input.data()};
    SecBufferDesc in{SECBUFFER_VERSION, 1, &in_buffer};
    SecBuffer out_buffer{0, SECBUFFER_TOKEN, nullptr};
    SecBufferDesc out{SECBUFFER_VERSION, 1, &out_buffer};
    unsigned long attributes = 0;
    TimeStamp expiry{};
    const SECURITY_STATUS status =
        AcceptSecurityContext(&credentials_, has_context_ ? &context_ : nullptr, &in,
                              ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONNECTION, SECURITY_NATIVE_DREP,
                              &context_, &out, &attributes, &expiry);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) has_context_ = true;
    if (out_buffer.pvBuffer != nullptr) {
      reply.assign(static_cast<const char*>(out_buffer.pvBuffer), out_buffer.cbBuffer);
      FreeContextBuffer(out_buffer.pvBuffer);
    }
    return status;
  }

  // Returns the client's name as "DOMAIN\user", empty if SSPI does not tell it.
  std::string ClientName() {
    SecPkgContext_NamesW names{};
    if (QueryContextAttributesW(&context_, SECPKG_ATTR_NAMES, &names) != SEC_E_OK) return {};
    std::string name = names.sUserName != nullptr ? Narrow(names.sUserName) : std::string();
    FreeContextBuffer(names.sUserName);
    return name;
  }

 private:
  std::wstring package_;
  CredHandle credentials_{};
  CtxtHandle context_{};
  bool has_credentials_ = false;
  bool has_context_ = false;
};

std::vector<std::string> ConnectionAuthenticator::Schemes() { return {"Negotiate", "NTLM"}; }

ConnectionAuthenticator::Step ConnectionAuthenticator::Accept(std::string_view scheme,
                                                              std::string_view token) {
  Step step;
  if (!Supports(scheme)) return step;
  // A new handshake starts when none is under way or an earlier one completed.
  if (!context_ || !identity_.empty()) {
    identity_.clear();
    context_ = std::make_unique<Context>(EqualsIgnoringCase(scheme, "NTLM") ? "NTLM" : "Negotiate");
  }
  std::string reply;
  const SECURITY_STATUS status = context_->Round(token, reply);
  if (!reply.empty()) step.challenge = std::string(scheme) + " " + EncodeBase64(reply);
  if (status == SEC_I_CONTINUE_NEEDED) {
    step.kind = Step::Kind::kContinue;
  } else if (status == SEC_E_OK) {
    identity_ = context_->ClientName();
    step.kind = identity_.empty() ? Step::Kind::kFailed : Step::Kind::kAuthenticated;
    step.identity = identity_;
  } else {
    context_.reset();
  }
  return step;
}

#else

// Elsewhere there is no SSPI: no handshake ever starts.
class ConnectionAuthenticator::Context {};

std::vector<std::string> ConnectionAuthenticator::Schemes() { return {}; }

ConnectionAuthenticator::Step ConnectionAuthenticator::Accept(std::string_view, std::string_view) {
  return {};
}

#endif

ConnectionAuthenticator::ConnectionAuthenticator() = default;
ConnectionAuthenticator::~ConnectionAuthenticator() = default;

bool ConnectionAuthenticator::Supports(std::string_view scheme) {
  for (const std::string& known : Schemes()) {
    if (EqualsIgnoringCase(known, scheme)) return true;
  }
  return false;
}

}  // namespace bitscts::fakeserver::internal
