// Internal to the report library: the "key: value" lines that open a bitscts case's system-out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/report/report.h"

namespace bitscts::report::internal {

struct SystemOutHeader {
  std::string scenario;
  std::vector<std::string> clauses;
  std::string doc;
  std::vector<ClauseNote> clause_notes;  // from the "clause:" lines
  // Where the evidence starts: after "evidence:" on its line if text follows it there, else at
  // the next line; npos if there is no "evidence:" line.
  std::size_t evidence_offset = std::string_view::npos;
};

// Returns the header fields found before the first line that is not "key: value" (or after
// "evidence:"); fields that are absent stay empty.
SystemOutHeader ParseSystemOutHeader(std::string_view text);

}  // namespace bitscts::report::internal
