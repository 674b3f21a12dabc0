// Steps for a download from start to end: running a job until it transfers or fails, reading
// its error and its file, and what the fakeserver saw of its requests (whose identity, which
// route, which certificate).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "bitscts/fakeserver/identity.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/scenario.h"

namespace bitscts::steps {

// Resumes `job` and waits until it is TRANSFERRED or in ERROR; returns which. A Resume that fails
// is a failed check, and the state the job is in then is returned.
inline JobState RunToEnd(Scenario& s, Job& job) {
  const HResult resumed = job.Resume();
  EXPECT_EQ(resumed, hr::kOk) << "Resume";
  if (resumed.Failed()) return job.State().value;
  return s.AwaitState(job, {JobState::kTransferred, JobState::kError});
}

// Makes every error of `job` final at once (no-progress timeout 0, JOB-RETRY-2), then runs it as
// RunToEnd does; returns TRANSFERRED or ERROR.
inline JobState RunToEndWithoutRetries(Scenario& s, Job& job) {
  EXPECT_EQ(job.SetNoProgressTimeout(0), hr::kOk) << "SetNoProgressTimeout(0)";
  return RunToEnd(s, job);
}

// Returns success if Complete answers S_OK and `local` then holds exactly `content`.
inline testing::AssertionResult Completes(Scenario& s, Job& job, const std::string& local,
                                          const Content& content) {
  if (const HResult completed = job.Complete(); completed != hr::kOk) {
    return testing::AssertionFailure() << "Complete returned " << completed;
  }
  if (const std::string differs = s.VerifyContent(local, content); !differs.empty()) {
    return testing::AssertionFailure() << differs;
  }
  return testing::AssertionSuccess();
}

// Returns success if `job`'s error object answers with `code`, and with `context` when one is
// given.
inline testing::AssertionResult ErrorIs(Job& job, HResult code,
                                        std::optional<ErrorContext> context = std::nullopt) {
  const Outcome<JobError> error = job.Error();
  if (error.hr != hr::kOk) {
    const Outcome<JobState> state = job.State();
    return testing::AssertionFailure()
           << "GetError returned " << error.hr << " with the job in "
           << (state.hr.Succeeded() ? Name(state.value) : state.hr.ToString());
  }
  if (error.value.code != code || (context && error.value.context != *context)) {
    return testing::AssertionFailure()
           << "the job's error is " << error.value.code << " in " << Name(error.value.context)
           << ", not " << code << (context ? " in " + Name(*context) : std::string());
  }
  return testing::AssertionSuccess();
}

// The fakeserver's log of the requests for one path, oldest first, as it was when read.
class Requests {
 public:
  // Reads the requests for `path` from the fakeserver's log.
  Requests(Scenario& s, const std::string& path) : path_(path) {
    for (const fakeserver::RequestRecord& request : s.server().Log()) {
      if (request.path == path) requests_.push_back(request);
    }
  }

  // Returns true if and only if no request asked for the path.
  bool empty() const { return requests_.empty(); }
  const std::vector<fakeserver::RequestRecord>& all() const { return requests_; }
  // The first and the last request; only when there was one.
  const fakeserver::RequestRecord& first() const { return requests_.front(); }
  const fakeserver::RequestRecord& last() const { return requests_.back(); }

  // Returns true if and only if a request presented `account` to the server.
  bool Presented(const std::string& account) const {
    for (const fakeserver::RequestRecord& request : requests_) {
      if (fakeserver::NamesAccount(request.identity, account)) return true;
    }
    return false;
  }
  // Returns true if and only if a request that presented `account` was answered with success.
  bool ServedTo(const std::string& account) const {
    for (const fakeserver::RequestRecord& request : requests_) {
      if (request.status / 100 == 2 && fakeserver::NamesAccount(request.identity, account))
        return true;
    }
    return false;
  }
  // Returns success if every request that presented an identity to the server presented `account`.
  testing::AssertionResult PresentedOnly(const std::string& account) const {
    for (const fakeserver::RequestRecord& request : requests_) {
      if (request.identity.empty() || fakeserver::NamesAccount(request.identity, account)) continue;
      return testing::AssertionFailure() << "a request for " << path_ << " presented "
                                         << request.identity << ", not " << account;
    }
    return testing::AssertionSuccess();
  }
  // Returns the identity the last request that presented one presented, or "" if none did.
  std::string LastIdentity() const {
    std::string identity;
    for (const fakeserver::RequestRecord& request : requests_) {
      if (!request.identity.empty()) identity = request.identity;
    }
    return identity;
  }

 private:
  std::string path_;
  std::vector<fakeserver::RequestRecord> requests_;
};

}  // namespace bitscts::steps
