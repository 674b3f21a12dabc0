// An agent for the agent tests: serves the reference model's caller, or misbehaves on purpose
// in the way its first argument names (crash, hang or garbage on "create").
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string>

#include "bitscts/agent/agent_server.h"
#include "bitscts/model/model_target.h"
#include "host_that_cannot.h"

namespace {

using bitscts::Caller;
using bitscts::HResult;
using bitscts::Job;
using bitscts::Outcome;
using bitscts::Principal;

// The model's runner caller, except that job creation misbehaves as `mode` says.
class MisbehavingCaller final : public Caller {
 public:
  MisbehavingCaller(Caller& inner, std::string mode) : inner_(inner), mode_(std::move(mode)) {}

  std::string Sid() const override { return inner_.Sid(); }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    if (mode_ == "crash-on-create") {
      std::fprintf(stderr, "agent_fixture: ending abruptly as asked\n");
      std::fflush(stderr);
      std::_Exit(70);
    }
    if (mode_ == "hang-on-create") {
      std::promise<void> never;
      never.get_future().wait();
    }
    if (mode_ == "garbage-on-create") {
      std::cout << "this is not the protocol" << std::endl;
      std::promise<void> never;
      never.get_future().wait();
    }
    return inner_.CreateDownloadJob(display_name);
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return inner_.OpenJob(job_id);
  }
  HResult Impersonate(const Principal& principal) override { return inner_.Impersonate(principal); }
  HResult RevertToSelf() override { return inner_.RevertToSelf(); }

 private:
  Caller& inner_;
  std::string mode_;
};

class FixtureHost final : public bitscts::agent::testing_support::HostThatCannot {
 public:
  FixtureHost(Caller& caller, std::string mode) : caller_(caller), mode_(std::move(mode)) {}
  Caller& caller() override { return caller_; }
  // Accepts "fixture-user" and the com target's test accounts ("bitscts-..."); says nothing about
  // the password it was given.
  HResult LogOn(const std::string& user, const std::string& password) override {
    const bool known = user == "fixture-user" || user.starts_with("bitscts-");
    return known && !password.empty() ? bitscts::hr::kOk : bitscts::hr::kAccessDenied;
  }
  // Takes credentials of the com target's test accounts only.
  HResult Remember(const std::string& user, const std::string& password) override {
    return user.starts_with("bitscts-") && !password.empty() ? bitscts::hr::kOk
                                                             : bitscts::hr::kNotSupported;
  }
  // In mode "filtered-token": a UAC-filtered administrator's impersonation token; otherwise
  // HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED).
  Outcome<bitscts::agent::TokenReport> ReportToken() override {
    if (mode_ != "filtered-token") return HostThatCannot::ReportToken();
    return {bitscts::hr::kOk, {true, 3, bitscts::agent::AdministratorsGroup::kDenyOnly}};
  }
  // In mode "proxied": the per-user proxy "proxy.test:8080"; otherwise
  // HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED).
  Outcome<std::string> UserProxy() override {
    if (mode_ != "proxied") return HostThatCannot::UserProxy();
    return {bitscts::hr::kOk, "proxy.test:8080"};
  }

 private:
  Caller& caller_;
  std::string mode_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  std::unique_ptr<bitscts::Target> model = bitscts::model::MakeModelTarget({}, &error);
  if (!model) {
    std::cerr << "agent_fixture: " << error << "\n";
    return 2;
  }
  MisbehavingCaller caller(model->CurrentCaller(), argc > 1 ? argv[1] : "");
  FixtureHost host(caller, argc > 1 ? argv[1] : "");
  return bitscts::agent::ServeAgent(host, std::cin, std::cout);
}
