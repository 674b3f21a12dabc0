// The one JUnit writer of bitscts: the runner's reports and the report tool's merged ones.
#pragma once

#include <ostream>

#include "bitscts/junit/document.h"

namespace bitscts::junit {

// Writes `document` as JUnit XML that validates against the Jenkins JUnit schema (junit-4.xsd):
// a <testsuites name="bitscts"> whose counts and time add up its suites', and each suite with its
// counts, its time (given, else its cases' sum), a sequential id and its properties.
// Each case carries its verdict in `status` and the elements JUnit consumers count: one <skipped>
// for unsupported and xfail (the schema allows one, of text only, so the messages and texts of
// skipped outcomes are joined), <failure> for fail and xpass, <error> for timeout and error; an
// outcome is made from the verdict when the case has none. Text is escaped by XmlText and
// XmlAttribute (xml_text.h); optional attributes and elements are written only when not empty.
void Write(const Document& document, std::ostream& out);

}  // namespace bitscts::junit
