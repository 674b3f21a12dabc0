// A portable shape of the Windows SDK declarations the com client code uses, for hosts without
// the SDK: Windows' basic types with their Windows sizes, GUID, IUnknown, and the BITS interfaces
// IBackgroundCopyManager, IBackgroundCopyJob, IBackgroundCopyError, IEnumBackgroundCopyJobs,
// IBackgroundCopyCallback, IBackgroundCopyFile, IBackgroundCopyJob2 to 5,
// IBackgroundCopyJobHttpOptions and IBitsTokenOptions with the SDK's methods in the SDK's order
// and with its parameter types, and the constants the client code passes, with the SDK's values.
// There is no COM runtime here: these interfaces are implemented by the test doubles in
// harness/com/tests/mocks/ and by the reference model's COM face (harness/model/com), which serves
// them in-process. Include bitscts/com/bits_api.h, not this header.
#pragma once

#if defined(_WIN32)
#error "bits_portable.h stands in for the Windows SDK elsewhere; include bitscts/com/bits_api.h"
#endif

#include <cstdint>

// ---- Basic types (LLP64 sizes: DWORD, ULONG, LONG and HRESULT are 32 bits) ----

using BYTE = std::uint8_t;
using byte = unsigned char;
using WORD = std::uint16_t;
using DWORD = std::uint32_t;
using ULONG = std::uint32_t;
using LONG = std::int32_t;
using UINT64 = std::uint64_t;
using BOOL = int;
using WCHAR = wchar_t;
using LPWSTR = wchar_t*;
using LPCWSTR = const wchar_t*;
using HANDLE = void*;
using LANGID = WORD;
using HRESULT = std::int32_t;

// No calling conventions exist off Windows.
#define STDMETHODCALLTYPE

// ---- Result codes ----

constexpr bool SUCCEEDED(HRESULT result) { return result >= 0; }
constexpr bool FAILED(HRESULT result) { return result < 0; }
constexpr HRESULT HRESULT_FROM_WIN32(DWORD error) {
  return static_cast<HRESULT>(error) <= 0 ? static_cast<HRESULT>(error)
                                          : static_cast<HRESULT>((error & 0xFFFFu) | 0x80070000u);
}
constexpr HRESULT HRESULT_FROM_NT(LONG status) {
  return static_cast<HRESULT>(static_cast<std::uint32_t>(status) | 0x10000000u);
}

inline constexpr HRESULT S_OK = 0;
inline constexpr HRESULT S_FALSE = 1;
inline constexpr HRESULT E_NOTIMPL = static_cast<HRESULT>(0x80004001u);
inline constexpr HRESULT E_NOINTERFACE = static_cast<HRESULT>(0x80004002u);
inline constexpr HRESULT E_POINTER = static_cast<HRESULT>(0x80004003u);
inline constexpr HRESULT E_FAIL = static_cast<HRESULT>(0x80004005u);
inline constexpr HRESULT E_ACCESSDENIED = static_cast<HRESULT>(0x80070005u);
inline constexpr HRESULT E_INVALIDARG = static_cast<HRESULT>(0x80070057u);
inline constexpr HRESULT RPC_E_DISCONNECTED = static_cast<HRESULT>(0x80010108u);
inline constexpr HRESULT RPC_E_TOO_LATE = static_cast<HRESULT>(0x80010119u);
inline constexpr HRESULT CO_E_FAILEDTOIMPERSONATE = static_cast<HRESULT>(0x80010123u);
inline constexpr HRESULT REGDB_E_CLASSNOTREG = static_cast<HRESULT>(0x80040154u);
inline constexpr HRESULT BG_S_UNABLE_TO_DELETE_FILES = 0x0020001A;
inline constexpr HRESULT BG_E_NOT_FOUND = static_cast<HRESULT>(0x80200001u);
inline constexpr HRESULT BG_E_INVALID_STATE = static_cast<HRESULT>(0x80200002u);
inline constexpr HRESULT BG_E_ERROR_INFORMATION_UNAVAILABLE = static_cast<HRESULT>(0x8020000Fu);
inline constexpr HRESULT BG_E_TOKEN_REQUIRED = static_cast<HRESULT>(0x80200056u);

