// The one JUnit writer of bitscts: the runner's reports and the report tool's merged ones.
#pragma once

#include <ostream>

#include "bitscts/junit/document.h"

namespace bitscts::junit {

// Writes `document` as JUnit XML that validates against the project's schema
// (junit/schema/bitscts-junit.xsd): a <testsuites name="bitscts"> whose counts (tests, failures,
// errors, skipped) and time add up its suites', and each suite with its counts, its time (given,
// else its cases' sum), a sequential id and its properties. A run's properties are written once:
// a suite whose properties equal those of the nearest earlier suite with the same target id
// carries only that id (the reader gives it the rest back).
// Each case carries its verdict in `status` and the elements JUnit consumers count: one <skipped>
// for unsupported and xfail (its message attribute the skipped outcomes' messages, its text their
// texts), <failure> for fail and xpass, <error> for timeout and error; an outcome is made from
// the verdict when the case has none. Text is escaped by XmlText and XmlAttribute (xml_text.h);
// optional attributes and elements are written only when not empty.
void Write(const Document& document, std::ostream& out);

}  // namespace bitscts::junit
