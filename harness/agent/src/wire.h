// The agent protocol's framing: one request or response per line, fields separated by single
// spaces, each field escaped so that any byte string survives the trip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::agent::wire {

// Returns `field` with '%', '~', spaces and control bytes percent-escaped; "~" stands for "".
std::string Escape(std::string_view field);
// Returns the fields of `line`, unescaped; nullopt when an escape is malformed.
std::optional<std::vector<std::string>> Split(std::string_view line);
// Returns the fields escaped and joined by spaces (no line end).
std::string Join(const std::vector<std::string>& fields);
// Parses a non-negative decimal that fits in 64 bits; nullopt otherwise.
std::optional<std::uint64_t> ParseNumber(std::string_view text);

}  // namespace bitscts::agent::wire
