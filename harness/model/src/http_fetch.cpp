// httplib.h must come before any Windows header it would otherwise conflict with.
#include <httplib.h>

#include "http_fetch.h"

#include <cctype>
#include <fstream>
#include <system_error>

namespace bitscts::model {
namespace {

struct ParsedUrl {
  std::string host;
  int port = 80;
  std::string path;
};

std::optional<ParsedUrl> ParseHttpUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != kScheme[i]) return std::nullopt;
  }
  const std::string rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  ParsedUrl parsed;
  parsed.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const std::size_t colon = authority.rfind(':');
  parsed.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return std::nullopt;
    int value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    if (value <= 0 || value > 65535) return std::nullopt;
    parsed.port = value;
  }
  if (parsed.host.empty()) return std::nullopt;
  return parsed;
}

FetchOutcome Failure(FetchOutcome::Kind kind, HResult code, std::string description) {
  FetchOutcome outcome;
  outcome.kind = kind;
  outcome.error = JobError{code, ErrorContext::kRemoteFile, std::move(description)};
  return outcome;
}

// Maps an HTTP status to BG_E_HTTP_ERROR_<status> (0x80190000 + status), as BITS does.
HResult HttpStatusResult(int status) {
  return HResult{0x80190000u | static_cast<std::uint32_t>(status & 0xFFFF)};
}

}  // namespace

bool IsSupportedUrl(const std::string& url) { return ParseHttpUrl(url).has_value(); }

FetchOutcome FetchToFile(const std::string& url, const std::optional<NetworkIdentity>& identity,
                         const std::filesystem::path& destination) {
  const auto parsed = ParseHttpUrl(url);
  if (!parsed) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kInvalidArg,
                   "the model transfers only http:// URLs: " + url);
  }
  httplib::Client client(parsed->host, parsed->port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  client.set_keep_alive(false);
  if (identity) client.set_basic_auth(identity->name, identity->secret);

  std::ofstream out;
  int status = 0;
  bool has_length = false;
  const auto result = client.Get(
      parsed->path,
      [&](const httplib::Response& response) {
        status = response.status;
        has_length = response.has_header("Content-Length");
        if (status != 200 || !has_length) return false;
        out.open(destination, std::ios::binary | std::ios::trunc);
        return out.is_open();
      },
      [&](const char* data, std::size_t length) {
        out.write(data, static_cast<std::streamsize>(length));
        return out.good();
      });
  const bool written = out.is_open() && out.good();
  out.close();
  const std::string who = identity ? "as " + identity->name : "anonymously";
  auto discard = [&destination] {
    std::error_code ignored;
    std::filesystem::remove(destination, ignored);
  };
  if (status == 200 && !has_length) {
    discard();
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kMissingFileSize,
                   "GET " + url + " answered 200 without Content-Length");
  }
  if (status != 0 && status != 200) {
    discard();
    const auto kind = status >= 500 ? FetchOutcome::Kind::kTransientError
                                    : FetchOutcome::Kind::kPermanentError;
    return Failure(kind, HttpStatusResult(status),
                   "GET " + url + " " + who + " answered HTTP " + std::to_string(status));
  }
  if (status == 200 && !written) {
    discard();
    FetchOutcome outcome;
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error = JobError{hr::kAccessDenied, ErrorContext::kLocalFile,
                             "cannot write the temporary file " + destination.string()};
    return outcome;
  }
  if (!result) {
    discard();
    return Failure(FetchOutcome::Kind::kTransientError, model_hr::kCannotConnect,
                   "GET " + url + " failed: " + httplib::to_string(result.error()));
  }
  return {};
}

}  // namespace bitscts::model
