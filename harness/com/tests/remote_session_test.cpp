// The PowerShell remote session site against a double of the Windows API whose child process is a
// scripted stand-in for PowerShell: what the site starts and writes (never the password where it
// could be seen), how it waits for "started" and "ended" with deadlines, and what it does when
// PowerShell fails, stays silent or ignores "end".
#include "remote_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "child_output.h"
#include "mocks/mock_system_api.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::StartsWith;

constexpr wchar_t kPassword[] = L"Pw-remote-0123456789abcd";  // 24 characters, like a generated one
constexpr char kPasswordText[] = "Pw-remote-0123456789abcd";
constexpr char kAccount[] = "bitscts-remote0001";
constexpr DWORD kNoData = 232;  // ERROR_NO_DATA: the pipe is being closed
const std::wstring kAgentLine =
    L"\"C:\\bitscts\\bitscts.exe\" --agent --pipe=\\\\.\\pipe\\bitscts-1";

// How the stand-in PowerShell behaves.
struct Script {
  std::vector<std::string>
      on_input;                     // printed once the agent command line (the fourth line) arrives
  bool exit_after_input = false;    // then exits with exit_code
  std::vector<std::string> on_end;  // printed when "end" arrives
  bool exit_after_end = true;       // then exits with exit_code
  DWORD exit_code = 0;
  DWORD write_error = ERROR_SUCCESS;  // what every Write answers
  bool refuse_end = false;            // writing "end" fails with ERROR_NO_DATA
};

// What the stand-in saw, shared with the test after the site has forgotten the child.
struct Seen {
  std::mutex mutex;
  std::string input;  // everything written, the secret line shown as "<secret:n>"
  std::size_t terminations = 0;
  bool destroyed = false;
};

class FakePowerShell final : public ChildProcess {
 public:
  FakePowerShell(Script script, std::shared_ptr<Seen> seen)
      : script_(std::move(script)), seen_(std::move(seen)) {}
  ~FakePowerShell() override {
    std::lock_guard lock(seen_->mutex);
    seen_->destroyed = true;
  }

  DWORD Write(std::string_view text) override {
    if (script_.write_error != ERROR_SUCCESS) return script_.write_error;
    if (script_.refuse_end && text == "end\n") return kNoData;
    if (output_.exited()) return kNoData;  // nobody reads the pipe any more
    {
      std::lock_guard lock(seen_->mutex);
      seen_->input += text;
    }
    std::lock_guard lock(mutex_);
    for (char c : text) {
      if (c != '\n') {
        line_ += c;
        continue;
      }
      ++lines_;
      if (lines_ == 4) React(script_.on_input, script_.exit_after_input);
      if (lines_ == 5 && line_ == "end") React(script_.on_end, script_.exit_after_end);
      line_.clear();
    }
    return ERROR_SUCCESS;
  }

  DWORD WriteSecretLine(const Secret& secret) override {
    {
      std::lock_guard lock(seen_->mutex);
      seen_->input += "<secret:" + std::to_string(secret.size()) + ">\n";
      secret_matches_ = std::wstring(secret.Expose()) == kPassword;
    }
    std::lock_guard lock(mutex_);
    ++lines_;
    return ERROR_SUCCESS;
  }

  DWORD ReadLine(std::string* line) override { return output_.ReadLine(line); }
  DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) override {
    return output_.WaitForExit(timeout, exit_code);
  }

  DWORD Terminate(DWORD exit_code) override {
    {
      std::lock_guard lock(seen_->mutex);
      ++seen_->terminations;
    }
    output_.Exit(exit_code);
    return ERROR_SUCCESS;
  }

  bool secret_matches() const { return secret_matches_; }

 private:
  // Prints `lines`, then exits if `exit`.
  void React(const std::vector<std::string>& lines, bool exit) {
    for (const std::string& line : lines) output_.Print(line);
    if (exit) output_.Exit(script_.exit_code);
  }

  Script script_;
  std::shared_ptr<Seen> seen_;
  std::mutex mutex_;  // for the input
  std::size_t lines_ = 0;
  std::string line_;  // the line being written
  bool secret_matches_ = false;
  testing_support::ChildOutput output_;
};

