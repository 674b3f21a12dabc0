// Writes a Matrix as one self-contained static HTML page: inline CSS and JavaScript only, no
// request to any other resource. Scenarios are rows grouped by clause family, targets are
// columns; each cell shows its verdict and opens its details; a button shows failures only.
// Without JavaScript the details still open (CSS :target); only the filter needs it.
#pragma once

#include <chrono>
#include <ostream>
#include <vector>

#include "bitscts/report/expectations.h"
#include "bitscts/report/matrix.h"
#include "bitscts/report/regression.h"

namespace bitscts::report {

// Writes the page: first a headline (what regressed, on which targets, since `baseline` or else
// the previous run of targets that ran more than once; the verdict counts), then the grid with
// failing rows first, each cell a verdict sign and name that opens a detail panel (message,
// checks, each clause's statement, evidence, history), then the changes, every target's run and
// the entries of `expectations`, marking those expired on `today`.
void WriteHtmlMatrix(const Matrix& matrix, const std::vector<ExpectationFile>& expectations,
                     std::chrono::year_month_day today, std::ostream& out,
                     const BaselineComparison* baseline = nullptr);

}  // namespace bitscts::report
