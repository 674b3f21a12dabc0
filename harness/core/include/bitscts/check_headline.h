// The headline of a failed GoogleTest check: one line with the values, for the `message`
// attribute that JUnit consumers (GitHub annotations, Jenkins, GitLab) show of a failure.
#pragma once

#include <string>
#include <string_view>

namespace bitscts {

// Returns `path` relative to the folder `root` ("scenarios/flags.cpp" for
// "/src/bitscts/scenarios/flags.cpp" under "/src/bitscts"); backslashes count as slashes and
// letters are compared without case (Windows paths). A relative path (a build folder inside the
// source tree compiled "../../scenarios/flags.cpp", as under ccache's base_dir) loses its leading
// "../" and "./". An absolute path outside `root` is returned unchanged.
std::string RelativeToRoot(std::string_view path, std::string_view root);

// Returns one line saying what the GoogleTest failure `message` reports, without a location:
//   "<label>: expected <expected>, was <actual>"
// for EXPECT_EQ(actual, expected) ("Expected equality of these values:", the scenarios' order),
// EXPECT_TRUE/FALSE and EXPECT_THAT ("Value of:"), and EXPECT_NE/LT/... ("Expected: (a) != (b),
// actual: x vs y"); the label is the check's own message (what follows gtest's lines), else the
// checked expression; GoogleTest's scoped traces are left out. FAIL()'s "Failed" gives its message.
// Any other text gives its first line that is not empty. Values longer than 120 characters are cut
// short with "...".
std::string CheckHeadline(std::string_view message);

}  // namespace bitscts
