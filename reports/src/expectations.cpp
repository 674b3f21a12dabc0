#include "bitscts/report/expectations.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <variant>

#include "bitscts/report/input_error.h"

namespace bitscts::report {

ExpectationFile ParseExpectations(std::string_view text, const std::string& path) {
  auto parsed = ::bitscts::ParseExpectations(text, path);
  if (const auto* error = std::get_if<std::string>(&parsed)) throw InputError(*error);
  const auto& set = std::get<ExpectationSet>(parsed);
  ExpectationFile file;
  file.path = path;
  file.family = std::filesystem::path(path).stem().string();
  file.strict = set.strict();
  file.entries = set.entries();
  return file;
}

ExpectationFile ReadExpectationsFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open the file for reading");
  std::ostringstream contents;
  contents << in.rdbuf();
  return ParseExpectations(contents.str(), path.string());
}

bool IsExpired(const Expectation& expectation, std::chrono::year_month_day today) {
  return HasExpired(expectation, FormatDate(today));
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < lengths[i]; ++j) {
      const char digit = text[starts[i] + j];
      if (!std::isdigit(static_cast<unsigned char>(digit))) return std::nullopt;
      parts[i] = parts[i] * 10 + (digit - '0');
    }
  }
  const std::chrono::year_month_day date{std::chrono::year(parts[0]),
                                         std::chrono::month(static_cast<unsigned>(parts[1])),
                                         std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatDate(std::chrono::year_month_day date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

}  // namespace bitscts::report
