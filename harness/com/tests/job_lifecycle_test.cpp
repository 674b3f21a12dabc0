// A job the client is done with leaves the queue: a transferred job is completed, not left
// behind (defect D4), and any other unfinished job is cancelled.
#include "job_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_job.h"

namespace bitscts::com {
namespace {

using mocks::MockJob;
using mocks::ReportState;
using ::testing::NiceMock;
using ::testing::Return;

TEST(SettleJob, TransferredJobIsCompletedNotCancelled) {
  NiceMock<MockJob> job;
  EXPECT_CALL(job, GetState).WillOnce(ReportState(BG_JOB_STATE_TRANSFERRED));
  EXPECT_CALL(job, Complete).WillOnce(Return(S_OK));
  EXPECT_CALL(job, Cancel).Times(0);
  const CallLog log = SettleJob(job);
  EXPECT_TRUE(log.Succeeded());
  EXPECT_TRUE(log.Contains("Complete"));
}

TEST(SettleJob, FailedJobIsCancelled) {
  NiceMock<MockJob> job;
  EXPECT_CALL(job, GetState).WillOnce(ReportState(BG_JOB_STATE_ERROR));
  EXPECT_CALL(job, Complete).Times(0);
  EXPECT_CALL(job, Cancel).WillOnce(Return(S_OK));
  EXPECT_TRUE(SettleJob(job).Contains("Cancel"));
}

TEST(SettleJob, UnfinishedJobIsCancelled) {
  for (BG_JOB_STATE state :
       {BG_JOB_STATE_QUEUED, BG_JOB_STATE_CONNECTING, BG_JOB_STATE_TRANSFERRING,
        BG_JOB_STATE_SUSPENDED, BG_JOB_STATE_TRANSIENT_ERROR}) {
    NiceMock<MockJob> job;
    EXPECT_CALL(job, GetState).WillOnce(ReportState(state));
    EXPECT_CALL(job, Cancel).WillOnce(Return(S_OK));
    SettleJob(job);
  }
}

TEST(SettleJob, FinishedJobIsLeftAlone) {
  for (BG_JOB_STATE state : {BG_JOB_STATE_ACKNOWLEDGED, BG_JOB_STATE_CANCELLED}) {
    NiceMock<MockJob> job;
    EXPECT_CALL(job, GetState).WillOnce(ReportState(state));
    EXPECT_CALL(job, Complete).Times(0);
    EXPECT_CALL(job, Cancel).Times(0);
    EXPECT_EQ(SettleJob(job).calls().size(), 1u);
  }
}

TEST(SettleJob, UnreadableJobIsCancelled) {
  NiceMock<MockJob> job;
  EXPECT_CALL(job, GetState).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(job, Cancel).WillOnce(Return(S_OK));
  const CallLog log = SettleJob(job);
  EXPECT_EQ(log.Result(), hr::kAccessDenied);
  EXPECT_TRUE(log.Contains("Cancel"));
}

TEST(SettleJob, FailedCompleteIsReportedByName) {
  NiceMock<MockJob> job;
  EXPECT_CALL(job, GetState).WillOnce(ReportState(BG_JOB_STATE_TRANSFERRED));
  EXPECT_CALL(job, Complete).WillOnce(Return(BG_E_INVALID_STATE));
  EXPECT_EQ(SettleJob(job).ToString(),
            "GetState -> S_OK (0x00000000); Complete -> BG_E_INVALID_STATE (0x80200002)");
}

}  // namespace
}  // namespace bitscts::com
