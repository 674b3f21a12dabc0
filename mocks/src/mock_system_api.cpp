#include "bitscts/mocks/mock_system_api.h"

#include <algorithm>

namespace bitscts::mocks {

using ::testing::Return;

MockSystemApi::MockSystemApi() {
  ON_CALL(*this, CoInitializeEx).WillByDefault(Return(S_OK));
  ON_CALL(*this, CoInitializeSecurity).WillByDefault(Return(S_OK));
  ON_CALL(*this, CoCreateInstance).WillByDefault([](REFCLSID, DWORD, REFIID, void** object) {
    *object = nullptr;
    return REGDB_E_CLASSNOTREG;
  });
  ON_CALL(*this, CoTaskMemFree).WillByDefault([this](void* memory) { FreeTaskString(memory); });
  ON_CALL(*this, ThreadLanguageId).WillByDefault(Return(DWORD{0x0409}));
  ON_CALL(*this, LogonUserW).WillByDefault([](auto&&, auto&&, auto&&, DWORD, DWORD, HANDLE* token) {
    *token = kLogonToken;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, ImpersonateLoggedOnUser).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, RevertToSelf).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CloseHandle).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CurrentProcessSid).WillByDefault([](std::wstring* sid) {
    *sid = kProcessSid;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, LookupAccountNameW).WillByDefault([](const std::wstring&, std::wstring* sid) {
    *sid = kAccountSid;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, LookupAccountSidW).WillByDefault([](const std::wstring&, std::wstring* account) {
    *account = kAdministratorsName;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, NetUserAdd).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetUserDel).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetUserEnum).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetLocalGroupAddMembers).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, BCryptGenRandom).WillByDefault([this](std::span<std::uint8_t> buffer) {
    FillDeterministic(buffer);
    return LONG{0};
  });
  ON_CALL(*this, ReadPlatformFacts).WillByDefault([] {
    com::PlatformFacts facts;
    facts.major = 10;
    facts.minor = 0;
    facts.build = 19045;
    facts.administrator = true;
    facts.administrator_evidence = "MockSystemApi: the process is an administrator";
    return facts;
  });
}

MockSystemApi::~MockSystemApi() {
  std::lock_guard lock(mutex_);
  for (void* memory : task_memory_) delete[] static_cast<wchar_t*>(memory);
}

LPWSTR MockSystemApi::TaskString(std::wstring_view text) {
  auto* copy = new wchar_t[text.size() + 1];
  std::copy(text.begin(), text.end(), copy);
  copy[text.size()] = L'\0';
  std::lock_guard lock(mutex_);
  task_memory_.insert(copy);
  return copy;
}

std::size_t MockSystemApi::outstanding_task_memory() const {
  std::lock_guard lock(mutex_);
  return task_memory_.size();
}

std::size_t MockSystemApi::bad_task_memory_frees() const {
  std::lock_guard lock(mutex_);
  return bad_frees_;
}

void MockSystemApi::FreeTaskString(void* memory) {
  std::lock_guard lock(mutex_);
  if (task_memory_.erase(memory) == 0) {
    ++bad_frees_;
    return;
  }
  delete[] static_cast<wchar_t*>(memory);
}

void MockSystemApi::FillDeterministic(std::span<std::uint8_t> buffer) {
  std::lock_guard lock(mutex_);
  for (std::uint8_t& byte : buffer) {
    // xorshift64: a fixed, reproducible sequence; nothing here needs to be unpredictable.
    generator_ ^= generator_ << 13;
    generator_ ^= generator_ >> 7;
    generator_ ^= generator_ << 17;
    byte = static_cast<std::uint8_t>(generator_ >> 56);
  }
}

}  // namespace bitscts::mocks