// The healthy PowerShell: starts the agent, removes the session on "end" and exits 0.
Script Healthy() {
  Script script;
  script.on_input = {"started session 5f0c agent 4242"};
  script.on_end = {"ended"};
  return script;
}

class RemoteSession : public ::testing::Test {
 protected:
  RemoteSession() {
    ON_CALL(system_, GetSystemDirectoryW).WillByDefault([](std::wstring* folder) {
      *folder = L"C:\\Windows\\system32";
      return DWORD{ERROR_SUCCESS};
    });
  }

  // Makes the next StartChildProcess hand out a stand-in running `script`.
  void NextPowerShell(Script script) {
    EXPECT_CALL(system_, StartChildProcess(_, _))
        .WillOnce(
            [this, script](const std::wstring& command_line, std::unique_ptr<ChildProcess>* child) {
              command_lines_.push_back(command_line);
              auto fake = std::make_unique<FakePowerShell>(script, seen_);
              last_ = fake.get();
              *child = std::move(fake);
              return DWORD{ERROR_SUCCESS};
            })
        .RetiresOnSaturation();
  }

  std::unique_ptr<RemoteSessionSite> Site(
      std::chrono::milliseconds start_patience = std::chrono::seconds(10)) {
    RemoteSessionOptions options;
    options.start_patience = start_patience;
    return std::make_unique<RemoteSessionSite>(system_, run_, kAccount, password_, options);
  }

  std::string Input() {
    std::lock_guard lock(seen_->mutex);
    return seen_->input;
  }
  std::size_t Terminations() {
    std::lock_guard lock(seen_->mutex);
    return seen_->terminations;
  }

  NiceMock<MockSystemApi> system_;
  RemoteSessionRun run_;
  Secret password_{kPassword};
  std::shared_ptr<Seen> seen_ = std::make_shared<Seen>();
  std::vector<std::wstring> command_lines_;
  FakePowerShell* last_ = nullptr;
};

// Decodes RFC 4648 Base64 (the test's own reading of the command line).
std::string FromBase64(std::string_view text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  std::uint32_t group = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    group = (group << 6) | static_cast<std::uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  return bytes;
}

// Returns the script a command line carries after -EncodedCommand.
std::wstring EncodedScript(const std::wstring& command_line) {
  const std::wstring flag = L"-EncodedCommand ";
  const std::string utf16le =
      FromBase64(Narrow(command_line.substr(command_line.find(flag) + flag.size())));
  std::wstring script;
  for (std::size_t i = 0; i + 1 < utf16le.size(); i += 2) {
    script += static_cast<wchar_t>(static_cast<unsigned char>(utf16le[i]) |
                                   (static_cast<unsigned char>(utf16le[i + 1]) << 8));
  }
  return script;
}

// ---- Encoding the script ----

TEST(PowerShellCommandLine, CarriesTheScriptAsUtf16Base64AfterTheFixedOptions) {
  const std::wstring line = PowerShellCommandLine(L"C:\\ps.exe", L"Say 'hi'");
  EXPECT_EQ(line,
            L"\"C:\\ps.exe\" -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
            L"UwBhAHkAIAAnAGgAaQAnAA==");
  EXPECT_EQ(EncodedScript(PowerShellCommandLine(L"p", RemoteSessionScript())),
            RemoteSessionScript());
}

