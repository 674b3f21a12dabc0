// How values other than text travel in protocol fields.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "bitscts/hresult.h"

namespace bitscts::agent {

// Returns `result` as "0x" and eight hexadecimal digits.
inline std::string HResultField(HResult result) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(result.bits()));
  return text;
}

// Parses a field written by HResultField; nullopt for anything else.
inline std::optional<HResult> ParseHResultField(const std::string& field) {
  if (field.size() != 10 || field.compare(0, 2, "0x") != 0) return std::nullopt;
  return ParseHResult(field);
}

}  // namespace bitscts::agent
