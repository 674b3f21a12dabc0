#include "bitscts/report/expectations.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "bitscts/report/input_error.h"

namespace bitscts::report {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = line.find('|', start);
    fields.push_back(Trim(line.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) return fields;
    start = bar + 1;
  }
}

bool IsExpectableVerdict(Verdict verdict) {
  return verdict == Verdict::kUnsupported || verdict == Verdict::kFail || verdict == Verdict::kTimeout ||
         verdict == Verdict::kError;
}

class Parser {
 public:
  explicit Parser(const std::string& path) : path_(path) {}

  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw InputError(path_ + ":" + std::to_string(line) + ": " + message);
  }

  Expectation ParseEntry(std::string_view line, int line_number) const {
    const std::vector<std::string_view> fields = SplitFields(line);
    if (fields.size() < 4 || fields.size() > 5) {
      Fail(line_number, "expected 'scenario | verdict | reason | link [| expires=YYYY-MM-DD]', found " +
                            std::to_string(fields.size()) + " field(s)");
    }
    Expectation entry;
    entry.line = line_number;
    entry.scenario_id = fields[0];
    if (entry.scenario_id.empty() || entry.scenario_id.find(' ') != std::string::npos) {
      Fail(line_number, "the scenario id is empty or contains a space");
    }
    const auto verdict = ParseVerdict(fields[1]);
    if (!verdict || !IsExpectableVerdict(*verdict)) {
      Fail(line_number,
           "unknown expected verdict '" + std::string(fields[1]) + "' (expected unsupported, fail, timeout or error)");
    }
    entry.verdict = *verdict;
    entry.reason = fields[2];
    entry.link = fields[3];
    if (entry.reason.empty()) Fail(line_number, "the reason is empty");
    if (entry.link.empty()) Fail(line_number, "the link is empty");
    if (fields.size() == 5) {
      constexpr std::string_view kPrefix = "expires=";
      if (fields[4].substr(0, kPrefix.size()) != kPrefix) {
        Fail(line_number, "the fifth field must be expires=YYYY-MM-DD, found '" + std::string(fields[4]) + "'");
      }
      entry.expires = ParseDate(fields[4].substr(kPrefix.size()));
      if (!entry.expires) {
        Fail(line_number, "'" + std::string(fields[4]) + "' is not a valid date (expected expires=YYYY-MM-DD)");
      }
    }
    return entry;
  }

 private:
  const std::string& path_;
};

}  // namespace

ExpectationFile ParseExpectations(std::string_view text, const std::string& path) {
  ExpectationFile file;
  file.path = path;
  file.family = std::filesystem::path(path).stem().string();
  const Parser parser(path);
  int line_number = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = Trim(text.substr(position, end - position));
    position = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line == "strict") {
      file.strict = true;
      continue;
    }
    if (line.find('|') == std::string_view::npos) {
      parser.Fail(line_number, "unknown directive '" + std::string(line) + "' (expected 'strict' or an entry)");
    }
    Expectation entry = parser.ParseEntry(line, line_number);
    for (const Expectation& earlier : file.entries) {
      if (earlier.scenario_id == entry.scenario_id) {
        parser.Fail(line_number, entry.scenario_id + " is already listed on line " + std::to_string(earlier.line));
      }
    }
    file.entries.push_back(std::move(entry));
  }
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
  return expectation.expires && std::chrono::sys_days(today) > std::chrono::sys_days(*expectation.expires);
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