TEST(RemoteSessionScript, OpensRemovesAndSweepsSessionsAndNeverHoldsThePasswordAsText) {
  const std::string script = Narrow(RemoteSessionScript());
  EXPECT_THAT(script, HasSubstr("New-PSSession -ComputerName localhost -Credential $credential"));
  EXPECT_THAT(script, HasSubstr("PSCredential -ArgumentList \".\\$account\", $password"));
  EXPECT_THAT(script, HasSubstr("Start-Process -FilePath $file"));
  EXPECT_THAT(script, HasSubstr("Remove-PSSession -Session $session"));
  EXPECT_THAT(script, HasSubstr("Get-WSManInstance -ResourceURI shell -Enumerate"));
  EXPECT_THAT(script, HasSubstr("Remove-WSManInstance -ResourceURI shell"));
  EXPECT_THAT(script,
              HasSubstr("'(^|\\\\)bitscts-[a-z0-9]{10}$'"));  // the shape of IsStoreAccountName
  EXPECT_THAT(script,
              HasSubstr("$secure.AppendChar([char]$c)"));  // the password, one character at a time
  EXPECT_THAT(script, Not(HasSubstr("AsPlainText")));
  EXPECT_THAT(script, Not(HasSubstr("Read-Host")));  // refused under -NonInteractive
  for (char c : script)
    EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << "the encoding assumes ASCII";
}

// ---- Start and End ----

TEST_F(RemoteSession, StartsPowerShellWritesTheSecretOnlyToItsInputAndEndsTheSession) {
  NextPowerShell(Healthy());
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk) << evidence;
  ASSERT_EQ(command_lines_.size(), 1u);
  EXPECT_THAT(command_lines_[0],
              StartsWith(L"\"C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe\" "
                         L"-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "));
  EXPECT_EQ(EncodedScript(command_lines_[0]), RemoteSessionScript());
  EXPECT_EQ(Input(), "sweep\nbitscts-remote0001\n<secret:24>\n" + Narrow(kAgentLine) + "\n");
  EXPECT_TRUE(last_->secret_matches());
  EXPECT_EQ(
      evidence,
      "PowerShell remote session of bitscts-remote0001 (removing leftover bitscts shells first): "
      "started session 5f0c agent 4242");

  ASSERT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kOk) << evidence;
  EXPECT_THAT(Input(), testing::EndsWith("\nend\n"));
  EXPECT_EQ(
      evidence,
      "PowerShell remote session of bitscts-remote0001: the session was removed; PowerShell exited "
      "with 0; PowerShell printed: started session 5f0c agent 4242 | ended");
  EXPECT_EQ(Terminations(), 0u);
  EXPECT_TRUE(seen_->destroyed);

  for (const std::string& text : {Narrow(command_lines_[0]), evidence, Input()}) {
    EXPECT_THAT(text, Not(HasSubstr(kPasswordText)));
  }
  ASSERT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kOk);  // safe to call again
  EXPECT_EQ(evidence, "PowerShell remote session of bitscts-remote0001: no session open");
}

