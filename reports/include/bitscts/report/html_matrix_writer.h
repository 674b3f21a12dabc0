// Writes a Matrix as one self-contained static HTML page: inline CSS and JavaScript only, no
// request to any other resource. Scenarios are rows grouped by clause family, targets are
// columns; each cell shows its verdict and opens its evidence; a button shows failures only.
#pragma once

#include <chrono>
#include <ostream>
#include <vector>

#include "bitscts/report/expectations.h"
#include "bitscts/report/matrix.h"

namespace bitscts::report {

// Writes the page. The header lists every target's run (id, family, OS, build, BITS version,
// date, expectation file, verdict counts) and the entries of `expectations`, marking those
// expired on `today`.
void WriteHtmlMatrix(const Matrix& matrix, const std::vector<ExpectationFile>& expectations,
                     std::chrono::year_month_day today, std::ostream& out);

}  // namespace bitscts::report
