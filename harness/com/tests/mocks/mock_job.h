// A GoogleMock double of IBackgroundCopyJob and of IBackgroundCopyJob2 to 5 (its credentials,
// BITS 1.5, and its properties, BITS 5.0), with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockJob : public MockComObject<IBackgroundCopyJob5, IBackgroundCopyJob, IBackgroundCopyJob2> {
 public:
  MockJob();
  ~MockJob() override;

  MOCK_METHOD(HRESULT, AddFileSet, (ULONG count, BG_FILE_INFO* files), (override));
  MOCK_METHOD(HRESULT, AddFile, (LPCWSTR remote_url, LPCWSTR local_name), (override));
  MOCK_METHOD(HRESULT, EnumFiles, (IEnumBackgroundCopyFiles * *files), (override));
  MOCK_METHOD(HRESULT, Suspend, (), (override));
  MOCK_METHOD(HRESULT, Resume, (), (override));
  MOCK_METHOD(HRESULT, Cancel, (), (override));
  MOCK_METHOD(HRESULT, Complete, (), (override));
  MOCK_METHOD(HRESULT, GetId, (GUID * id), (override));
  MOCK_METHOD(HRESULT, GetType, (BG_JOB_TYPE * type), (override));
  MOCK_METHOD(HRESULT, GetProgress, (BG_JOB_PROGRESS * progress), (override));
  MOCK_METHOD(HRESULT, GetTimes, (BG_JOB_TIMES * times), (override));
  MOCK_METHOD(HRESULT, GetState, (BG_JOB_STATE * state), (override));
  MOCK_METHOD(HRESULT, GetError, (IBackgroundCopyError * *error), (override));
  MOCK_METHOD(HRESULT, GetOwner, (LPWSTR * owner), (override));
  MOCK_METHOD(HRESULT, SetDisplayName, (LPCWSTR name), (override));
  MOCK_METHOD(HRESULT, GetDisplayName, (LPWSTR * name), (override));
  MOCK_METHOD(HRESULT, SetDescription, (LPCWSTR description), (override));
  MOCK_METHOD(HRESULT, GetDescription, (LPWSTR * description), (override));
  MOCK_METHOD(HRESULT, SetPriority, (BG_JOB_PRIORITY priority), (override));
  MOCK_METHOD(HRESULT, GetPriority, (BG_JOB_PRIORITY * priority), (override));
  MOCK_METHOD(HRESULT, SetNotifyFlags, (ULONG flags), (override));
  MOCK_METHOD(HRESULT, GetNotifyFlags, (ULONG * flags), (override));
  MOCK_METHOD(HRESULT, SetNotifyInterface, (IUnknown * callback), (override));
  MOCK_METHOD(HRESULT, GetNotifyInterface, (IUnknown * *callback), (override));
  MOCK_METHOD(HRESULT, SetMinimumRetryDelay, (ULONG seconds), (override));
  MOCK_METHOD(HRESULT, GetMinimumRetryDelay, (ULONG * seconds), (override));
  MOCK_METHOD(HRESULT, SetNoProgressTimeout, (ULONG seconds), (override));
  MOCK_METHOD(HRESULT, GetNoProgressTimeout, (ULONG * seconds), (override));
  MOCK_METHOD(HRESULT, GetErrorCount, (ULONG * errors), (override));
  MOCK_METHOD(HRESULT, SetProxySettings,
              (BG_JOB_PROXY_USAGE usage, const WCHAR* proxies, const WCHAR* bypass), (override));
  MOCK_METHOD(HRESULT, GetProxySettings,
              (BG_JOB_PROXY_USAGE * usage, LPWSTR* proxies, LPWSTR* bypass), (override));
  MOCK_METHOD(HRESULT, TakeOwnership, (), (override));
  // IBackgroundCopyJob2 to 4, in vtable order.
  MOCK_METHOD(HRESULT, SetNotifyCmdLine, (LPCWSTR program, LPCWSTR parameters), (override));
  MOCK_METHOD(HRESULT, GetNotifyCmdLine, (LPWSTR * program, LPWSTR* parameters), (override));
  MOCK_METHOD(HRESULT, GetReplyProgress, (BG_JOB_REPLY_PROGRESS * progress), (override));
  MOCK_METHOD(HRESULT, GetReplyData, (byte * *buffer, UINT64* length), (override));
  MOCK_METHOD(HRESULT, SetReplyFileName, (LPCWSTR file_name), (override));
  MOCK_METHOD(HRESULT, GetReplyFileName, (LPWSTR * file_name), (override));
  MOCK_METHOD(HRESULT, SetCredentials, (BG_AUTH_CREDENTIALS * credentials), (override));
  MOCK_METHOD(HRESULT, RemoveCredentials, (BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme),
              (override));
  MOCK_METHOD(HRESULT, ReplaceRemotePrefix, (LPCWSTR old_prefix, LPCWSTR new_prefix), (override));
  MOCK_METHOD(HRESULT, AddFileWithRanges,
              (LPCWSTR remote_url, LPCWSTR local_name, DWORD range_count, BG_FILE_RANGE* ranges),
              (override));
  MOCK_METHOD(HRESULT, SetFileACLFlags, (DWORD flags), (override));
  MOCK_METHOD(HRESULT, GetFileACLFlags, (DWORD * flags), (override));
  MOCK_METHOD(HRESULT, SetPeerCachingFlags, (DWORD flags), (override));
  MOCK_METHOD(HRESULT, GetPeerCachingFlags, (DWORD * flags), (override));
  MOCK_METHOD(HRESULT, GetOwnerIntegrityLevel, (ULONG * level), (override));
  MOCK_METHOD(HRESULT, GetOwnerElevationState, (BOOL * elevated), (override));
  MOCK_METHOD(HRESULT, SetMaximumDownloadTime, (ULONG seconds), (override));
  MOCK_METHOD(HRESULT, GetMaximumDownloadTime, (ULONG * seconds), (override));
  MOCK_METHOD(HRESULT, SetProperty, (BITS_JOB_PROPERTY_ID id, BITS_JOB_PROPERTY_VALUE value),
              (override));
  MOCK_METHOD(HRESULT, GetProperty, (BITS_JOB_PROPERTY_ID id, BITS_JOB_PROPERTY_VALUE* value),
              (override));
};

// An action for GetState: stores `state` and returns S_OK.
inline auto ReportState(BG_JOB_STATE state) {
  return [state](BG_JOB_STATE* out) -> HRESULT {
    *out = state;
    return S_OK;
  };
}

}  // namespace bitscts::mocks
