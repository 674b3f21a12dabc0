// A JUnit document as bitscts writes and reads it: suites of test cases, each case with its
// verdict, the <skipped>, <failure> and <error> elements JUnit consumers count, and its output.
// It is neither the runner's record of a run nor the report tool's model: both convert to it and
// write it with bitscts/junit/writer.h; the report tool reads it with bitscts/junit/reader.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bitscts/verdict.h"

namespace bitscts::junit {

// A <skipped>, <failure> or <error> element of a test case.
struct Outcome {
  enum class Kind { kSkipped, kFailure, kError };
  Kind kind = Kind::kFailure;
  std::string message;  // the message attribute
  std::string type;     // the type attribute
  std::string text;     // the element's text
};

// A <property> of a suite.
struct Property {
  std::string name;
  std::string value;
};

// A <testcase>.
struct Case {
  std::string name;
  std::string classname;
  std::string time;                  // seconds, as text ("0.250")
  Verdict verdict = Verdict::kPass;  // the status attribute
  // Where the case is defined, for annotations: a path relative to the source root
  // ("scenarios/flags.cpp") and a line number as text ("42"); either may be empty.
  std::string file;
  std::string line;
  std::vector<Outcome> outcomes;
  std::string system_out;
  std::string system_err;
};

// A <testsuite>.
struct Suite {
  std::string name;
  std::string time;  // seconds, as text; empty when the file gave none
  std::string timestamp;
  std::string hostname;
  std::string package;
  std::vector<Property> properties;
  std::vector<Case> cases;
  std::string system_out;
  std::string system_err;

  // Returns the value of the named property, or an empty string if the suite has none.
  std::string_view PropertyValue(std::string_view property_name) const;
};

// A <testsuites> document (or a lone <testsuite>, as ctest writes, once read).
struct Document {
  std::vector<Suite> suites;
};

// Returns `seconds` as JUnit files give times: with three decimals, "0.250".
std::string FormatSeconds(double seconds);

// Returns the number of seconds `text` holds ("0.250"), or 0 when it holds none.
double ParseSeconds(std::string_view text);

}  // namespace bitscts::junit
