// The emulated machine's registry: HKEY_LOCAL_MACHINE and HKEY_USERS in memory, keys and value
// names compared ignoring case as Windows compares them, each answer a Win32 error code as the
// registry functions of SystemApi return it.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bitscts/com/system_api.h"

namespace bitscts::com_model {

class Registry {
 public:
  // RegQueryValueExW: the value `name` of `key`; ERROR_FILE_NOT_FOUND if either is absent.
  DWORD Read(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
             com::RegistryData* data) const;
  // RegCreateKeyExW and RegSetValueExW: creates the key and its missing parents.
  DWORD Write(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
              const com::RegistryData& data);
  // RegDeleteValueW; ERROR_FILE_NOT_FOUND if the key or the value is absent.
  DWORD DeleteValue(com::RegistryRoot root, const std::wstring& key, const std::wstring& name);
  // RegDeleteKeyExW: ERROR_FILE_NOT_FOUND if absent, ERROR_ACCESS_DENIED if it has subkeys.
  DWORD DeleteKey(com::RegistryRoot root, const std::wstring& key);
  // RegEnumKeyExW: the name of every subkey of `key` ("" is the root).
  DWORD Subkeys(com::RegistryRoot root, const std::wstring& key,
                std::vector<std::wstring>* subkeys) const;
  // RegEnumValueW: every value of `key`, REG_DWORD and REG_QWORD as numbers, REG_SZ as text.
  DWORD Values(com::RegistryRoot root, const std::wstring& key,
               std::vector<com::RegistryValue>* values) const;
  // Creates `key` and its missing parents.
  void CreateKey(com::RegistryRoot root, const std::wstring& key);
  // Returns true if and only if `key` exists.
  bool HasKey(com::RegistryRoot root, const std::wstring& key) const;

 private:
  using Path = std::pair<com::RegistryRoot, std::wstring>;  // the key's path, folded
  struct Key {
    std::wstring name;                                                          // as created
    std::map<std::wstring, std::pair<std::wstring, com::RegistryData>> values;  // by folded name
  };

  // Returns the path in lower case without leading, trailing or doubled backslashes.
  static std::wstring Fold(const std::wstring& path);

  std::map<Path, Key> keys_;
};

// Returns the REG_SZ data holding `text` (UTF-16LE with its terminating null).
com::RegistryData TextData(const std::wstring& text);
// Returns the REG_DWORD data holding `number`.
com::RegistryData DwordData(std::uint32_t number);
// Returns the number of REG_DWORD or REG_QWORD data, else 0.
std::uint64_t NumberOf(const com::RegistryData& data);
// Returns the text of REG_SZ or REG_EXPAND_SZ data without its terminating null, else "".
std::wstring TextOf(const com::RegistryData& data);

}  // namespace bitscts::com_model
