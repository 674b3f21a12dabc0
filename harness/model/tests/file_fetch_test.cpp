#include "file_fetch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

TEST(FileFetchTest, LocalSourcesAreAbsolutePathsAndFileUrls) {
#ifdef _WIN32
  EXPECT_EQ(LocalSourceOf("C:\\srv\\file.bin"), std::filesystem::path("C:\\srv\\file.bin"));
  EXPECT_EQ(LocalSourceOf("file:///C:/srv/file.bin"), std::filesystem::path("C:/srv/file.bin"));
#else
  EXPECT_EQ(LocalSourceOf("/srv/file.bin"), std::filesystem::path("/srv/file.bin"));
  EXPECT_EQ(LocalSourceOf("file:///srv/file.bin"), std::filesystem::path("/srv/file.bin"));
#endif
  EXPECT_FALSE(LocalSourceOf("relative/file.bin"));
  EXPECT_FALSE(LocalSourceOf("file://relative"));
  EXPECT_FALSE(LocalSourceOf("http://127.0.0.1/file.bin"));
  EXPECT_FALSE(LocalSourceOf("\\\\host\\share\\file.bin"));
  EXPECT_FALSE(LocalSourceOf("/srv/"));
}

TEST(FileFetchTest, UncNamesHaveAHostAShareAndAFile) {
  const auto name = ParseUnc("\\\\HOST\\share-1\\dir\\file.bin");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host, "HOST");
  EXPECT_EQ(name->share, "share-1");
  EXPECT_EQ(name->relative, std::filesystem::path("dir") / "file.bin");
  EXPECT_FALSE(ParseUnc("\\\\HOST\\share"));
  EXPECT_FALSE(ParseUnc("\\\\HOST\\share\\"));
  EXPECT_FALSE(ParseUnc("\\\\\\share\\file"));
  EXPECT_FALSE(ParseUnc("\\\\HOST\\share\\..\\escape"));
  EXPECT_FALSE(ParseUnc("/not/unc"));
}

TEST_F(ModelTest, ASharedFileIsReadAsTheNetworkIdentity) {
  Caller& runner = Make().CurrentCaller();
  const Principal reader = Provision(PrincipalKind::kStandardUser);
  const Outcome<Share> share = Control<ShareControl>().CreateShare({reader});
  ASSERT_EQ(share.hr, hr::kOk);
  std::ofstream(std::filesystem::path(share.value.local_folder) / "shared.bin") << "shared bytes";
  auto denied = CreateJob(runner);
  ASSERT_EQ(denied->AddFile(share.value.unc + "\\shared.bin", OpenFolder() + "/denied.bin"),
            hr::kOk);
  ASSERT_EQ(denied->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(denied->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*denied).reached);
  EXPECT_EQ(denied->Error().value.code, hr::kAccessDenied);
  EXPECT_EQ(denied->ErrorProtocol().value, "file");

  auto missing = CreateJob(runner);
  ASSERT_EQ(missing->AddFile("\\\\BITSCTS-MODEL\\no-such-share\\file.bin",
                             OpenFolder() + "/missing.bin"),
            hr::kOk);
  ASSERT_EQ(missing->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(missing->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*missing).reached);
  EXPECT_EQ(missing->Error().value.code, model_hr::kBadNetPath);

  auto open = CreateJob(runner);
  const Outcome<Share> everyone = Control<ShareControl>().CreateShare({});
  std::ofstream(std::filesystem::path(everyone.value.local_folder) / "open.bin") << "open";
  ASSERT_EQ(open->AddFile(everyone.value.unc + "\\open.bin", OpenFolder() + "/open.bin"), hr::kOk);
  ASSERT_EQ(open->AddFile(everyone.value.unc + "\\absent.bin", OpenFolder() + "/absent.bin"),
            hr::kOk);
  ASSERT_EQ(open->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(open->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*open).reached);
  EXPECT_EQ(open->Error().value.code, hr::kFileNotFound)
      << "the first file came, the second is missing";
}

}  // namespace
}  // namespace bitscts::model
