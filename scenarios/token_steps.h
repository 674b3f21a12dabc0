// Steps the scenarios share: which access rules the target's build selects, the impersonate /
// SetHelperToken / revert sequence every client of IBitsTokenOptions performs, folders with
// chosen writers, implicit credentials, and transfers the fakeserver holds in mid-flight.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bitscts/credentials.h"
#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"

namespace bitscts::steps {

// Returns true if and only if the target's build follows the 1607+ access rules.
inline bool Is1607OrLater(Scenario& s) { return s.target().Description().os_build >= builds::kWindows1607; }

// Returns "1607+" or "pre-1607" with the build number, for messages.
inline std::string RulesName(Scenario& s) {
  const std::uint32_t build = s.target().Description().os_build;
  return (build >= builds::kWindows1607 ? "1607+ (build " : "pre-1607 (build ") + std::to_string(build) + ")";
}

// Returns the runner as the owner of helper-token jobs: on 1607+ anyone may use IBitsTokenOptions
// on their own jobs, before 1607 only an administrator (HT-SET-3); a non-administrator runner on
// a pre-1607 build ends the scenario as unsupported with the probe's evidence.
inline Caller& TokenOwner(Scenario& s) {
  if (!Is1607OrLater(s)) {
    const Probe admin = s.Capability(Feature::kAdministrator);
    if (!admin.available) {
      s.Unsupported("before 1607 only administrator-owned jobs take helper tokens; " + admin.evidence);
    }
  }
  return s.caller();
}

// Makes `helper` the thread identity of `caller`; a target that cannot ends the scenario as
// unsupported, since the precondition (a helper logon) is missing, not a BITS behaviour.
inline void Impersonate(Scenario& s, Caller& caller, const Principal& helper) {
  const HResult result = caller.Impersonate(helper);
  if (result.Failed()) s.Unsupported("impersonating " + helper.name + " returned " + result.ToString());
}

// Impersonates `helper` on `caller`, calls SetHelperToken through `options` and reverts, as the
// documented client sequence does; returns what SetHelperToken returned.
inline HResult SetHelperTokenAs(Scenario& s, Caller& caller, TokenOptions& options, const Principal& helper) {
  Impersonate(s, caller, helper);
  const HResult result = options.SetHelperToken();
  caller.RevertToSelf();
  return result;
}

// Returns a new folder whose contents only `writers` may create or replace; a target that cannot
// make one ends the scenario as unsupported.
inline std::string FolderFor(Scenario& s, const std::vector<Principal>& writers) {
  const Outcome<std::string> folder = s.target().CreateFolder(writers);
  if (folder.hr.Failed()) s.Unsupported("CreateFolder returned " + folder.hr.ToString());
  return folder.value;
}

// Writes `size` bytes of the content of `seed` into the new file `path`; a failure is an
// environment error.
inline void WriteContentFile(const std::string& path, std::uint64_t seed, std::uint64_t size) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  fakeserver::FillContent(seed, 0, bytes.data(), bytes.size());
  std::ofstream out(std::filesystem::path(path), std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out.good()) throw EnvironmentError("cannot write the source file " + path);
}

// Returns a new SMB share whose files only `readers` may read; a target that cannot share ends
// the scenario as unsupported.
inline Share ShareFor(Scenario& s, const std::vector<Principal>& readers) {
  const Outcome<Share> share = s.target().CreateShare(readers);
  s.evidence().Call("CreateShare(" + std::to_string(readers.size()) + " readers)" +
                        (share.hr.Succeeded() ? " = " + share.value.unc : std::string()),
                    share.hr);
  s.RequireImplemented(Feature::kShares, share.hr, "CreateShare");
  if (share.hr.Failed()) throw EnvironmentError("CreateShare returned " + share.hr.ToString());
  return share.value;
}

// Returns the path of `file_name` inside `folder`.
inline std::string InFolder(const std::string& folder, const std::string& file_name) {
  return (std::filesystem::path(folder) / file_name).string();
}

// Gives `job` implicit credentials for `target`: SetCredentials(target, Negotiate, NULL, NULL),
// which an application must call for a logon identity (the owner's, or the helper's under
// BG_TOKEN_NETWORK) to answer an HTTP server's or proxy's NTLM/Kerberos challenge (HT-FLAG-3,
// JOB-OWN-8; DOC-AMB-14: the documents name NTLM or Negotiate, the suite uses Negotiate, which
// W32-AUTH's recipe names). Ends the scenario as unsupported if the target offers no
// SetCredentials; any other failure fails it (call it inside ASSERT_NO_FATAL_FAILURE).
inline void SetImplicitCredentials(Scenario& s, Job& job, AuthTarget target) {
  const HResult set = job.SetCredentials(Credentials{target, AuthScheme::kNegotiate, std::nullopt, std::nullopt});
  s.evidence().Call(std::string("SetCredentials(") + (target == AuthTarget::kProxy ? "PROXY" : "SERVER") +
                        ", NEGOTIATE, NULL, NULL)",
                    set);
  s.RequireImplemented(Feature::kCredentials, set, "SetCredentials");
  ASSERT_EQ(set, hr::kOk) << "SetCredentials with implicit credentials";
}

