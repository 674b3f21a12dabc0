// A GoogleMock double of IBackgroundCopyManager with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockManager : public MockComObject<IBackgroundCopyManager> {
 public:
  MockManager();
  ~MockManager() override;

  MOCK_METHOD(HRESULT, CreateJob,
              (LPCWSTR display_name, BG_JOB_TYPE type, GUID* id, IBackgroundCopyJob** job),
              (override));
  MOCK_METHOD(HRESULT, GetJob, (REFGUID id, IBackgroundCopyJob** job), (override));
  MOCK_METHOD(HRESULT, EnumJobs, (DWORD flags, IEnumBackgroundCopyJobs** jobs), (override));
  MOCK_METHOD(HRESULT, GetErrorDescription, (HRESULT code, DWORD language, LPWSTR* description),
              (override));
};

}  // namespace bitscts::mocks
