// Combining the reports of several runs without losing a case, and finding cases that two runs
// (or one run, twice) recorded under the same key.
#pragma once

#include <string>
#include <vector>

#include "bitscts/report/report.h"

namespace bitscts::report {

// Returns one report holding every suite of `reports`, in order. Its case count is the sum of
// theirs: cases with the same key are kept side by side, never combined.
Report Merge(std::vector<Report> reports);

// Cases that share a target id and a scenario id.
struct Duplicate {
  std::string target_id;
  std::string scenario_id;
  std::vector<std::string> sources;  // the file of each occurrence, in reading order
};

// Returns every key that occurs more than once in `report`, in order of first occurrence.
std::vector<Duplicate> FindDuplicates(const Report& report);

}  // namespace bitscts::report
