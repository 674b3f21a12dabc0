// ComFolderControl against the SystemApi double: each folder is made in the scratch folder with a
// protected DACL naming LocalSystem, the writers and the runner, a failure leaves no folder, the
// folders go with the control, and the first folder of a run removes those a crashed run left.
#include "folder_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::NiceMock;
using ::testing::Return;

class FolderControlTest : public ::testing::Test {
 protected:
  FolderControlTest() {
    std::filesystem::create_directories(scratch_);
    std::filesystem::create_directories(earlier_run_ / "writers-1");
    std::ofstream(earlier_run_ / "writers-1" / "left.bin") << "left by a crashed run";
    std::filesystem::create_directories(earlier_run_ / "other");
  }
  ~FolderControlTest() override { std::filesystem::remove_all(root_); }

  const std::filesystem::path root_ =
      std::filesystem::temp_directory_path() /
      ("bitscts-folder-control-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  const std::filesystem::path scratch_ = root_ / "bitscts-run-this";
  const std::filesystem::path earlier_run_ = root_ / "bitscts-run-crashed";
  NiceMock<MockSystemApi> system_;
};

TEST_F(FolderControlTest, AFolderGetsAProtectedDaclForLocalSystemTheWritersAndTheRunner) {
  ComFolderControl control(system_, scratch_.string());
  const std::vector<Principal> writers{{"owner", "S-1-5-21-1-2-3-1001"},
                                       {"helper", "S-1-5-21-1-2-3-1002"}};
  std::wstring dacl_path;
  EXPECT_CALL(system_, SetFolderWriters(_, ElementsAre(std::wstring(L"S-1-5-18")),
                                        ElementsAre(std::wstring(L"S-1-5-21-1-2-3-1001"),
                                                    std::wstring(L"S-1-5-21-1-2-3-1002")),
                                        ElementsAre(std::wstring(MockSystemApi::kProcessSid))))
      .WillOnce([&dacl_path](const std::wstring& path, auto&&, auto&&, auto&&) {
        dacl_path = path;
        return DWORD{0};
      });
  const Outcome<std::string> folder = control.CreateFolder(writers);
  ASSERT_EQ(folder.hr, hr::kOk) << control.last_calls();
  EXPECT_EQ(std::filesystem::path(folder.value).parent_path(), scratch_);
  EXPECT_TRUE(std::filesystem::is_directory(folder.value));
  EXPECT_EQ(std::filesystem::path(dacl_path), std::filesystem::path(folder.value));
}

TEST_F(FolderControlTest, EachFolderIsNewAndAllGoWithTheControl) {
  std::string first;
  std::string second;
  {
    ComFolderControl control(system_, scratch_.string());
    first = control.CreateFolder({}).value;
    second = control.CreateFolder({{"owner", "S-1-5-21-1-2-3-1001"}}).value;
    std::ofstream(std::filesystem::path(second) / "written.bin") << "what BITS wrote";
    EXPECT_NE(first, second);
  }
  EXPECT_FALSE(std::filesystem::exists(first));
  EXPECT_FALSE(std::filesystem::exists(second)) << "removed with the files in it";
  EXPECT_TRUE(std::filesystem::is_directory(scratch_)) << "the scratch folder is the runner's";
}

TEST_F(FolderControlTest, AFolderWhoseDaclCannotBeSetIsRemovedAndTheErrorReturned) {
  ComFolderControl control(system_, scratch_.string());
  EXPECT_CALL(system_, SetFolderWriters).WillOnce(Return(win32::kErrorAccessDenied));
  const Outcome<std::string> folder = control.CreateFolder({{"owner", "S-1-5-21-1-2-3-1001"}});
  EXPECT_EQ(folder.hr, hr::kAccessDenied);
  EXPECT_TRUE(folder.value.empty());
  EXPECT_TRUE(std::filesystem::is_empty(scratch_)) << control.last_calls();
  EXPECT_THAT(control.last_calls().ToString(), ::testing::HasSubstr("RemoveDirectoryW"));
}

TEST_F(FolderControlTest, AnUnknownRunnerSidMakesNoFolder) {
  ComFolderControl control(system_, scratch_.string());
  EXPECT_CALL(system_, CurrentProcessSid).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(system_, CreateDirectoryW).Times(0);
  EXPECT_EQ(control.CreateFolder({}).hr, hr::kAccessDenied);
}

TEST_F(FolderControlTest, TheFirstFolderRemovesTheFoldersACrashedRunLeft) {
  ComFolderControl control(system_, scratch_.string());
  EXPECT_TRUE(std::filesystem::exists(earlier_run_ / "writers-1"))
      << "nothing is removed before a folder is made";
  ASSERT_EQ(control.CreateFolder({}).hr, hr::kOk);
  EXPECT_FALSE(std::filesystem::exists(earlier_run_ / "writers-1"));
  EXPECT_TRUE(std::filesystem::exists(earlier_run_ / "other")) << "only the control's folders";
  ASSERT_EQ(control.CreateFolder({}).hr, hr::kOk);
  EXPECT_TRUE(std::filesystem::exists(scratch_ / "writers-1"))
      << "the run's own folders are not leftovers";
}

TEST_F(FolderControlTest, AnEarlySweepRemovesTheLeftoversAndNamesEach) {
  ComFolderControl control(system_, scratch_.string());
  const CallLog swept = control.RemoveLeftovers();
  EXPECT_TRUE(swept.Succeeded()) << swept;
  EXPECT_TRUE(swept.Contains("removing " + (earlier_run_ / "writers-1").string())) << swept;
  EXPECT_FALSE(std::filesystem::exists(earlier_run_ / "writers-1"));
}

TEST_F(FolderControlTest, WithoutAScratchFolderThereAreNoFolders) {
  ComFolderControl control(system_, "");
  EXPECT_EQ(control.CreateFolder({}).hr, hr::kInvalidArg);
}

}  // namespace
}  // namespace bitscts::com