inline constexpr DWORD ERROR_SUCCESS = 0;

// ---- GUIDs ----

struct GUID {
  std::uint32_t Data1;
  std::uint16_t Data2;
  std::uint16_t Data3;
  std::uint8_t Data4[8];
};
using IID = GUID;
using CLSID = GUID;
using REFGUID = const GUID&;
using REFIID = const IID&;
using REFCLSID = const CLSID&;

struct FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
};

// ---- COM runtime constants passed through the SystemApi seam ----

inline constexpr DWORD COINIT_MULTITHREADED = 0x0;
inline constexpr DWORD COINIT_APARTMENTTHREADED = 0x2;
inline constexpr DWORD CLSCTX_LOCAL_SERVER = 0x4;
inline constexpr DWORD RPC_C_AUTHN_LEVEL_CONNECT = 2;
inline constexpr DWORD RPC_C_IMP_LEVEL_IDENTIFY = 2;
inline constexpr DWORD RPC_C_IMP_LEVEL_IMPERSONATE = 3;
inline constexpr DWORD EOAC_NONE = 0x0;
inline constexpr DWORD EOAC_STATIC_CLOAKING = 0x20;
inline constexpr DWORD EOAC_DYNAMIC_CLOAKING = 0x40;
inline constexpr DWORD LOGON32_LOGON_INTERACTIVE = 2;
inline constexpr DWORD LOGON32_LOGON_NETWORK_CLEARTEXT = 8;
inline constexpr DWORD LOGON32_LOGON_BATCH = 4;
inline constexpr DWORD LOGON32_PROVIDER_DEFAULT = 0;

// ---- IUnknown ----

struct IUnknown {
  virtual HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) = 0;
  virtual ULONG STDMETHODCALLTYPE AddRef() = 0;
  virtual ULONG STDMETHODCALLTYPE Release() = 0;
};

// ---- BITS types and constants (bits.h, bits4_0.h) ----

struct IEnumBackgroundCopyFiles;  // used by pointer only
struct IBackgroundCopyJob;

struct BG_FILE_INFO {
  LPWSTR RemoteName;
  LPWSTR LocalName;
};

struct BG_JOB_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
  ULONG FilesTotal;
  ULONG FilesTransferred;
};

struct BG_JOB_TIMES {
  FILETIME CreationTime;
  FILETIME ModificationTime;
  FILETIME TransferCompletionTime;
};

enum BG_ERROR_CONTEXT {
  BG_ERROR_CONTEXT_NONE = 0,
  BG_ERROR_CONTEXT_UNKNOWN = 1,
  BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER = 2,
  BG_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION = 3,
  BG_ERROR_CONTEXT_LOCAL_FILE = 4,
  BG_ERROR_CONTEXT_REMOTE_FILE = 5,
  BG_ERROR_CONTEXT_GENERAL_TRANSPORT = 6,
  BG_ERROR_CONTEXT_REMOTE_APPLICATION = 7,
  BG_ERROR_CONTEXT_SERVER_CERTIFICATE_CALLBACK = 8,
};

enum BG_JOB_PRIORITY {
  BG_JOB_PRIORITY_FOREGROUND = 0,
  BG_JOB_PRIORITY_HIGH = 1,
  BG_JOB_PRIORITY_NORMAL = 2,
  BG_JOB_PRIORITY_LOW = 3,
};

