#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include "bitscts/fakeserver/fault.h"
#include "content/fault_path.h"
#include "text.h"

namespace bitscts::fakeserver {
namespace internal {
namespace {

std::optional<std::uint64_t> ParseNumber(std::string_view text, std::uint64_t max) {
  if (text.empty() || text.size() > 20 || !std::all_of(text.begin(), text.end(), IsDigit)) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

std::optional<FaultedPath> ParseFaultPath(std::string_view path) {
  if (path.substr(0, kFaultPrefix.size()) != kFaultPrefix) return std::nullopt;
  path.remove_prefix(kFaultPrefix.size());
  const std::size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash + 1 == path.size()) return std::nullopt;
  FaultedPath faulted;
  faulted.served_path = std::string(path.substr(slash));
  bool seen_status = false, seen_close = false, seen_delay = false, seen_hold = false,
       seen_times = false;
  const auto claim = [](bool& seen) { return !std::exchange(seen, true); };
  for (const std::string_view item : Split(path.substr(0, slash), ',')) {
    const std::size_t equals = item.find('=');
    if (item == "hold" && claim(seen_hold)) {
      faulted.fault.hold = true;
      continue;
    }
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string_view key = item.substr(0, equals);
    const std::string_view text = item.substr(equals + 1);
    if (key == "status" && claim(seen_status)) {
      const auto status = ParseNumber(text, 599);
      if (!status || *status < 200) return std::nullopt;
      faulted.fault.status = static_cast<int>(*status);
    } else if (key == "close-after" && claim(seen_close)) {
      faulted.fault.close_after_bytes = ParseNumber(text, UINT64_MAX);
      if (!faulted.fault.close_after_bytes) return std::nullopt;
    } else if (key == "delay-ms" && claim(seen_delay)) {
      const auto delay = ParseNumber(text, static_cast<std::uint64_t>(kMaxFaultDelay.count()));
      if (!delay) return std::nullopt;
      faulted.fault.delay = std::chrono::milliseconds(*delay);
    } else if (key == "times" && claim(seen_times)) {
      const auto times = ParseNumber(text, 1'000'000);
      if (!times || *times == 0) return std::nullopt;
      faulted.fault.times = static_cast<int>(*times);
    } else {
      return std::nullopt;
    }
  }
  return faulted;
}

std::string FaultSpec(const Fault& fault) {
  std::string spec;
  const auto add = [&spec](std::string_view key, auto value) {
    spec += spec.empty() ? "" : ",";
    spec += key;
    spec += '=';
    spec += std::to_string(value);
  };
  if (fault.status != 0) add("status", fault.status);
  if (fault.close_after_bytes) add("close-after", *fault.close_after_bytes);
  if (fault.delay.count() > 0) add("delay-ms", std::min(fault.delay, kMaxFaultDelay).count());
  if (fault.hold) spec += spec.empty() ? "hold" : ",hold";
  if (fault.times > 0) add("times", fault.times);
  return spec;
}

}  // namespace internal

std::string FaultPath(const Fault& fault, std::string_view path) {
  std::string spec = internal::FaultSpec(fault);
  if (spec.empty()) spec = "delay-ms=0";  // a fault that changes nothing still needs a key
  std::string result(internal::kFaultPrefix);
  result += spec;
  if (path.empty() || path.front() != '/') result += '/';
  result += path;
  return result;
}

}  // namespace bitscts::fakeserver
