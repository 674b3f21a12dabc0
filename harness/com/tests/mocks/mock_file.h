// A GoogleMock double of IBackgroundCopyFile with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockFile : public MockComObject<IBackgroundCopyFile> {
 public:
  MockFile();
  ~MockFile() override;

  MOCK_METHOD(HRESULT, GetRemoteName, (LPWSTR * name), (override));
  MOCK_METHOD(HRESULT, GetLocalName, (LPWSTR * name), (override));
  MOCK_METHOD(HRESULT, GetProgress, (BG_FILE_PROGRESS * progress), (override));
};

}  // namespace bitscts::mocks