enum BG_JOB_STATE {
  BG_JOB_STATE_QUEUED = 0,
  BG_JOB_STATE_CONNECTING = 1,
  BG_JOB_STATE_TRANSFERRING = 2,
  BG_JOB_STATE_SUSPENDED = 3,
  BG_JOB_STATE_ERROR = 4,
  BG_JOB_STATE_TRANSIENT_ERROR = 5,
  BG_JOB_STATE_TRANSFERRED = 6,
  BG_JOB_STATE_ACKNOWLEDGED = 7,
  BG_JOB_STATE_CANCELLED = 8,
};

enum BG_JOB_TYPE {
  BG_JOB_TYPE_DOWNLOAD = 0,
  BG_JOB_TYPE_UPLOAD = 1,
  BG_JOB_TYPE_UPLOAD_REPLY = 2,
};

enum BG_JOB_PROXY_USAGE {
  BG_JOB_PROXY_USAGE_PRECONFIG = 0,
  BG_JOB_PROXY_USAGE_NO_PROXY = 1,
  BG_JOB_PROXY_USAGE_OVERRIDE = 2,
  BG_JOB_PROXY_USAGE_AUTODETECT = 3,
};

enum BG_AUTH_TARGET {
  BG_AUTH_TARGET_SERVER = 1,
  BG_AUTH_TARGET_PROXY = 2,
};

enum BG_AUTH_SCHEME {
  BG_AUTH_SCHEME_BASIC = 1,
  BG_AUTH_SCHEME_DIGEST = 2,
  BG_AUTH_SCHEME_NTLM = 3,
  BG_AUTH_SCHEME_NEGOTIATE = 4,
  BG_AUTH_SCHEME_PASSPORT = 5,
};

struct BG_BASIC_CREDENTIALS {
  LPWSTR UserName;
  LPWSTR Password;
};

union BG_AUTH_CREDENTIALS_UNION {
  BG_BASIC_CREDENTIALS Basic;
};

struct BG_AUTH_CREDENTIALS {
  BG_AUTH_TARGET Target;
  BG_AUTH_SCHEME Scheme;
  BG_AUTH_CREDENTIALS_UNION Credentials;
};

struct BG_FILE_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
  BOOL Completed;
};

struct BG_JOB_REPLY_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
};

struct BG_FILE_RANGE {
  UINT64 InitialOffset;
  UINT64 Length;
};

enum BG_CERT_STORE_LOCATION {
  BG_CERT_STORE_LOCATION_CURRENT_USER = 0,
  BG_CERT_STORE_LOCATION_LOCAL_MACHINE = 1,
  BG_CERT_STORE_LOCATION_CURRENT_SERVICE = 2,
  BG_CERT_STORE_LOCATION_SERVICES = 3,
  BG_CERT_STORE_LOCATION_USERS = 4,
  BG_CERT_STORE_LOCATION_CURRENT_USER_GROUP_POLICY = 5,
  BG_CERT_STORE_LOCATION_LOCAL_MACHINE_GROUP_POLICY = 6,
  BG_CERT_STORE_LOCATION_LOCAL_MACHINE_ENTERPRISE = 7,
};

enum BITS_JOB_PROPERTY_ID {
  BITS_JOB_PROPERTY_ID_COST_FLAGS = 1,
  BITS_JOB_PROPERTY_NOTIFICATION_CLSID = 2,
  BITS_JOB_PROPERTY_DYNAMIC_CONTENT = 3,
  BITS_JOB_PROPERTY_HIGH_PERFORMANCE = 4,
  BITS_JOB_PROPERTY_MAX_DOWNLOAD_SIZE = 5,
  BITS_JOB_PROPERTY_USE_STORED_CREDENTIALS = 7,
  BITS_JOB_PROPERTY_MINIMUM_NOTIFICATION_INTERVAL_MS = 9,
  BITS_JOB_PROPERTY_ON_DEMAND_MODE = 10,
};

union BITS_JOB_PROPERTY_VALUE {
  DWORD Dword;
  GUID ClsID;
  BOOL Enable;
  UINT64 Uint64;
  BG_AUTH_TARGET Target;
};

