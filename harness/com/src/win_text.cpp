#include "win_text.h"

#include <cwchar>

namespace bitscts::com {

std::wstring Widen(const std::string& text) {
  if (text.empty()) return {};
  const int length = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(length), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(), length);
  return wide;
}

std::string Narrow(const wchar_t* text) {
  if (text == nullptr || *text == L'\0') return {};
  const int size = static_cast<int>(std::wcslen(text));
  const int length = WideCharToMultiByte(CP_UTF8, 0, text, size, nullptr, 0, nullptr, nullptr);
  std::string narrow(static_cast<std::size_t>(length), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, size, narrow.data(), length, nullptr, nullptr);
  return narrow;
}

std::string GuidText(const GUID& guid) {
  wchar_t buffer[64];
  if (StringFromGUID2(guid, buffer, 64) == 0) return "{?}";
  return Narrow(buffer);
}

bool ParseGuid(const std::string& text, GUID* guid) {
  const std::wstring wide = Widen(text);
  return SUCCEEDED(CLSIDFromString(wide.c_str(), guid));
}

}  // namespace bitscts::com
