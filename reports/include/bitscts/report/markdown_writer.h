// Writes the short Markdown summary of a Matrix that suits a GitHub job summary
// ($GITHUB_STEP_SUMMARY): one line per target with its verdict counts, then every failing cell.
#pragma once

#include <ostream>

#include "bitscts/report/matrix.h"

namespace bitscts::report {

// Writes the summary. Text from the runs is escaped so that it cannot break the tables or
// inject markup; the output holds no times or dates other than the runs' own.
void WriteMarkdownSummary(const Matrix& matrix, std::ostream& out);

}  // namespace bitscts::report