inline constexpr ULONG BG_NOTIFY_JOB_TRANSFERRED = 0x0001;
inline constexpr ULONG BG_NOTIFY_JOB_ERROR = 0x0002;
inline constexpr ULONG BG_NOTIFY_DISABLE = 0x0004;
inline constexpr ULONG BG_NOTIFY_JOB_MODIFICATION = 0x0008;
inline constexpr ULONG BG_NOTIFY_FILE_TRANSFERRED = 0x0010;
inline constexpr DWORD BG_JOB_ENUM_ALL_USERS = 0x0001;
inline constexpr DWORD BG_TOKEN_LOCAL_FILE = 0x0001;
inline constexpr DWORD BG_TOKEN_NETWORK = 0x0002;

// ---- BITS interfaces, methods in vtable order ----

struct IBackgroundCopyFile : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS* pVal) = 0;
};

struct IBackgroundCopyError : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* pContext, HRESULT* pCode) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD LanguageId,
                                                        LPWSTR* pErrorDescription) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD LanguageId,
                                                               LPWSTR* pContextDescription) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR* pProtocol) = 0;
};

struct IBackgroundCopyJob : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE AddFileSet(ULONG cFileCount, BG_FILE_INFO* pFileSet) = 0;
  virtual HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR RemoteUrl, LPCWSTR LocalName) = 0;
  virtual HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles** pEnum) = 0;
  virtual HRESULT STDMETHODCALLTYPE Suspend() = 0;
  virtual HRESULT STDMETHODCALLTYPE Resume() = 0;
  virtual HRESULT STDMETHODCALLTYPE Cancel() = 0;
  virtual HRESULT STDMETHODCALLTYPE Complete() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetId(GUID* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError** ppError) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown** pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG* Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG* Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG* Errors) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE ProxyUsage,
                                                     const WCHAR* ProxyList,
                                                     const WCHAR* ProxyBypassList) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE* pProxyUsage,
                                                     LPWSTR* pProxyList,
                                                     LPWSTR* pProxyBypassList) = 0;
  virtual HRESULT STDMETHODCALLTYPE TakeOwnership() = 0;
};

