// Proofs: which check of a scenario proves which clause. Every clause a scenario names in its
// ScenarioMeta::clauses must be proved by at least one check of its body written under
// BITSCTS_PROVES; `bitscts --check-clauses` fails otherwise, so a clause is counted as covered only
// where an assertion stands behind it. A check that only records what happened proves nothing:
// its clause belongs in ScenarioMeta::records.
//
//   BITSCTS_PROVES("HT-SID-3") EXPECT_EQ(sid.value, std::nullopt) << "no token, no SID";
//
// The statement after the macro runs once; a failure inside it says "proves HT-SID-3". Sites are
// registered when the program starts, so the check needs no run: it pairs each site with the
// scenario defined last above it in the same file. Use the macro in scenario bodies only.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace bitscts {

// One BITSCTS_PROVES in the program's source.
struct ProofSite {
  std::string clause;
  std::string file;
  int line = 0;
};

// Adds a proof site to the process-wide registry; returns true (for static registration).
bool RegisterProofSite(const char* clause, const char* file, int line);

// Returns every registered proof site, ordered by file and line.
std::vector<ProofSite> ProofSites();

namespace internal {

// A string literal as a template argument (C++20 class-type non-type parameter).
template <std::size_t N>
struct LiteralText {
  // NOLINTNEXTLINE(google-explicit-constructor): the conversion from a literal is the point.
  constexpr LiteralText(const char (&text)[N]) { std::copy_n(text, N, value); }
  char value[N];
};

// Registered before main for every BITSCTS_PROVES the compiler sees, whether or not it runs: one
// site per clause the macro names.
template <LiteralText File, int Line, LiteralText... Clauses>
inline const bool kProofSites = (RegisterProofSite(Clauses.value, File.value, Line) && ...);

// Runs the statement after BITSCTS_PROVES once, with the clauses named in its failure messages.
class ProofScope {
 public:
  ProofScope(bool /*registered*/, std::initializer_list<const char*> clauses, const char* file,
             int line)
      : trace_(file, line, "proves " + Joined(clauses)) {}
  bool Pending() const { return pending_; }
  void Done() { pending_ = false; }

 private:
  static std::string Joined(std::initializer_list<const char*> clauses) {
    std::string text;
    for (const char* clause : clauses) text += (text.empty() ? "" : ", ") + std::string(clause);
    return text;
  }

  testing::ScopedTrace trace_;
  bool pending_ = true;
};

}  // namespace internal
}  // namespace bitscts

// Declares that the check which follows proves each clause named (string literals):
// BITSCTS_PROVES("HT-CLR-3", "HT-LOGOFF-6") EXPECT_EQ(...).
#define BITSCTS_PROVES(...) \
  BITSCTS_PROVES_IN_SCOPE_(BITSCTS_PROOF_NAME_(bitscts_proof_, __COUNTER__), __VA_ARGS__)
#define BITSCTS_PROOF_NAME_(prefix, counter) BITSCTS_PROOF_JOIN_(prefix, counter)
#define BITSCTS_PROOF_JOIN_(prefix, counter) prefix##counter
#define BITSCTS_PROVES_IN_SCOPE_(scope, ...)                                                 \
  for (::bitscts::internal::ProofScope scope(                                                \
           ::bitscts::internal::kProofSites<__FILE__, __LINE__, __VA_ARGS__>, {__VA_ARGS__}, \
           __FILE__, __LINE__);                                                              \
       scope.Pending(); scope.Done())
