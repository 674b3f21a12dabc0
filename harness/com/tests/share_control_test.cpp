// The share control: a new folder under the scratch folder, readable only by the named readers
// through the share and in its DACL, named with the run's prefix, deleted at the end of the run,
// and the shares a crashed run left deleted by the next.
#include "share_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "mocks/mock_system_api.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StartsWith;

class ShareControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ =
        std::filesystem::temp_directory_path() /
        ("bitscts-share-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(scratch_);
  }
  void TearDown() override { std::filesystem::remove_all(scratch_); }

  std::unique_ptr<ComShareControl> MakeControl() {
    return std::make_unique<ComShareControl>(system_, scratch_.string());
  }

  NiceMock<MockSystemApi> system_;
  std::filesystem::path scratch_;
  const Principal reader_{"bitscts-reader1", "S-1-5-21-1-2-3-1001", PrincipalKind::kStandardUser};
  const Principal other_{"bitscts-reader2", "S-1-5-21-1-2-3-1002", PrincipalKind::kStandardUser};
};

TEST_F(ShareControlTest, SharesANewFolderUnderTheScratchFolderOnlyToItsReaders) {
  const std::vector<std::wstring> readers{Widen(reader_.sid), Widen(other_.sid)};
  EXPECT_CALL(system_, SetFolderReaders(_, std::wstring(MockSystemApi::kProcessSid), readers));
  EXPECT_CALL(system_, NetShareAdd(AllOf(Field(&ShareSpec::name, StartsWith(L"bitscts-")),
                                         Field(&ShareSpec::reader_sids, readers))));
  auto control = MakeControl();
  const Outcome<Share> share = control->CreateShare({reader_, other_});
  ASSERT_EQ(share.hr, hr::kOk) << control->last_calls();
  ASSERT_EQ(system_.shares().size(), 1u);
  const std::string name = Narrow(*system_.shares().begin());
  EXPECT_EQ(share.value.unc, "\\\\TESTHOST\\" + name);
  EXPECT_EQ(std::filesystem::path(share.value.local_folder), scratch_ / name);
  EXPECT_TRUE(std::filesystem::is_directory(share.value.local_folder));
}

TEST_F(ShareControlTest, NoReadersMeansEveryone) {
  const std::vector<std::wstring> everyone{L"S-1-1-0"};
  EXPECT_CALL(system_, SetFolderReaders(_, _, everyone));
  EXPECT_CALL(system_, NetShareAdd(Field(&ShareSpec::reader_sids, everyone)));
  EXPECT_EQ(MakeControl()->CreateShare({}).hr, hr::kOk);
}

TEST_F(ShareControlTest, TheRunsSharesAndTheirFoldersAreDeletedAtItsEnd) {
  auto control = MakeControl();
  const Outcome<Share> first = control->CreateShare({reader_});
  const Outcome<Share> second = control->CreateShare({});
  ASSERT_EQ(first.hr, hr::kOk);
  ASSERT_EQ(second.hr, hr::kOk);
  EXPECT_NE(first.value.unc, second.value.unc);
  std::ofstream(std::filesystem::path(first.value.local_folder) / "file.bin") << "content";
  control.reset();
  EXPECT_THAT(system_.shares(), ::testing::IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(first.value.local_folder));
  EXPECT_FALSE(std::filesystem::exists(second.value.local_folder));
}

TEST_F(ShareControlTest, TheFirstShareDeletesTheSharesEarlierRunsLeft) {
  system_.NetShareAdd(ShareSpec{L"bitscts-leftover01", L"C:\\old", L"", {}});
  system_.NetShareAdd(ShareSpec{L"Users", L"C:\\Users", L"", {}});
  auto control = MakeControl();
  const Outcome<Share> share = control->CreateShare({});
  ASSERT_EQ(share.hr, hr::kOk);
  EXPECT_EQ(system_.shares().count(L"bitscts-leftover01"), 0u);
  EXPECT_EQ(system_.shares().count(L"Users"), 1u) << "not the run's";
  EXPECT_EQ(system_.shares().size(), 2u);
}

TEST_F(ShareControlTest, AFailedShareLeavesNoFolderBehind) {
  EXPECT_CALL(system_, NetShareAdd).WillOnce(Return(win32::kNerrDuplicateShare));
  auto control = MakeControl();
  const Outcome<Share> share = control->CreateShare({reader_});
  EXPECT_EQ(share.hr, FromWin32(win32::kNerrDuplicateShare));
  EXPECT_THAT(control->last_calls().ToString(), ::testing::HasSubstr("NetShareAdd"));
  EXPECT_TRUE(std::filesystem::is_empty(scratch_));
  EXPECT_CALL(system_, NetShareDel).Times(0);
  control.reset();
}

}  // namespace
}  // namespace bitscts::com
