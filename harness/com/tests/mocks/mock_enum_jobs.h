// A GoogleMock double of IEnumBackgroundCopyJobs with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockEnumJobs : public MockComObject<IEnumBackgroundCopyJobs> {
 public:
  MockEnumJobs();
  ~MockEnumJobs() override;

  MOCK_METHOD(HRESULT, Next, (ULONG wanted, IBackgroundCopyJob** jobs, ULONG* fetched), (override));
  MOCK_METHOD(HRESULT, Skip, (ULONG count), (override));
  MOCK_METHOD(HRESULT, Reset, (), (override));
  MOCK_METHOD(HRESULT, Clone, (IEnumBackgroundCopyJobs * *copy), (override));
  MOCK_METHOD(HRESULT, GetCount, (ULONG * count), (override));
};

}  // namespace bitscts::mocks
