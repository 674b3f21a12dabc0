#include "bitscts/fakeserver/identity.h"

#include <gtest/gtest.h>

namespace bitscts::fakeserver {
namespace {

TEST(NamesAccountTest, ABareNameMatchesIgnoringCase) {
  EXPECT_TRUE(NamesAccount("alice", "alice"));
  EXPECT_TRUE(NamesAccount("ALICE", "alice"));
  EXPECT_TRUE(NamesAccount("bitscts-std-1", "BITSCTS-STD-1"));
  EXPECT_FALSE(NamesAccount("alice", "alicia"));
  EXPECT_FALSE(NamesAccount("alice", "malice"));
}

TEST(NamesAccountTest, AnSspiNameMatchesTheBareAccountInAnyDomain) {
  EXPECT_TRUE(NamesAccount("WORKSTATION\\alice", "alice"));
  EXPECT_TRUE(NamesAccount("corp\\Alice", "ALICE"));
  EXPECT_FALSE(NamesAccount("WORKSTATION\\bob", "alice"));
  EXPECT_FALSE(NamesAccount("WORKSTATION\\malice", "alice"))
      << "the account name is compared whole";
  EXPECT_FALSE(NamesAccount("alice\\", "alice")) << "no account name after the domain";
}

TEST(NamesAccountTest, AQualifiedAccountMatchesItsDomainOrABareName) {
  EXPECT_TRUE(NamesAccount("alice", "WORKSTATION\\alice"))
      << "a Basic user has no domain to compare";
  EXPECT_TRUE(NamesAccount("workstation\\ALICE", "WORKSTATION\\alice"));
  EXPECT_FALSE(NamesAccount("OTHER\\alice", "WORKSTATION\\alice"));
}

TEST(NamesAccountTest, AnonymousNamesNoAccount) {
  EXPECT_FALSE(NamesAccount("", "alice"));
  EXPECT_FALSE(NamesAccount("", ""));
  EXPECT_FALSE(NamesAccount("DOMAIN\\", ""));
}

TEST(NamesAccountTest, AComputerAccountKeepsItsDollar) {
  EXPECT_TRUE(NamesAccount("CORP\\HOST$", "host$"));
  EXPECT_FALSE(NamesAccount("CORP\\HOST$", "host"));
}

}  // namespace
}  // namespace bitscts::fakeserver
