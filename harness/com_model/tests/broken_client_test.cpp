// The deliberately broken clients: what each changes in what the emulated BITS sees.
#include "broken_client.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "agent_sites.h"
#include "bitscts/com/com_target.h"
#include "bitscts/model/emulated_build.h"
#include "machine.h"
#include "win32_machine.h"

namespace bitscts::com_model {
namespace {

using model::com_face::ClientProcess;
using model::com_face::Machine;

constexpr DWORD kCoinitMultithreaded = 0;     // COINIT_MULTITHREADED
constexpr DWORD kAuthnLevelConnect = 2;       // RPC_C_AUTHN_LEVEL_CONNECT
constexpr DWORD kImpLevelImpersonate = 3;     // RPC_C_IMP_LEVEL_IMPERSONATE
constexpr DWORD kEoacDynamicCloaking = 0x40;  // EOAC_DYNAMIC_CLOAKING

// An emulated machine whose clients are broken as the parameter says, and its runner process.
class BrokenClientTest : public ::testing::TestWithParam<BrokenClient> {
 protected:
  BrokenClientTest() {
    bits_ = std::make_shared<Machine>(*model::DescribeBuild(19045, nullptr),
                                      [](const std::string&, const std::string&) {});
    win32_ = std::make_shared<Win32Machine>(bits_);
    sites_ = std::make_unique<AgentSites>(win32_, GetParam());
    model::Token token;
    {
      auto lock = bits_->Lock();
      const model::Account& account = bits_->authority().Provision(PrincipalKind::kAdministrator);
      token = bits_->authority().TokenFor(account, bits_->authority().LogOn(account));
    }
    runner_ = bits_->NewProcess(token);
    api_ = sites_->ProcessApi(runner_);
  }

  ~BrokenClientTest() override {
    target_.reset();
    api_.reset();
    sites_.reset();
  }

  Target& ComTarget() {
    scratch_ = std::filesystem::path(::testing::TempDir()) /
               ("bitscts-broken-client-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch_);
    com::ComOptions options;
    options.scratch = scratch_.string();
    auto connected = com::ConnectComTarget(api_, options);
    if (auto* error = std::get_if<std::string>(&connected)) ADD_FAILURE() << *error;
    target_ = std::move(std::get<std::unique_ptr<Target>>(connected));
    return *target_;
  }

  std::shared_ptr<Machine> bits_;
  std::shared_ptr<Win32Machine> win32_;
  std::unique_ptr<AgentSites> sites_;
  std::shared_ptr<ClientProcess> runner_;
  std::shared_ptr<com::SystemApi> api_;
  std::filesystem::path scratch_;
  std::unique_ptr<Target> target_;
};

TEST_P(BrokenClientTest, OnlyNoCloakingTakesDynamicCloakingAway) {
  ASSERT_EQ(api_->CoInitializeEx(kCoinitMultithreaded), S_OK);
  ASSERT_EQ(api_->CoInitializeSecurity(kAuthnLevelConnect, kImpLevelImpersonate,
                                       kEoacDynamicCloaking),
            S_OK);
  auto lock = bits_->Lock();
  EXPECT_EQ(runner_->state->settings.cloaking,
            GetParam() == BrokenClient::kNoCloaking ? Cloaking::kNone : Cloaking::kDynamic);
}

TEST_P(BrokenClientTest, OnlyTheLeakSetsNotifyFlagsOnNewJobs) {
  Target& target = ComTarget();
  Outcome<std::unique_ptr<Job>> job = target.CurrentCaller().CreateDownloadJob("broken-client");
  ASSERT_EQ(job.hr, hr::kOk);
  const Outcome<std::uint32_t> flags = job.value->NotifyFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  if (GetParam() == BrokenClient::kNotifyFlagsLeak) {
    EXPECT_EQ(flags.value, 0x0Bu);
  } else {
    EXPECT_EQ(flags.value, 0x03u);  // BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR
  }
  EXPECT_EQ(job.value->Cancel(), hr::kOk);
  std::error_code ignored;
  std::filesystem::remove_all(scratch_, ignored);
}

INSTANTIATE_TEST_SUITE_P(Clients, BrokenClientTest,
                         ::testing::Values(BrokenClient::kNone, BrokenClient::kNoCloaking,
                                           BrokenClient::kNotifyFlagsLeak),
                         [](const ::testing::TestParamInfo<BrokenClient>& tested) {
                           switch (tested.param) {
                             case BrokenClient::kNone: return std::string("None");
                             case BrokenClient::kNoCloaking: return std::string("NoCloaking");
                             case BrokenClient::kNotifyFlagsLeak:
                               return std::string("NotifyFlagsLeak");
                           }
                           return std::string("Unknown");
                         });

}  // namespace
}  // namespace bitscts::com_model
