// Which QMgr.dll version the com target reports: the higher of the two copies BITS may use.
#include "qmgr_version.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::DoAll;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;

constexpr DWORD kFileNotFound = 2;          // ERROR_FILE_NOT_FOUND
constexpr DWORD kNoVersionResource = 1813;  // ERROR_RESOURCE_TYPE_NOT_FOUND

class QmgrVersion : public ::testing::Test {
 protected:
  QmgrVersion() {
    ON_CALL(system_, GetSystemDirectoryW)
        .WillByDefault(DoAll(SetArgPointee<0>(L"C:\\Windows\\system32"), Return(0)));
  }
  // Makes the copy at `path` answer `version`, or `error` when it is not 0.
  void Copy(const wchar_t* path, FileVersion version, DWORD error = 0) {
    if (error != 0) {
      EXPECT_CALL(system_, GetFileVersion(std::wstring(path), _)).WillOnce(Return(error));
    } else {
      EXPECT_CALL(system_, GetFileVersion(std::wstring(path), _))
          .WillOnce(DoAll(SetArgPointee<1>(version), Return(0)));
    }
  }
  static constexpr const wchar_t* kSystem32Copy = L"C:\\Windows\\system32\\qmgr.dll";
  static constexpr const wchar_t* kBitsCopy = L"C:\\Windows\\system32\\Bits\\qmgr.dll";
  NiceMock<MockSystemApi> system_;
};

TEST_F(QmgrVersion, TheSystem32CopyServesWhenThereIsNoOther) {
  Copy(kSystem32Copy, {7, 8, 19041, 3636});
  Copy(kBitsCopy, {}, kFileNotFound);
  const Outcome<std::string> version = ReadQmgrFileVersion(system_);
  EXPECT_EQ(version.hr, hr::kOk);
  EXPECT_EQ(version.value, "7.8.19041.3636");
}

TEST_F(QmgrVersion, TheHigherOfTheTwoCopiesWins) {
  Copy(kSystem32Copy, {6, 6, 2600, 1});
  Copy(kBitsCopy, {6, 7, 2600, 0});
  EXPECT_EQ(ReadQmgrFileVersion(system_).value, "6.7.2600.0");
  Copy(kSystem32Copy, {7, 5, 7601, 2});
  Copy(kBitsCopy, {7, 5, 7601, 1});
  EXPECT_EQ(ReadQmgrFileVersion(system_).value, "7.5.7601.2");
}

TEST_F(QmgrVersion, WithoutAReadableCopyTheSystem32ErrorIsReported) {
  Copy(kSystem32Copy, {}, kNoVersionResource);
  Copy(kBitsCopy, {}, kFileNotFound);
  const Outcome<std::string> version = ReadQmgrFileVersion(system_);
  EXPECT_EQ(version.hr, FromWin32(kNoVersionResource));
  EXPECT_EQ(version.value, "");
}

TEST_F(QmgrVersion, AnUnknownSystemFolderIsReported) {
  EXPECT_CALL(system_, GetSystemDirectoryW).WillOnce(Return(DWORD{5}));
  EXPECT_CALL(system_, GetFileVersion).Times(0);
  EXPECT_EQ(ReadQmgrFileVersion(system_).hr, hr::kAccessDenied);
}

}  // namespace
}  // namespace bitscts::com