TEST_F(RemoteSession, OnlyTheFirstSessionOfARunSweepsLeftoverShells) {
  Script sweeping = Healthy();
  sweeping.on_input = {"removed leftover shell 9A1 of PC\\bitscts-k2j4m9qa7z",
                       "started session 1 agent 7"};
  testing::InSequence order;  // the first PowerShell started is the sweeping one
  NextPowerShell(sweeping);
  NextPowerShell(Healthy());
  auto first = Site();
  auto second = Site();
  std::string evidence;
  ASSERT_EQ(first->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_THAT(
      evidence,
      HasSubstr(
          "removed leftover shell 9A1 of PC\\bitscts-k2j4m9qa7z | started session 1 agent 7"));
  ASSERT_EQ(second->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_THAT(evidence, Not(HasSubstr("leftover")));
  const std::string input = Input();
  EXPECT_THAT(input, StartsWith("sweep\n"));
  EXPECT_THAT(input, HasSubstr("\nkeep\nbitscts-remote0001\n"));
  EXPECT_EQ(first->End(std::chrono::seconds(10), &evidence), hr::kOk);
  EXPECT_EQ(second->End(std::chrono::seconds(10), &evidence), hr::kOk);
}

TEST_F(RemoteSession, AFailureReportedByPowerShellFailsStartWithItsWords) {
  Script failing;
  failing.on_input = {"failed: Connecting to remote server localhost failed: Access is denied."};
  failing.exit_after_input = true;
  failing.exit_code = 1;
  NextPowerShell(failing);
  auto site = Site();
  std::string evidence;
  EXPECT_EQ(site->Start(kAgentLine, &evidence), hr::kFail);
  EXPECT_THAT(evidence,
              HasSubstr(
                  "PowerShell reported a failure; PowerShell exited with 1; PowerShell printed: "
                  "failed: Connecting to remote server localhost failed: Access is denied."));
  EXPECT_EQ(Terminations(), 0u);
  EXPECT_EQ(site->End(std::chrono::seconds(1), &evidence), hr::kOk);
  EXPECT_THAT(evidence, HasSubstr("no session open"));
}

TEST_F(RemoteSession, PowerShellEndingSilentlyFailsStart) {
  Script silent;
  silent.on_input = {"powershell.exe : some error on stderr"};
  silent.exit_after_input = true;
  silent.exit_code = 1;
  NextPowerShell(silent);
  std::string evidence;
  EXPECT_EQ(Site()->Start(kAgentLine, &evidence), hr::kFail);
  EXPECT_THAT(evidence,
              HasSubstr("PowerShell's output ended before \"started\"; PowerShell exited with 1; "
                        "PowerShell printed: powershell.exe : some error on stderr"));
}

TEST_F(RemoteSession, APowerShellThatNeverAnswersIsTerminatedAtTheDeadline) {
  NextPowerShell(Script{});  // prints nothing, exits only when terminated
  auto site = Site(std::chrono::milliseconds(50));
  std::string evidence;
  EXPECT_EQ(site->Start(kAgentLine, &evidence), FromWin32(1460));  // ERROR_TIMEOUT
  EXPECT_THAT(evidence, HasSubstr("no \"started\" within 50 ms; PowerShell did not exit in time"));
  EXPECT_THAT(evidence, HasSubstr("so it was terminated"));
  EXPECT_THAT(evidence, HasSubstr("PowerShell printed: (nothing)"));
  EXPECT_EQ(Terminations(), 1u);
  EXPECT_TRUE(seen_->destroyed);
}

TEST_F(RemoteSession, APowerShellThatIgnoresEndIsTerminatedAfterThePatience) {
  Script deaf = Healthy();
  deaf.on_end = {};
  deaf.exit_after_end = false;
  NextPowerShell(deaf);
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->End(std::chrono::milliseconds(50), &evidence), FromWin32(1460));
  EXPECT_THAT(evidence, HasSubstr("no \"ended\" within 50 ms; PowerShell did not exit in time"));
  EXPECT_EQ(Terminations(), 1u);
}

TEST_F(RemoteSession, AFailedRemovalFailsEnd) {
  Script stuck = Healthy();
  stuck.on_end = {"failed: The session state is Broken."};
  stuck.exit_code = 1;
  NextPowerShell(stuck);
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kFail);
  EXPECT_THAT(evidence, HasSubstr("removing the session failed; PowerShell exited with 1"));
  EXPECT_THAT(evidence, HasSubstr("failed: The session state is Broken."));
}

TEST_F(RemoteSession, ANonZeroExitAfterEndedFailsEnd) {
  Script odd = Healthy();
  odd.exit_code = 3;
  NextPowerShell(odd);
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kFail);
  EXPECT_THAT(evidence, HasSubstr("the session was removed; PowerShell exited with 3"));
}

TEST_F(RemoteSession, AnUnwritableInputEndsPowerShell) {
  Script broken = Healthy();
  broken.write_error = kNoData;
  NextPowerShell(broken);
  auto site = Site();
  std::string evidence;
  EXPECT_EQ(site->Start(kAgentLine, &evidence), FromWin32(kNoData));
  EXPECT_THAT(evidence, HasSubstr("writing to PowerShell's standard input failed"));
  EXPECT_EQ(Terminations(), 1u);
}

