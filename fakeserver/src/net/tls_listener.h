// Internal to the fakeserver: an HTTPS listener (cpp-httplib's SSLServer over OpenSSL) that
// answers from the same Site as the plain listeners, asking for TLS client certificates as its
// mode says. Only GET and HEAD reach the Site (other methods get cpp-httplib's unlogged 404),
// bodies are buffered whole, and faults that hold, delay or cut an answer do not apply. Not part
// of the public API; without TLS in the build, Start reports that.
#pragma once

#include <memory>
#include <string>

#include "bitscts/fakeserver/server.h"
#include "bitscts/fakeserver/tls.h"
#include "site.h"

namespace bitscts::fakeserver::internal {

class TlsListener {
 public:
  TlsListener();
  ~TlsListener();
  TlsListener(const TlsListener&) = delete;
  TlsListener& operator=(const TlsListener&) = delete;

  // Serves `site` over TLS on `host` (an ephemeral port) with `certificate`, trusting client
  // certificates that `authority_pem` issued; returns an empty string or a one-line reason.
  std::string Start(Site& site, const std::string& host, const IssuedCertificate& certificate,
                    const std::string& authority_pem, ClientCertificates mode);
  // Stops taking connections and tells the workers to finish, without waiting for them.
  void RequestStop();
  // Stops serving and joins the listener's threads; safe to call more than once.
  void Stop();
  // Returns the bound port, 0 unless started.
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bitscts::fakeserver::internal
