// A generated password never reaches any output (the documentation sample prints what it logs on
// with): not standard output or error, not a CallLog, not a printed value, not a GoogleTest or
// gMock failure message (even with gMock printing every call), and not the secret witness, which
// holds only its hash.
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bitscts/com/accounts.h"
#include "helper_token.h"
#include "mocks/mock_job.h"
#include "mocks/mock_system_api.h"
#include "mocks/mock_token_options.h"
#include "sha256.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::IidIs;
using mocks::MockJob;
using mocks::MockSystemApi;
using mocks::MockTokenOptions;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::Truly;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `action` with gMock printing every mock call it sees; restores the verbosity afterwards.
template <typename Action>
void WithEveryCallPrinted(Action action) {
  const std::string saved = GMOCK_FLAG_GET(verbose);
  GMOCK_FLAG_SET(verbose, "info");
  action();
  GMOCK_FLAG_SET(verbose, saved);
}

TEST(SecretExposure, PasswordReachesLogonUserButNoOutput) {
  const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
  const std::filesystem::path witness = std::filesystem::temp_directory_path() /
                                        ("bitscts-exposure-" + std::to_string(tick) + ".txt");
  MockSystemApi system;  // naggy: uninteresting calls are printed with their arguments
  NiceMock<MockJob> job;
  NiceMock<MockTokenOptions> options;
  std::vector<std::string> texts;
  std::string password;
  bool logon_saw_the_password = false;
  ::testing::TestPartResultArray failures;

  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  WithEveryCallPrinted([&] {
    AccountStore store(system, AccountStoreOptions{witness.string()});
    const AccountCreation creation = store.Create(AccountKind::kAdministrator);
    ASSERT_NE(creation.account, nullptr);
    const TestAccount& account = *creation.account;
    password.assign(account.password.Expose(), account.password.Expose() + account.password.size());

    EXPECT_CALL(system, LogonUserW(_, _, Truly([&](const Secret& secret) {
                                     return std::wstring(secret.Expose()) ==
                                            std::wstring(account.password.Expose());
                                   }),
                                   _, _, _))
        .WillOnce([&](auto&&, auto&&, auto&&, DWORD, DWORD, HANDLE* token) {
          logon_saw_the_password = true;
          *token = MockSystemApi::kLogonToken;
          return DWORD{0};
        });
    EXPECT_CALL(job, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options));
    EXPECT_CALL(options, SetHelperToken()).WillOnce(Return(E_ACCESSDENIED));
    const HelperTokenOutcome outcome =
        SetHelperTokenOrCancelJob(system, job, account.name, account.password,
                                  token_usage::kLocalFile);
    texts.push_back(creation.calls.ToString());
    texts.push_back(outcome.calls.ToString());
    texts.push_back(::testing::PrintToString(account));
    texts.push_back(::testing::PrintToString(account.password));

    // Failure messages that print the secret and the account, and a violated gMock expectation
    // whose message lists the call's arguments.
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    EXPECT_THAT(account.password, Truly([](const Secret&) { return false; }));
    EXPECT_THAT(account, Truly([](const TestAccount&) { return false; }));
    EXPECT_CALL(system, LogonUserW).Times(0);
    HANDLE token = nullptr;
    system.LogonUserW(L"bitscts-unexpected", L".", account.password, LOGON32_LOGON_INTERACTIVE,
                      LOGON32_PROVIDER_DEFAULT, &token);
    ::testing::Mock::VerifyAndClearExpectations(&system);
    store.DeleteAll();
  });
  texts.push_back(::testing::internal::GetCapturedStderr());
  const std::string printed_calls = ::testing::internal::GetCapturedStdout();
  texts.push_back(printed_calls);
  for (int i = 0; i < failures.size(); ++i)
    texts.push_back(failures.GetTestPartResult(i).message());
  const std::string witness_text = ReadFile(witness);
  std::filesystem::remove(witness);
  texts.push_back(witness_text);

  ASSERT_EQ(password.size(), kPasswordLength);
  EXPECT_TRUE(logon_saw_the_password);
  EXPECT_EQ(failures.size(), 3);  // the three failures provoked above, all intercepted
  EXPECT_EQ(witness_text, Sha256Hex(password) + "\n");
  EXPECT_NE(printed_calls.find("Secret(24 characters, redacted)"), std::string::npos)
      << "gMock printed no LogonUserW call: the check above would prove nothing";
  for (const std::string& text : texts) {
    // Compared without printing either side: a failure here must not print the password either.
    EXPECT_TRUE(text.find(password) == std::string::npos) << "an output contains the password";
  }
}

}  // namespace
}  // namespace bitscts::com
