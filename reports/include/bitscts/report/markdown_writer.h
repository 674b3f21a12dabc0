// Writes the short Markdown summary of a Matrix that suits a GitHub job summary
// ($GITHUB_STEP_SUMMARY): a headline (what regressed, on which targets, since which baseline),
// the verdict counts, the changes, one line per target, then every failing cell.
#pragma once

#include <cstddef>
#include <ostream>

#include "bitscts/report/matrix.h"
#include "bitscts/report/regression.h"

namespace bitscts::report {

// GitHub's limit on what one step may write to its job summary: 1 MiB.
inline constexpr std::size_t kStepSummaryLimit = std::size_t{1} << 20;

// Writes the summary, comparing with `baseline` when given, else with the previous run of targets
// that ran more than once. Text from the runs is escaped so that it cannot break the tables or
// inject markup; the output holds no times or dates other than the runs' own. It never exceeds
// `max_bytes`: a longer summary is cut after its last whole line that fits, followed by a note
// saying so.
void WriteMarkdownSummary(const Matrix& matrix, std::ostream& out,
                          const BaselineComparison* baseline = nullptr,
                          std::size_t max_bytes = kStepSummaryLimit);

}  // namespace bitscts::report
