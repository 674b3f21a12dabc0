// Reads JUnit XML into a Document. Three flavours are understood:
//   - bitscts's own (the status attribute of a case names its verdict),
//   - ctest --output-junit (one flat <testsuite>; status="notrun", "disabled"),
//   - gtest --gtest_output=xml (result="skipped", "suppressed").
// A case's verdict is its status attribute when that names a verdict, else what its <error>,
// <failure> and <skipped> elements say (their type "timeout" or "xpass", a skipped text starting
// "xfail:"), else what ctest's and gtest's attributes say; a pass otherwise.
// Built where pugixml is (not in the MinGW cross build): target bitscts::junit_reader.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bitscts/junit/document.h"

namespace bitscts::junit {

// Thrown when text is not a JUnit document. what() is one line saying what is wrong.
class ReadError : public std::runtime_error {
 public:
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);
  ReadError(std::size_t offset, std::size_t line, const std::string& message)
      : std::runtime_error(message), offset_(offset), line_(line) {}
  // Returns the byte offset in the text where the problem is (from 0), or kNoOffset.
  std::size_t offset() const { return offset_; }
  // Returns the line of the text where the problem is (from 1), or 0 when it is not at one line.
  std::size_t line() const { return line_; }

 private:
  std::size_t offset_;
  std::size_t line_;
};

// Returns the suites and cases of JUnit `text`: its root <testsuites> or <testsuite> and every
// <testsuite> nested below, in document order. Strict: throws ReadError if `text` is not
// well-formed XML (unclosed, bad markup), holds bytes that are not UTF-8 or characters XML 1.0
// forbids (also as references such as "&#1;"), its root is not a JUnit element, or a <testcase>
// has no name. A suite whose only property is the target id takes the other properties of the
// nearest earlier suite with that target id, as the writer leaves them out (writer.h).
Document Read(std::string_view text);

}  // namespace bitscts::junit
