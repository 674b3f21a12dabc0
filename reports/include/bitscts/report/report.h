// The results of bitscts runs as read from JUnit files: suites of test cases, each case keyed by
// target id and scenario id. Readers fill a Report, writers (JUnit, Markdown, HTML) only read it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/junit/document.h"
#include "bitscts/report/verdict.h"

namespace bitscts::report {

// A <skipped>, <failure> or <error> element of a test case, and a <property> of a suite, as the
// JUnit format has them.
using Outcome = junit::Outcome;
using Property = junit::Property;

// What a bitscts case says about one clause id it names: a system-out line
// "clause: <id>: <statement> (source: <source>)", written from the clause catalogue.
struct ClauseNote {
  std::string id;         // "HT-FLAG-3"
  std::string statement;  // the clause in one sentence
  std::string source;     // its first source: "<URL> (<section>)", or words
  std::string url;        // the source's URL when it is a web link, else empty
};

// One scenario run on one target.
struct TestCase {
  std::string target_id;    // "model-19045"
  std::string scenario_id;  // "TokenOptionsQi.OwnJobAnswersQuery"
  std::string name;
  std::string classname;
  std::string time;  // seconds, as written in the file
  Verdict verdict = Verdict::kPass;
  std::string file;  // where the case is defined, relative to the source root; may be empty
  std::string line;  // its line, as written in the file; may be empty
  std::vector<Outcome> outcomes;
  std::string system_out;
  std::string system_err;
  // From the "key: value" lines that open system_out (empty when absent).
  std::vector<std::string> clauses;
  std::string doc;
  std::vector<ClauseNote> clause_notes;
  std::size_t evidence_offset = std::string::npos;  // where the evidence starts in system_out
  std::string source;                               // the file the case was read from

  // Returns the free text that follows the "evidence:" line of system_out; empty if none.
  std::string_view Evidence() const;
};

// Returns the family of a clause id, the part before its last dash ("HT-QI" for "HT-QI-1").
std::string ClauseFamily(std::string_view clause_id);

// One <testsuite>: the cases of one scenario family run on one target.
struct Suite {
  std::string name;
  std::string target_id;
  std::string time;
  std::string timestamp;
  std::string hostname;
  std::string package;
  std::vector<Property> properties;
  std::vector<TestCase> cases;
  std::string system_out;
  std::string system_err;
  std::string source;  // the file the suite was read from

  // Returns the value of the named property, or an empty string if the suite has none.
  std::string_view PropertyValue(std::string_view property_name) const;
};

// What a report's header says about a target, from the bitscts.* properties of its first suite.
struct TargetInfo {
  std::string id;
  std::string family;  // model | wine | windows, or empty for files not written by bitscts
  std::string implementation;
  std::string os_name;
  std::string os_build;
  std::string bits_version;
  std::string run_date;
  std::string expectations;
  std::string bitscts_version;
};

// Suites from any number of runs, in the order they were read. Nothing is merged away: two cases
// with the same key are both kept (see FindDuplicates in merge.h).
struct Report {
  std::vector<Suite> suites;

  // Returns the number of test cases in all suites.
  std::size_t CaseCount() const;
  // Returns one entry per target id, in order of first appearance.
  std::vector<TargetInfo> Targets() const;
};

}  // namespace bitscts::report
