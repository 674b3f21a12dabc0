#include "http/http_date.h"

#include <algorithm>
#include <chrono>
#include <string_view>

namespace bitscts::fakeserver::internal {
namespace {

// Writes `value` as `width` decimal digits, zero-padded, at `out`; returns the end.
char* PutDigits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Copies the three letters of `name` to `out`; returns the end.
char* PutName(char* out, const char* name) {
  out[0] = name[0];
  out[1] = name[1];
  out[2] = name[2];
  return out + 3;
}

}  // namespace

// Formatted by hand: every response for a file carries one, and snprintf was the largest
// user-space cost of a small range request in the fakeserver's perf profile.
std::string FormatHttpDate(std::int64_t seconds_since_epoch) {
  using namespace std::chrono;
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_seconds time{seconds{seconds_since_epoch}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  const weekday week_day{day};
  const int year = static_cast<int>(date.year());
  char text[40];
  char* out = PutName(text, kWeekdays[week_day.c_encoding()]);
  *out++ = ',';
  *out++ = ' ';
  out = PutDigits(out, static_cast<unsigned>(date.day()), 2);
  *out++ = ' ';
  out = PutName(out, kMonths[static_cast<unsigned>(date.month()) - 1]);
  *out++ = ' ';
  // As printf's "%04d": at least four characters, a minus sign counting as one.
  if (year < 0) *out++ = '-';
  const auto magnitude = static_cast<unsigned>(year < 0 ? -year : year);
  int digits = 1;
  for (unsigned rest = magnitude; rest >= 10; rest /= 10) ++digits;
  out = PutDigits(out, magnitude, std::max(digits, year < 0 ? 3 : 4));
  *out++ = ' ';
  out = PutDigits(out, static_cast<unsigned>(clock.hours().count()), 2);
  *out++ = ':';
  out = PutDigits(out, static_cast<unsigned>(clock.minutes().count()), 2);
  *out++ = ':';
  out = PutDigits(out, static_cast<unsigned>(clock.seconds().count()), 2);
  for (const char c : std::string_view(" GMT")) *out++ = c;
  return std::string(text, out);
}

}  // namespace bitscts::fakeserver::internal