TEST_F(RemoteSession, AnUnwritableEndIsReportedAndPowerShellTerminated) {
  Script deaf = Healthy();
  deaf.refuse_end = true;
  NextPowerShell(deaf);
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->End(std::chrono::milliseconds(50), &evidence), FromWin32(1460));
  EXPECT_THAT(evidence, HasSubstr("writing \"end\" failed: " + FromWin32(kNoData).ToString()));
  EXPECT_THAT(evidence, HasSubstr("so it was terminated"));
  EXPECT_EQ(Terminations(), 1u);
}

TEST_F(RemoteSession, APowerShellGoneBeforeEndFailsEnd) {
  NextPowerShell(Healthy());
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  ASSERT_EQ(last_->Terminate(9), ERROR_SUCCESS);  // PowerShell dies while the session is open
  EXPECT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kFail);
  EXPECT_THAT(evidence, HasSubstr("writing \"end\" failed: " + FromWin32(kNoData).ToString()));
  EXPECT_THAT(evidence, HasSubstr("PowerShell exited with 9"));
}

TEST_F(RemoteSession, APowerShellDyingAtEndFailsEnd) {
  Script dying = Healthy();
  dying.on_end = {};
  dying.exit_code = 9;
  NextPowerShell(dying);
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->End(std::chrono::seconds(10), &evidence), hr::kFail);
  EXPECT_THAT(evidence,
              HasSubstr("PowerShell's output ended without \"ended\"; PowerShell exited with 9"));
  EXPECT_EQ(Terminations(), 0u);
}

TEST_F(RemoteSession, PowerShellThatCannotStartIsReportedByName) {
  EXPECT_CALL(system_, StartChildProcess).WillOnce(Return(DWORD{5}));
  std::string evidence;
  EXPECT_EQ(Site()->Start(kAgentLine, &evidence), hr::kAccessDenied);
  EXPECT_EQ(
      evidence,
      "PowerShell remote session of bitscts-remote0001: starting "
      "C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe failed: CreateProcessW -> " +
          hr::kAccessDenied.ToString());
  EXPECT_CALL(system_, StartChildProcess)
      .WillOnce(Return(DWORD{ERROR_SUCCESS}));  // and hands out nothing
  EXPECT_EQ(Site()->Start(kAgentLine, &evidence), hr::kUnexpected);
}

TEST_F(RemoteSession, WithoutTheSystemFolderNothingStarts) {
  ON_CALL(system_, GetSystemDirectoryW)
      .WillByDefault(Return(DWORD{122}));  // ERROR_INSUFFICIENT_BUFFER
  EXPECT_CALL(system_, StartChildProcess).Times(0);
  std::string evidence;
  EXPECT_EQ(Site()->Start(kAgentLine, &evidence), FromWin32(122));
  EXPECT_THAT(evidence, HasSubstr("GetSystemDirectoryW -> "));
}

TEST_F(RemoteSession, StartingTwiceIsRefused) {
  NextPowerShell(Healthy());
  auto site = Site();
  std::string evidence;
  ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  EXPECT_EQ(site->Start(kAgentLine, &evidence), hr::kUnexpected);
  EXPECT_THAT(evidence, HasSubstr("already started"));
}

TEST_F(RemoteSession, DestroyingAnOpenSiteEndsTheSession) {
  NextPowerShell(Healthy());
  std::string evidence;
  {
    auto site = Site();
    ASSERT_EQ(site->Start(kAgentLine, &evidence), hr::kOk);
  }
  EXPECT_THAT(Input(), testing::EndsWith("\nend\n"));
  EXPECT_EQ(Terminations(), 0u);
  EXPECT_TRUE(seen_->destroyed);
}

TEST_F(RemoteSession, DescribesItselfByTheAccount) {
  EXPECT_EQ(Site()->Describe(), "PowerShell remote session of bitscts-remote0001");
}

}  // namespace
}  // namespace bitscts::com
