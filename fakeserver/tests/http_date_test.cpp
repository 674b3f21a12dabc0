// HTTP-date formatting (IMF-fixdate) of the validators the fakeserver sends.
#include "http/http_date.h"

#include <gtest/gtest.h>

namespace bitscts::fakeserver::internal {
namespace {

TEST(FormatHttpDate, WritesImfFixdates) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(951827696), "Tue, 29 Feb 2000 12:34:56 GMT");
  EXPECT_EQ(FormatHttpDate(253402300799), "Fri, 31 Dec 9999 23:59:59 GMT");
}

TEST(FormatHttpDate, WritesTimesBeforeTheEpoch) {
  EXPECT_EQ(FormatHttpDate(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
  EXPECT_EQ(FormatHttpDate(-14182940), "Sun, 20 Jul 1969 20:17:40 GMT");
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
