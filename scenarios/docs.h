// The Microsoft documentation pages scenarios cite as the source of the behaviour they check
// (ScenarioMeta::doc), each written once.
#pragma once

namespace bitscts::docs {

// IBackgroundCopyJob::AddFile
inline constexpr const char* kAddFile =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-addfile";
// Authentication
inline constexpr const char* kAuthentication =
    "https://learn.microsoft.com/windows/win32/bits/authentication";
// BITS and service accounts (network identities)
inline constexpr const char* kBitsAndServiceAccounts =
    "https://learn.microsoft.com/windows/win32/bits/bits-and-service-accounts";
// bitsadmin sethelpertoken
inline constexpr const char* kBitsadminSetHelperToken =
    "https://learn.microsoft.com/windows-server/administration/windows-commands/"
    "bitsadmin-sethelpertoken";
// IBackgroundCopyCallback
inline constexpr const char* kCallback =
    "https://learn.microsoft.com/windows/win32/api/bits/nn-bits-ibackgroundcopycallback";
// IBackgroundCopyJob::Cancel
inline constexpr const char* kCancel =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-cancel";
// IBitsTokenOptions::ClearHelperToken
inline constexpr const char* kClearHelperToken =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/"
    "nf-bits4_0-ibitstokenoptions-clearhelpertoken";
// Connecting to the BITS Service
inline constexpr const char* kConnecting =
    "https://learn.microsoft.com/windows/win32/bits/connecting-to-the-bits-service";
// IBackgroundCopyManager::CreateJob
inline constexpr const char* kCreateJob =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopymanager-createjob";
// Determining the Version of BITS on a Computer
inline constexpr const char* kDeterminingTheVersion =
    "https://learn.microsoft.com/windows/win32/bits/determining-the-version-of-bits-on-a-computer";
// BG_ERROR_CONTEXT
inline constexpr const char* kErrorContext =
    "https://learn.microsoft.com/windows/win32/api/bits/ne-bits-bg_error_context";
// IBackgroundCopyError::GetErrorDescription
inline constexpr const char* kErrorDescription =
    "https://learn.microsoft.com/windows/win32/api/bits/"
    "nf-bits-ibackgroundcopyerror-geterrordescription";
// IBackgroundCopyError::GetFile
inline constexpr const char* kErrorGetFile =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyerror-getfile";
// IBackgroundCopyJob::GetError
inline constexpr const char* kGetError =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-geterror";
// IBitsTokenOptions::GetHelperTokenFlags
inline constexpr const char* kGetHelperTokenFlags =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/"
    "nf-bits4_0-ibitstokenoptions-gethelpertokenflags";
// IBitsTokenOptions::GetHelperTokenSid
inline constexpr const char* kGetHelperTokenSid =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/"
    "nf-bits4_0-ibitstokenoptions-gethelpertokensid";
// Group Policies
inline constexpr const char* kGroupPolicies =
    "https://learn.microsoft.com/windows/win32/bits/group-policies";
// Helper Tokens for BITS Transfer Jobs
inline constexpr const char* kHelperTokens =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
// IBackgroundCopyCallback::JobError
inline constexpr const char* kJobError =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopycallback-joberror";
// BITS_JOB_PROPERTY_ID
inline constexpr const char* kJobPropertyId =
    "https://learn.microsoft.com/windows/win32/api/bits5_0/ne-bits5_0-bits_job_property_id";
// Life Cycle of a BITS Job
inline constexpr const char* kLifeCycle =
    "https://learn.microsoft.com/windows/win32/bits/life-cycle-of-a-bits-job";
// IBackgroundCopyJob::Resume
inline constexpr const char* kResume =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-resume";
// BITS Return Values
inline constexpr const char* kReturnValues =
    "https://learn.microsoft.com/windows/win32/bits/bits-return-values";
// Service Accounts and BITS
inline constexpr const char* kServiceAccounts =
    "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits";
// IBackgroundCopyJobHttpOptions::SetClientCertificateByID
inline constexpr const char* kSetClientCertificateById =
    "https://learn.microsoft.com/windows/win32/api/bits2_5/"
    "nf-bits2_5-ibackgroundcopyjobhttpoptions-setclientcertificatebyid";
// IBackgroundCopyJob2::SetCredentials
inline constexpr const char* kSetCredentials =
    "https://learn.microsoft.com/windows/win32/api/bits1_5/"
    "nf-bits1_5-ibackgroundcopyjob2-setcredentials";
// IBitsTokenOptions::SetHelperToken
inline constexpr const char* kSetHelperToken =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/"
    "nf-bits4_0-ibitstokenoptions-sethelpertoken";
// IBitsTokenOptions::SetHelperTokenFlags
inline constexpr const char* kSetHelperTokenFlags =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/"
    "nf-bits4_0-ibitstokenoptions-sethelpertokenflags";
// IBackgroundCopyJob::SetMinimumRetryDelay
inline constexpr const char* kSetMinimumRetryDelay =
    "https://learn.microsoft.com/windows/win32/api/bits/"
    "nf-bits-ibackgroundcopyjob-setminimumretrydelay";
// IBackgroundCopyJob::SetNoProgressTimeout
inline constexpr const char* kSetNoProgressTimeout =
    "https://learn.microsoft.com/windows/win32/api/bits/"
    "nf-bits-ibackgroundcopyjob-setnoprogresstimeout";
// IBackgroundCopyJob::SetNotifyFlags
inline constexpr const char* kSetNotifyFlags =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setnotifyflags";
// IBackgroundCopyJob::SetNotifyInterface
inline constexpr const char* kSetNotifyInterface =
    "https://learn.microsoft.com/windows/win32/api/bits/"
    "nf-bits-ibackgroundcopyjob-setnotifyinterface";
// IBackgroundCopyJob5::SetProperty
inline constexpr const char* kSetProperty =
    "https://learn.microsoft.com/windows/win32/api/bits5_0/"
    "nf-bits5_0-ibackgroundcopyjob5-setproperty";
// IBackgroundCopyJob::SetProxySettings
inline constexpr const char* kSetProxySettings =
    "https://learn.microsoft.com/windows/win32/api/bits/"
    "nf-bits-ibackgroundcopyjob-setproxysettings";
// IBackgroundCopyJob::Suspend
inline constexpr const char* kSuspend =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-suspend";
// IBackgroundCopyJob::TakeOwnership
inline constexpr const char* kTakeOwnership =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-takeownership";
// IBitsTokenOptions
inline constexpr const char* kTokenOptions =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nn-bits4_0-ibitstokenoptions";
// User Account Control and BITS
inline constexpr const char* kUserAccountControl =
    "https://learn.microsoft.com/windows/win32/bits/user-account-control-and-bits";
// Users and Network Connections
inline constexpr const char* kUsersAndNetworkConnections =
    "https://learn.microsoft.com/windows/win32/bits/users-and-network-connections";
// What's New in BITS
inline constexpr const char* kWhatsNew =
    "https://learn.microsoft.com/windows/win32/bits/what-s-new";

}  // namespace bitscts::docs
