// A GoogleMock double of IBackgroundCopyError with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockError : public MockComObject<IBackgroundCopyError> {
 public:
  MockError();
  ~MockError() override;

  MOCK_METHOD(HRESULT, GetError, (BG_ERROR_CONTEXT * context, HRESULT* code), (override));
  MOCK_METHOD(HRESULT, GetFile, (IBackgroundCopyFile * *file), (override));
  MOCK_METHOD(HRESULT, GetErrorDescription, (DWORD language, LPWSTR* description), (override));
  MOCK_METHOD(HRESULT, GetErrorContextDescription, (DWORD language, LPWSTR* description),
              (override));
  MOCK_METHOD(HRESULT, GetProtocol, (LPWSTR * protocol), (override));
};

}  // namespace bitscts::mocks
