#include "bitscts/expectations.h"

#include "bitscts/capabilities.h"
#include "bitscts/text.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace bitscts {
namespace {

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = line.find('|', start);
    fields.push_back(Trim(line.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return fields;
}

// Returns true if and only if `text` is a real calendar date written YYYY-MM-DD.
bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return date.ok();
}

// Returns `line` without its comment: a '#' at the start of the line or after a space or tab
// starts one, so a link's fragment (job.c#L123) stays part of the link.
std::string_view WithoutComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

constexpr std::string_view kNeedsPrefix = "needs:";

bool IsNeedsId(std::string_view id) {
  return id.substr(0, kNeedsPrefix.size()) == kNeedsPrefix &&
         ParseFeature(id.substr(kNeedsPrefix.size())).has_value();
}

bool IsScenarioId(std::string_view id) {
  const std::size_t dot = id.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == id.size()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
  });
}

}  // namespace

const Expectation* ExpectationSet::FindNeeds(std::string_view feature_name) const {
  return Find(std::string(kNeedsPrefix) + std::string(feature_name));
}

const Expectation* ExpectationSet::Find(std::string_view scenario_id) const {
  for (const Expectation& entry : entries_) {
    if (entry.scenario_id == scenario_id) return &entry;
  }
  return nullptr;
}

std::variant<ExpectationSet, std::string> ParseExpectations(std::string_view text,
                                                            std::string source) {
  ExpectationSet set;
  set.source_ = source;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    ++line_number;
    const auto where = [&] { return source + ":" + std::to_string(line_number) + ": "; };

    line = Trim(WithoutComment(line));
    if (line.empty()) continue;
    if (line == "strict") {
      set.strict_ = true;
      continue;
    }
    if (line.find('|') == std::string_view::npos) {
      return where() + "unknown directive '" + std::string(line) +
             "' (expected 'strict' or an entry)";
    }
    const std::vector<std::string_view> fields = SplitFields(line);
    if (fields.size() < 4 || fields.size() > 5) {
      return where() + "expected 'scenario | verdict | reason | link [| expires=YYYY-MM-DD]'";
    }
    Expectation entry;
    entry.line = line_number;
    entry.scenario_id = std::string(fields[0]);
    const bool needs_entry = IsNeedsId(fields[0]);
    const bool any_entry = fields[0] == ExpectationSet::kAnyScenario;
    if (!needs_entry && !any_entry && !IsScenarioId(fields[0])) {
      return where() + "bad scenario id '" + entry.scenario_id +
             "' (expected Family.Name, needs:<feature> or *)";
    }
    const auto verdict = ParseVerdict(fields[1]);
    if (!verdict || (*verdict != Verdict::kUnsupported && *verdict != Verdict::kFail &&
                     *verdict != Verdict::kTimeout && *verdict != Verdict::kError &&
                     *verdict != Verdict::kPass)) {
      return where() + "expected verdict must be unsupported, fail, timeout, error or pass, not '" +
             std::string(fields[1]) + "'";
    }
    if (needs_entry && *verdict != Verdict::kUnsupported) {
      return where() + "a needs: entry can only expect unsupported";
    }
    if (any_entry && *verdict != Verdict::kFail)
      return where() + "the * entry can only expect fail";
    if (*verdict == Verdict::kPass && !IsScenarioId(fields[0])) {
      return where() + "only a scenario's own entry can expect pass";
    }
    entry.expected = *verdict;
    if (fields[2].empty()) return where() + "an expectation needs a reason";
    if (fields[3].find("://") == std::string_view::npos) {
      return where() + "an expectation needs a link (a URL)";
    }
    entry.reason = std::string(fields[2]);
    entry.link = std::string(fields[3]);
    if (fields.size() == 5) {
      constexpr std::string_view kExpires = "expires=";
      if (fields[4].substr(0, kExpires.size()) != kExpires ||
          !IsDate(fields[4].substr(kExpires.size()))) {
        return where() + "the fifth field must be expires=YYYY-MM-DD";
      }
      entry.expires = std::string(fields[4].substr(kExpires.size()));
    }
    if (set.Find(entry.scenario_id) != nullptr) {
      return where() + "a second entry for " + entry.scenario_id;
    }
    set.entries_.push_back(std::move(entry));
  }
  return set;
}

bool HasExpired(const Expectation& expectation, std::string_view today) {
  return !expectation.expires.empty() && expectation.expires < today;
}

}  // namespace bitscts