struct IBackgroundCopyJob2 : public IBackgroundCopyJob {
  virtual HRESULT STDMETHODCALLTYPE SetNotifyCmdLine(LPCWSTR Program, LPCWSTR Parameters) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyCmdLine(LPWSTR* pProgram, LPWSTR* pParameters) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyProgress(BG_JOB_REPLY_PROGRESS* pProgress) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyData(byte** ppBuffer, UINT64* pLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetReplyFileName(LPCWSTR ReplyFileName) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyFileName(LPWSTR* pReplyFileName) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetCredentials(BG_AUTH_CREDENTIALS* credentials) = 0;
  virtual HRESULT STDMETHODCALLTYPE RemoveCredentials(BG_AUTH_TARGET Target,
                                                      BG_AUTH_SCHEME Scheme) = 0;
};

struct IBackgroundCopyJob3 : public IBackgroundCopyJob2 {
  virtual HRESULT STDMETHODCALLTYPE ReplaceRemotePrefix(LPCWSTR OldPrefix, LPCWSTR NewPrefix) = 0;
  virtual HRESULT STDMETHODCALLTYPE AddFileWithRanges(LPCWSTR RemoteUrl, LPCWSTR LocalName,
                                                      DWORD RangeCount, BG_FILE_RANGE Ranges[]) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetFileACLFlags(DWORD Flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetFileACLFlags(DWORD* Flags) = 0;
};

struct IBackgroundCopyJob4 : public IBackgroundCopyJob3 {
  virtual HRESULT STDMETHODCALLTYPE SetPeerCachingFlags(DWORD Flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetPeerCachingFlags(DWORD* pFlags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetOwnerIntegrityLevel(ULONG* pLevel) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetOwnerElevationState(BOOL* pElevated) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetMaximumDownloadTime(ULONG Timeout) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetMaximumDownloadTime(ULONG* pTimeout) = 0;
};

struct IBackgroundCopyJob5 : public IBackgroundCopyJob4 {
  virtual HRESULT STDMETHODCALLTYPE SetProperty(BITS_JOB_PROPERTY_ID PropertyId,
                                                BITS_JOB_PROPERTY_VALUE PropertyValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProperty(BITS_JOB_PROPERTY_ID PropertyId,
                                                BITS_JOB_PROPERTY_VALUE* PropertyValue) = 0;
};

struct IBackgroundCopyJobHttpOptions : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE SetClientCertificateByID(BG_CERT_STORE_LOCATION StoreLocation,
                                                             LPCWSTR StoreName,
                                                             BYTE* pCertHashBlob) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetClientCertificateByName(BG_CERT_STORE_LOCATION StoreLocation,
                                                               LPCWSTR StoreName,
                                                               LPCWSTR SubjectName) = 0;
  virtual HRESULT STDMETHODCALLTYPE RemoveClientCertificate() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetClientCertificate(BG_CERT_STORE_LOCATION* pStoreLocation,
                                                         LPWSTR* pStoreName, BYTE** ppCertHashBlob,
                                                         LPWSTR* pSubjectName) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetCustomHeaders(LPCWSTR RequestHeaders) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetCustomHeaders(LPWSTR* pRequestHeaders) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetSecurityFlags(ULONG Flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetSecurityFlags(ULONG* pFlags) = 0;
};

struct IEnumBackgroundCopyJobs : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE Next(ULONG celt, IBackgroundCopyJob** rgelt,
                                         ULONG* pceltFetched) = 0;
  virtual HRESULT STDMETHODCALLTYPE Skip(ULONG celt) = 0;
  virtual HRESULT STDMETHODCALLTYPE Reset() = 0;
  virtual HRESULT STDMETHODCALLTYPE Clone(IEnumBackgroundCopyJobs** ppenum) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetCount(ULONG* puCount) = 0;
};

struct IBackgroundCopyCallback : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* pJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* pJob,
                                             IBackgroundCopyError* pError) = 0;
  virtual HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) = 0;
};

struct IBackgroundCopyManager : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE CreateJob(LPCWSTR DisplayName, BG_JOB_TYPE Type, GUID* pJobId,
                                              IBackgroundCopyJob** ppJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetJob(REFGUID jobID, IBackgroundCopyJob** ppJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE EnumJobs(DWORD dwFlags, IEnumBackgroundCopyJobs** ppEnum) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorDescription(HRESULT hResult, DWORD LanguageId,
                                                        LPWSTR* pErrorDescription) = 0;
};

struct IBitsTokenOptions : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE SetHelperTokenFlags(DWORD UsageFlags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenFlags(DWORD* pFlags) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE ClearHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenSid(LPWSTR* pSid) = 0;
};

// ---- Interface identifiers: the equivalent of __uuidof ----

namespace bitscts::com {

// Specialised below for each interface declared here.
template <typename Interface>
struct InterfaceId;

template <>
struct InterfaceId<IUnknown> {  // {00000000-0000-0000-C000-000000000046}
  static constexpr GUID value{0x00000000,
                              0x0000,
                              0x0000,
                              {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
};
template <>
struct InterfaceId<IBackgroundCopyManager> {  // {5CE34C0D-0DC9-4C1F-897C-DAA1B78CEE7C}
  static constexpr GUID value{0x5CE34C0D,
                              0x0DC9,
                              0x4C1F,
                              {0x89, 0x7C, 0xDA, 0xA1, 0xB7, 0x8C, 0xEE, 0x7C}};
};
template <>
struct InterfaceId<IBackgroundCopyJob> {  // {37668D37-507E-4160-9316-26306D150B12}
  static constexpr GUID value{0x37668D37,
                              0x507E,
                              0x4160,
                              {0x93, 0x16, 0x26, 0x30, 0x6D, 0x15, 0x0B, 0x12}};
};
template <>
struct InterfaceId<IBackgroundCopyJob5> {  // {E847030C-BBBA-4657-AF6D-484AA42BF1FE}
  static constexpr GUID value{0xE847030C,
                              0xBBBA,
                              0x4657,
                              {0xAF, 0x6D, 0x48, 0x4A, 0xA4, 0x2B, 0xF1, 0xFE}};
};
template <>
struct InterfaceId<IBackgroundCopyJob2> {  // {54B50739-686F-45EB-9DFF-D6A9A0FAA9AF}
  static constexpr GUID value{0x54B50739,
                              0x686F,
                              0x45EB,
                              {0x9D, 0xFF, 0xD6, 0xA9, 0xA0, 0xFA, 0xA9, 0xAF}};
};
template <>
struct InterfaceId<IBackgroundCopyJob3> {  // {443C8934-90FF-48ED-BCDE-26F5C7450042}
  static constexpr GUID value{0x443C8934,
                              0x90FF,
                              0x48ED,
                              {0xBC, 0xDE, 0x26, 0xF5, 0xC7, 0x45, 0x00, 0x42}};
};
template <>
struct InterfaceId<IBackgroundCopyJob4> {  // {659CDEAE-489E-11D9-A9CD-000D56965251}
  static constexpr GUID value{0x659CDEAE,
                              0x489E,
                              0x11D9,
                              {0xA9, 0xCD, 0x00, 0x0D, 0x56, 0x96, 0x52, 0x51}};
};
template <>
struct InterfaceId<IBackgroundCopyJobHttpOptions> {  // {F1BD1079-9F01-4BDC-8036-F09B70095066}
  static constexpr GUID value{0xF1BD1079,
                              0x9F01,
                              0x4BDC,
                              {0x80, 0x36, 0xF0, 0x9B, 0x70, 0x09, 0x50, 0x66}};
};
template <>
struct InterfaceId<IBackgroundCopyFile> {  // {01B7BD23-FB88-4A77-8490-5891D3E4653A}
  static constexpr GUID value{0x01B7BD23,
                              0xFB88,
                              0x4A77,
                              {0x84, 0x90, 0x58, 0x91, 0xD3, 0xE4, 0x65, 0x3A}};
};
template <>
struct InterfaceId<IBackgroundCopyError> {  // {19C613A0-FCB8-4F28-81AE-897C3D078F81}
  static constexpr GUID value{0x19C613A0,
                              0xFCB8,
                              0x4F28,
                              {0x81, 0xAE, 0x89, 0x7C, 0x3D, 0x07, 0x8F, 0x81}};
};
template <>
struct InterfaceId<IEnumBackgroundCopyJobs> {  // {1AF4F612-3B71-466F-8F58-7B6F73AC57AD}
  static constexpr GUID value{0x1AF4F612,
                              0x3B71,
                              0x466F,
                              {0x8F, 0x58, 0x7B, 0x6F, 0x73, 0xAC, 0x57, 0xAD}};
};
template <>
struct InterfaceId<IBackgroundCopyCallback> {  // {97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}
  static constexpr GUID value{0x97EA99C7,
                              0x0186,
                              0x4AD4,
                              {0x8D, 0xF9, 0xC5, 0xB4, 0xE0, 0xED, 0x6B, 0x22}};
};
template <>
struct InterfaceId<IBitsTokenOptions> {  // {9A2584C3-F7D2-457A-9A5E-22B67BFFC7D2}
  static constexpr GUID value{0x9A2584C3,
                              0xF7D2,
                              0x457A,
                              {0x9A, 0x5E, 0x22, 0xB6, 0x7B, 0xFF, 0xC7, 0xD2}};
};

// Returns the interface identifier of `Interface`.
template <typename Interface>
const GUID& IidOf() {
  return InterfaceId<Interface>::value;
}

}  // namespace bitscts::com
