// Writes a Report as one JUnit document that validates against the Jenkins JUnit schema
// (junit-4.xsd) and that ReadJUnitText reads back to the same cases, keys and verdicts.
#pragma once

#include <ostream>

#include "bitscts/report/report.h"

namespace bitscts::report {

// Writes every suite and case of `report`, in order. Each case keeps its status attribute and
// carries the element JUnit consumers count: <skipped> for unsupported/xfail, <failure> for
// fail/xpass, <error> for timeout/error (made from the verdict when the input had none). Text
// that XML cannot hold is escaped visibly (see ToXmlCharacters), never dropped.
void WriteJUnit(const Report& report, std::ostream& out);

}  // namespace bitscts::report
