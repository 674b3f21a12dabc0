// The <system-out> of a bitscts case: "key: value" lines that say which scenario ran, which
// clauses it checks and why it got its verdict, then its failed checks and its evidence as free
// text. The runner writes it with FormatSystemOut; the report tool reads it with ParseSystemOut.
//
//   scenario: TokenOptionsQi.OwnJobAnswersQuery
//   clauses: HT-IF-1 HT-QI-1
//   records: HT-QI-2                     (when the scenario records clauses)
//   clause: HT-IF-1: <statement> (source: <first source>)   (one per clause and record)
//   doc: https://learn.microsoft.com/...
//   verdict: fail
//   message: <why it is not a plain pass>   (when there is one)
//   checks:                              (when a check failed)
//   <the failed checks, any number of lines>
//   evidence:
//   <calls, states, server log>
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/verdict.h"

namespace bitscts::junit {

// The keys of the lines, without their ": ".
namespace system_out_key {
inline constexpr std::string_view kScenario = "scenario";
inline constexpr std::string_view kClauses = "clauses";
inline constexpr std::string_view kRecords = "records";
inline constexpr std::string_view kClause = "clause";
inline constexpr std::string_view kDoc = "doc";
inline constexpr std::string_view kVerdict = "verdict";
inline constexpr std::string_view kMessage = "message";
inline constexpr std::string_view kChecks = "checks";
inline constexpr std::string_view kEvidence = "evidence";
}  // namespace system_out_key

// What a "clause:" line says about a clause id: "clause: <id>: <statement> (source: <source>)".
struct ClauseNote {
  std::string id;         // "HT-FLAG-3"
  std::string statement;  // the clause in one sentence
  std::string source;     // its first source: "<URL> (<section>)", or words; may be empty
};

// Everything the system-out of a bitscts case says.
struct CaseOutput {
  std::string scenario;                  // "TokenOptionsQi.OwnJobAnswersQuery"
  std::vector<std::string> clauses;      // the clause ids the scenario checks
  std::vector<std::string> records;      // the clause ids it records without checking
  std::vector<ClauseNote> clause_notes;  // one per clause and record
  std::string doc;
  Verdict verdict = Verdict::kPass;
  std::string message;   // one line; empty for a plain pass
  std::string checks;    // the failed checks, one or more lines each ending in '\n'
  std::string evidence;  // free text
};

// Returns the system-out text of `output`, as laid out above.
std::string FormatSystemOut(const CaseOutput& output);

// Returns the text of the <failure>, <error> or <skipped> element of a case that did not plainly
// pass: everything a consumer that reads only that element (GitHub actions, GitLab) needs, the
// reason first:
//   <verdict>: <message>
//   checks:                              (when a check failed)
//   <the failed checks>
//   clause: <id>: <statement> (source: <first source>)   (one per clause and record)
//   doc: <URL>
//   scenario: <Family.Name>
//   evidence:
//   <calls, states, server log>
std::string FormatOutcomeText(const CaseOutput& output);

// Returns the "clause:" lines of `notes`, each ending in '\n' (also the tail of a failure's text).
std::string FormatClauseNotes(const std::vector<ClauseNote>& notes);

// What ParseSystemOut finds in the lines that open a system-out.
struct SystemOutHeader {
  std::string scenario;
  std::vector<std::string> clauses;
  std::string doc;
  std::vector<ClauseNote> clause_notes;
  // Where the evidence starts: after "evidence:" on its line if text follows it there, else at
  // the next line; npos if there is no "evidence:" line.
  std::size_t evidence_offset = std::string_view::npos;
};

// Returns the header fields found in `text` before the first line that is not "key: value" or
// at "evidence:"; the lines after "checks:" are skipped up to "evidence:". Fields that are absent
// stay empty, so that any system-out (ctest's, gtest's) can be given.
SystemOutHeader ParseSystemOut(std::string_view text);

}  // namespace bitscts::junit
