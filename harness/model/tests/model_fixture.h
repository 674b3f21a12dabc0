// Shared setup of the model's unit tests: a model target of a given build whose identities are
// registered with an in-process fakeserver, and shortcuts for the usual steps.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/model/model_target.h"
#include "model_extensions.h"

namespace bitscts::model::testing_support {

using namespace std::chrono_literals;

inline constexpr std::uint32_t kWindows10 = 19045;
inline constexpr std::uint32_t kWindows7 = 7601;
inline constexpr std::uint32_t kVista = 6002;

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(server_.Start(), ""); }
  void TearDown() override {
    if (target_) target_->CancelLeftoverJobs();
    target_.reset();
    server_.Stop();
  }

  // Creates the model target for `build`; identities go to the fakeserver.
  Target& Make(std::uint32_t build = kWindows10,
               PrincipalKind runner = PrincipalKind::kAdministrator) {
    ModelOptions options;
    options.build = build;
    options.runner = runner;
    options.register_identity = [this](const std::string& name, const std::string& password) {
      server_.AddUser(name, password);
    };
    std::string error;
    target_ = MakeModelTarget(std::move(options), &error);
    EXPECT_TRUE(target_) << error;
    return *target_;
  }

  Principal Provision(PrincipalKind kind) {
    auto principal = target_->Provision(kind);
    EXPECT_EQ(principal.hr, hr::kOk);
    return principal.value;
  }

  std::unique_ptr<Caller> LogOn(const Principal& principal, CallerSettings settings = {}) {
    auto caller = target_->LogOn(principal, settings);
    EXPECT_EQ(caller.hr, hr::kOk);
    return std::move(caller.value);
  }

  // Returns the model's control of type `C` (the model offers every control).
  template <typename C>
  C& Control() {
    C* control = target_->Controls().Find<C>();
    if (control == nullptr) throw std::logic_error("the model withholds a control");
    return *control;
  }

  std::unique_ptr<Job> CreateJob(Caller& caller) {
    auto job = caller.CreateDownloadJob("bitscts model test");
    EXPECT_EQ(job.hr, hr::kOk);
    return std::move(job.value);
  }

  std::unique_ptr<TokenOptions> Options(Job& job) {
    auto options = job.QueryTokenOptions();
    EXPECT_EQ(options.hr, hr::kOk);
    return std::move(options.value);
  }

  // Makes `helper` the job's helper token: `caller` impersonates it, calls SetHelperToken and
  // reverts, each step asserted. Call it inside ASSERT_NO_FATAL_FAILURE.
  static void SetHelperTokenAs(Caller& caller, TokenOptions& options, const Principal& helper) {
    ASSERT_EQ(caller.Impersonate(helper), hr::kOk);
    ASSERT_EQ(options.SetHelperToken(), hr::kOk);
    ASSERT_EQ(caller.RevertToSelf(), hr::kOk);
  }

  // Returns a folder anyone may write to.
  std::string OpenFolder() {
    auto folder = Control<FolderControl>().CreateFolder({});
    EXPECT_EQ(folder.hr, hr::kOk);
    // A folder with no writers is closed to everyone; tests that want an open folder use the
    // runner-independent temporary directory instead.
    return (std::filesystem::path(folder.value).parent_path()).string();
  }

  std::string ContentUrl(std::uint64_t seed, std::uint64_t size) {
    return server_.Url(fakeserver::ContentPath(seed, size));
  }

  WaitResult WaitFinished(Job& job, std::chrono::milliseconds timeout = 1h) {
    return job.WaitForState({JobState::kTransferred, JobState::kError}, timeout);
  }

  fakeserver::Server server_;
  std::unique_ptr<Target> target_;
};

}  // namespace bitscts::model::testing_support
