// A GoogleMock double of IBitsTokenOptions with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockTokenOptions : public MockComObject<IBitsTokenOptions> {
 public:
  MockTokenOptions();
  ~MockTokenOptions() override;

  MOCK_METHOD(HRESULT, SetHelperTokenFlags, (DWORD flags), (override));
  MOCK_METHOD(HRESULT, GetHelperTokenFlags, (DWORD * flags), (override));
  MOCK_METHOD(HRESULT, SetHelperToken, (), (override));
  MOCK_METHOD(HRESULT, ClearHelperToken, (), (override));
  MOCK_METHOD(HRESULT, GetHelperTokenSid, (LPWSTR * sid), (override));
};

}  // namespace bitscts::mocks
