#include "bitscts/junit/document.h"

#include <cstdio>
#include <locale>
#include <sstream>

namespace bitscts::junit {

std::string_view Suite::PropertyValue(std::string_view property_name) const {
  for (const Property& property : properties) {
    if (property.name == property_name) return property.value;
  }
  return {};
}

std::string FormatSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return buffer;
}

// In the C locale, whatever the process's; libc++ 14 has no floating-point std::from_chars.
double ParseSeconds(std::string_view text) {
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  double seconds = 0;
  in >> seconds;
  return in ? seconds : 0.0;
}

}  // namespace bitscts::junit
