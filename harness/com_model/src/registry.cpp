#include "registry.h"

#include <cwctype>

namespace bitscts::com_model {
namespace {

// Returns the last component of a folded or unfolded path.
std::wstring LastPart(const std::wstring& path) {
  const auto slash = path.rfind(L'\\');
  return slash == std::wstring::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::wstring Registry::Fold(const std::wstring& path) {
  std::wstring folded;
  for (const wchar_t c : path) {
    if (c == L'\\' && (folded.empty() || folded.back() == L'\\')) continue;
    folded += static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c)));
  }
  if (!folded.empty() && folded.back() == L'\\') folded.pop_back();
  return folded;
}

void Registry::CreateKey(com::RegistryRoot root, const std::wstring& key) {
  std::wstring trimmed;  // the unfolded path with the same separators as Fold leaves
  for (const wchar_t c : key) {
    if (c == L'\\' && (trimmed.empty() || trimmed.back() == L'\\')) continue;
    trimmed += c;
  }
  if (!trimmed.empty() && trimmed.back() == L'\\') trimmed.pop_back();
  for (std::size_t end = 0; end != std::wstring::npos && !trimmed.empty();) {
    end = trimmed.find(L'\\', end + 1);
    const std::wstring prefix = trimmed.substr(0, end);
    keys_.try_emplace({root, Fold(prefix)}, Key{LastPart(prefix), {}});
  }
}

bool Registry::HasKey(com::RegistryRoot root, const std::wstring& key) const {
  const std::wstring folded = Fold(key);
  return folded.empty() || keys_.contains({root, folded});
}

DWORD Registry::Read(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
                     com::RegistryData* data) const {
  const auto found = keys_.find({root, Fold(key)});
  if (found == keys_.end()) return com::win32::kErrorFileNotFound;
  const auto value = found->second.values.find(Fold(name));
  if (value == found->second.values.end()) return com::win32::kErrorFileNotFound;
  *data = value->second.second;
  return 0;
}

DWORD Registry::Write(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
                      const com::RegistryData& data) {
  CreateKey(root, key);
  keys_.at({root, Fold(key)}).values.insert_or_assign(Fold(name), std::pair{name, data});
  return 0;
}

DWORD Registry::DeleteValue(com::RegistryRoot root, const std::wstring& key,
                            const std::wstring& name) {
  const auto found = keys_.find({root, Fold(key)});
  if (found == keys_.end() || found->second.values.erase(Fold(name)) == 0)
    return com::win32::kErrorFileNotFound;
  return 0;
}

DWORD Registry::DeleteKey(com::RegistryRoot root, const std::wstring& key) {
  const std::wstring folded = Fold(key);
  const auto found = keys_.find({root, folded});
  if (found == keys_.end()) return com::win32::kErrorFileNotFound;
  const auto next = keys_.lower_bound({root, folded + L"\\"});
  if (next != keys_.end() && next->first.first == root &&
      next->first.second.starts_with(folded + L"\\")) {
    return com::win32::kErrorAccessDenied;
  }
  keys_.erase(found);
  return 0;
}

DWORD Registry::Subkeys(com::RegistryRoot root, const std::wstring& key,
                        std::vector<std::wstring>* subkeys) const {
  const std::wstring folded = Fold(key);
  if (!HasKey(root, key)) return com::win32::kErrorFileNotFound;
  const std::wstring prefix = folded.empty() ? std::wstring() : folded + L"\\";
  subkeys->clear();
  for (auto it = keys_.lower_bound({root, prefix}); it != keys_.end() && it->first.first == root;
       ++it) {
    const std::wstring& path = it->first.second;
    if (!path.starts_with(prefix)) break;
    if (path.size() > prefix.size() && path.find(L'\\', prefix.size()) == std::wstring::npos)
      subkeys->push_back(it->second.name);
  }
  return 0;
}

DWORD Registry::Values(com::RegistryRoot root, const std::wstring& key,
                       std::vector<com::RegistryValue>* values) const {
  const auto found = keys_.find({root, Fold(key)});
  if (found == keys_.end()) return com::win32::kErrorFileNotFound;
  values->clear();
  for (const auto& [folded, named] : found->second.values) {
    com::RegistryValue value;
    value.name = named.first;
    value.type = named.second.type;
    value.number = NumberOf(named.second);
    value.text = TextOf(named.second);
    values->push_back(std::move(value));
  }
  return 0;
}

com::RegistryData TextData(const std::wstring& text) {
  com::RegistryData data{com::win32::kRegSz, {}};
  for (const wchar_t c : text) {
    data.bytes.push_back(static_cast<std::uint8_t>(c & 0xFF));
    data.bytes.push_back(static_cast<std::uint8_t>((c >> 8) & 0xFF));
  }
  data.bytes.insert(data.bytes.end(), {0, 0});
  return data;
}

com::RegistryData DwordData(std::uint32_t number) {
  com::RegistryData data{com::win32::kRegDword, {}};
  for (int shift = 0; shift < 32; shift += 8)
    data.bytes.push_back(static_cast<std::uint8_t>((number >> shift) & 0xFF));
  return data;
}

std::uint64_t NumberOf(const com::RegistryData& data) {
  std::size_t size = 0;
  if (data.type == com::win32::kRegDword) size = 4;
  if (data.type == com::win32::kRegQword) size = 8;
  if (data.bytes.size() < size) return 0;
  std::uint64_t number = 0;
  for (std::size_t i = 0; i < size; ++i) number |= std::uint64_t{data.bytes[i]} << (8 * i);
  return number;
}

std::wstring TextOf(const com::RegistryData& data) {
  if (data.type != com::win32::kRegSz && data.type != com::win32::kRegExpandSz) return {};
  std::wstring text;
  for (std::size_t i = 0; i + 1 < data.bytes.size(); i += 2) {
    const auto c = static_cast<wchar_t>(data.bytes[i] | (data.bytes[i + 1] << 8));
    if (c == 0) break;
    text += c;
  }
  return text;
}

}  // namespace bitscts::com_model
