#include "bitscts/environment.h"

#include <cstdlib>

namespace bitscts {

std::optional<std::string> EnvironmentVariable(const char* name) {
#ifdef _MSC_VER
  char* value = nullptr;
  std::size_t size = 0;
  if (_dupenv_s(&value, &size, name) != 0 || value == nullptr) return std::nullopt;
  std::string text(value);
  std::free(value);
  return text;
#else
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
#endif
}

}  // namespace bitscts