// Reads `job`'s cost flags (IBackgroundCopyJob5). Ends the scenario as unsupported when the
// target does not offer them, and as not applicable when the job has no IBackgroundCopyJob5 on a
// BITS before 5.0; on BITS 5.0 and later every answer is returned for the scenario to check.
inline Outcome<std::uint32_t> CostFlagsOf(Scenario& s, Job& job) {
  const Outcome<std::uint32_t> flags = job.CostFlags();
  s.RequireImplemented(Feature::kCostFlags, flags.hr, "IBackgroundCopyJob5::GetProperty");
  const std::string& version = s.target().Description().bits_version;
  const bool bits5 = !version.empty() && std::isdigit(static_cast<unsigned char>(version[0])) &&
                     std::stoi(version) >= 5;
  if (flags.hr == hr::kNoInterface && !bits5) {
    s.NotApplicable("the job has no IBackgroundCopyJob5 (E_NOINTERFACE) on BITS " + version + ", before 5.0");
  }
  return flags;
}

// How long a target may take to ask for a held file after Resume: real time, or virtual time on
// a target in virtual time, which lets it pass kHeldRequestStep at a time.
inline constexpr std::chrono::milliseconds kHeldRequestDeadline{std::chrono::seconds(60)};
inline constexpr std::chrono::milliseconds kHeldRequestStep{250};

// Returns a URL of `size` bytes of the content of `seed` whose requests the fakeserver holds
// unanswered until ReleaseHeld, so that a job downloading it stays unfinished until then.
inline std::string HeldUrl(Scenario& s, std::uint64_t seed, std::uint64_t size) {
  fakeserver::Fault hold;
  hold.hold = true;
  return s.server().Url(fakeserver::FaultPath(hold, fakeserver::ContentPath(seed, size)));
}

// Returns true if and only if `state` is one a job shows while a request of its transfer waits
// for the server: CONNECTING (before an answer begins; Wine's BITS stays there) or TRANSFERRING.
inline bool InFlight(JobState state) { return state == JobState::kConnecting || state == JobState::kTransferring; }

// Waits until the fakeserver holds a request of `job`, just resumed, and then until the job
// shows where that leaves it; returns that state, one InFlight accepts for a job in the middle of
// its transfer, for the scenario to check. A target in virtual time (the model, where AdvanceTime
// works) makes requests only while its time passes, so there time passes in steps until the
// request is held. Throws TimeoutError, with what was seen, at the deadline.
inline JobState AwaitHeldRequest(Scenario& s, Job& job) {
  const bool virtual_time = s.target().AdvanceTime(std::chrono::milliseconds(0)) == hr::kOk;
  bool held = s.server().WaitForHeld(1, virtual_time ? std::chrono::milliseconds(0) : kHeldRequestDeadline);
  auto passed = std::chrono::milliseconds(0);
  while (virtual_time && !held && passed < kHeldRequestDeadline) {
    if (const HResult advanced = s.target().AdvanceTime(kHeldRequestStep); advanced.Failed()) {
      throw EnvironmentError("AdvanceTime(" + std::to_string(kHeldRequestStep.count()) + " ms) returned " +
                             advanced.ToString() + " after " + std::to_string(passed.count()) +
                             " ms of virtual time, while waiting for the fakeserver to hold a request");
    }
    passed += kHeldRequestStep;
    held = s.server().WaitForHeld(1, std::chrono::milliseconds(0));
  }
  if (!held) {
    const Outcome<JobState> state = job.State();
    throw TimeoutError("waited " + std::to_string((virtual_time ? passed : kHeldRequestDeadline).count()) +
                       (virtual_time ? " ms of virtual time" : " ms") +
                       " for the fakeserver to hold a request of the resumed job; it held none and the job was in " +
                       (state.hr.Succeeded() ? Name(state.value) : "a state GetState refused with " + state.hr.ToString()));
  }
  const JobState state = s.AwaitState(job, {JobState::kConnecting, JobState::kTransferring, JobState::kTransientError,
                                            JobState::kError, JobState::kTransferred, JobState::kSuspended},
                                      kHeldRequestDeadline);
  s.evidence().Note("fakeserver: holding the job's first request" +
                    (virtual_time ? " after " + std::to_string(passed.count()) + " ms of virtual time" : std::string()) +
                    "; the job is " + Name(state));
  return state;
}

// Lets the fakeserver answer the held requests and every later one.
inline void ReleaseHeld(Scenario& s) {
  s.server().ReleaseHeld();
  s.evidence().Note("fakeserver: released the held requests");
}

}  // namespace bitscts::steps
