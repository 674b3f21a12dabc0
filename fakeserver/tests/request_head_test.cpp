#include "http/request_head.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts::fakeserver::internal {
namespace {

TEST(ParseRequestHead, ReadsRequestLineAndFields) {
  const ParsedHead parsed = ParseRequestHead(
      "GET /content/1/2?x HTTP/1.1\r\nHost: h\r\nRange:  bytes=0-1 \r\nX-Empty:\r\n\r\n");
  ASSERT_EQ(parsed.error_status, 0) << parsed.error;
  EXPECT_EQ(parsed.head.method, "GET");
  EXPECT_EQ(parsed.head.target, "/content/1/2?x");
  EXPECT_EQ(parsed.head.minor_version, 1);
  EXPECT_EQ(parsed.head.Field("range"), "bytes=0-1");
  EXPECT_EQ(parsed.head.Field("X-Empty"), "");
  EXPECT_EQ(parsed.head.FieldCount("HOST"), 1u);
}

TEST(ParseRequestHead, AcceptsHttp10WithoutHost) {
  const ParsedHead parsed = ParseRequestHead("HEAD / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(parsed.error_status, 0) << parsed.error;
  EXPECT_EQ(parsed.head.minor_version, 0);
}

TEST(ParseRequestHead, RefusesMalformedHeadsWith400) {
  for (const char* head :
       {"GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", "GET / HTTP/1.1\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\x01\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\r\n",
        "GET / FTP/1.1\r\nHost: h\r\n\r\n", "GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n", "\r\n\r\n"}) {
    EXPECT_EQ(ParseRequestHead(head).error_status, 400) << head;
  }
}

TEST(ParseRequestHead, RefusesOtherVersionsWith505) {
  EXPECT_EQ(ParseRequestHead("GET / HTTP/2.0\r\nHost: h\r\n\r\n").error_status, 505);
}

TEST(ParseRequestHead, RefusesRequestBodiesInChunksWith501) {
  EXPECT_EQ(ParseRequestHead("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
                .error_status,
            501);
}

TEST(ParseRequestHead, RefusesOversizedHeadsAndTargets) {
  const std::string long_target =
      "GET /" + std::string(kMaxTargetBytes, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(ParseRequestHead(long_target).error_status, 414);
  std::string many_fields = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (std::size_t i = 0; i < kMaxHeaderFields; ++i)
    many_fields += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(ParseRequestHead(many_fields + "\r\n").error_status, 431);
  const std::string huge =
      "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(kMaxHeadBytes, 'v') + "\r\n\r\n";
  EXPECT_EQ(ParseRequestHead(huge).error_status, 431);
}

TEST(SplitAbsoluteTarget, SplitsSchemeAuthorityAndOriginForm) {
  const auto parts = SplitAbsoluteTarget("HTTP://127.0.0.1:8080/content/1/2?x=1");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->scheme, "http");
  EXPECT_EQ(parts->authority, "127.0.0.1:8080");
  EXPECT_EQ(parts->origin_form, "/content/1/2?x=1");
  const auto ipv6 = SplitAbsoluteTarget("http://[::1]:80/a");
  ASSERT_TRUE(ipv6);
  EXPECT_EQ(ipv6->authority, "[::1]:80");
  EXPECT_EQ(ipv6->origin_form, "/a");
}

TEST(SplitAbsoluteTarget, AMissingPathBecomesTheRoot) {
  EXPECT_EQ(SplitAbsoluteTarget("http://h:1")->origin_form, "/");
  EXPECT_EQ(SplitAbsoluteTarget("http://h:1?q=2")->origin_form, "/?q=2");
  EXPECT_EQ(SplitAbsoluteTarget("http://h:1?q=2")->authority, "h:1");
  EXPECT_EQ(SplitAbsoluteTarget("http:///a")->authority, "");
  EXPECT_EQ(SplitAbsoluteTarget("https://h/a")->scheme, "https");
}

TEST(SplitAbsoluteTarget, OtherFormsAreNotAbsolute) {
  for (const char* target :
       {"/content/1/2", "/a?u=http://h/", "*", "127.0.0.1:443", "localhost:443", "://h/a",
        "1http://h/a", "ht tp://h/a", "http:/h/a", "mailto:someone", ""}) {
    EXPECT_FALSE(SplitAbsoluteTarget(target)) << target;
  }
}

TEST(AuthorityNames, MatchesHostIgnoringCaseAndPort) {
  EXPECT_TRUE(AuthorityNames("127.0.0.1:8080", "127.0.0.1", 8080));
  EXPECT_TRUE(AuthorityNames("LocalHost:8080", "localhost", 8080));
  EXPECT_TRUE(AuthorityNames("[::1]:8080", "::1", 8080));
  EXPECT_TRUE(AuthorityNames("127.0.0.1", "127.0.0.1", 80));
  EXPECT_TRUE(AuthorityNames("127.0.0.1:", "127.0.0.1", 80));
  EXPECT_TRUE(AuthorityNames("127.0.0.1:08080", "127.0.0.1", 8080));
}

TEST(AuthorityNames, RefusesEverythingElse) {
  for (const char* authority :
       {"127.0.0.1:8081", "127.0.0.2:8080", "127.0.0.1", "", ":8080", "user@127.0.0.1:8080",
        "127.0.0.1:8080:1", "127.0.0.1:+8080", "127.0.0.1:99999999999", "[127.0.0.1]:8080",
        "127.0.0.1.:8080", "127.0.0.1:8080 "}) {
    EXPECT_FALSE(AuthorityNames(authority, "127.0.0.1", 8080)) << authority;
  }
  EXPECT_FALSE(AuthorityNames("::1:8080", "::1", 8080));
  EXPECT_FALSE(AuthorityNames("[::1:8080", "::1", 8080));
  EXPECT_FALSE(AuthorityNames("[::1]8080", "::1", 8080));
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
