// The agent protocol's vocabulary, shared by the client (the runner) and the server (the agent).
// A request is a verb and its fields; every answer starts with the HRESULT of the call in
// hexadecimal, or with kProtocolError and a reason when the request itself was wrong.
#pragma once

#include <string_view>

namespace bitscts::agent::protocol {

inline constexpr std::string_view kProtocolError = "protocol-error";

// Session
inline constexpr std::string_view kHello = "hello";            // -> hr sid
inline constexpr std::string_view kLogOn = "logon";            // user password -> hr
inline constexpr std::string_view kCredential = "credential";  // user password -> hr
inline constexpr std::string_view kBye = "bye";                // -> hr, then the agent exits
// What the caller's calls are made with (TokenReport): impersonating 0|1, TOKEN_ELEVATION_TYPE,
// Administrators absent|deny-only|enabled.
inline constexpr std::string_view kToken =
    "token";  // -> hr impersonating elevation-type administrators

// Caller
inline constexpr std::string_view kSid = "sid";        // -> hr sid
inline constexpr std::string_view kCreate = "create";  // display-name -> hr job-handle job-id
inline constexpr std::string_view kOpen = "open";      // job-id -> hr job-handle job-id
inline constexpr std::string_view kImpersonate = "impersonate";  // name sid kind -> hr
inline constexpr std::string_view kRevert = "revert";            // -> hr
// The per-user proxy of the caller's current thread identity
// (WinHttpGetIEProxyConfigForCurrentUser): "host:port", or empty for a direct connection.
inline constexpr std::string_view kUserProxy = "userproxy";  // -> hr proxy
// Controls around BITS acting in the agent's process (controls.h).
// Like impersonate, with a thread token of the given SECURITY_IMPERSONATION_LEVEL, restricted
// (1) or not (0) by the principal's own SID (TokenShapeControl).
inline constexpr std::string_view kImpersonateWith =
    "impersonate-with";  // name sid kind level restricted -> hr
// A second CoInitializeSecurity in the agent's process, its HRESULT unchanged (SecurityControl).
inline constexpr std::string_view kSecurityAgain = "security-again";  // level cloaking -> hr
// Runs the serving thread's message loop until its queue is empty (ApartmentControl).
inline constexpr std::string_view kPump = "pump";  // -> hr
// Connects the agent to BITS again after the service restarted (ServiceControl).
inline constexpr std::string_view kReconnect = "reconnect";  // -> hr
// Lets every call held in the agent's blocking notify interfaces return.
inline constexpr std::string_view kReleaseCallbacks = "releasecallbacks";  // -> hr

// Job: "job" handle verb fields...
inline constexpr std::string_view kJob = "job";
inline constexpr std::string_view kAddFile = "addfile";        // url path -> hr
inline constexpr std::string_view kResume = "resume";          // -> hr
inline constexpr std::string_view kSuspend = "suspend";        // -> hr
inline constexpr std::string_view kCancel = "cancel";          // -> hr
inline constexpr std::string_view kComplete = "complete";      // -> hr
inline constexpr std::string_view kNoProgress = "noprogress";  // seconds -> hr
inline constexpr std::string_view kState = "state";            // -> hr state
inline constexpr std::string_view kError = "error";            // -> hr code context description
inline constexpr std::string_view kWait =
    "wait";  // timeout-ms state... -> hr reached state ms waited-for
inline constexpr std::string_view kHistory = "history";  // -> hr state...
inline constexpr std::string_view kOptions = "options";  // -> hr options-handle (0 when none)
inline constexpr std::string_view kSetCost = "setcost";  // flags -> hr
inline constexpr std::string_view kGetCost = "getcost";  // -> hr flags
inline constexpr std::string_view kSetNotifyFlags = "setnotify";       // flags -> hr
inline constexpr std::string_view kGetNotifyFlags = "getnotify";       // -> hr flags
inline constexpr std::string_view kListen = "listen";                  // -> hr (SetNotifyInterface)
inline constexpr std::string_view kListenBlocking = "listenblocking";  // -> hr
inline constexpr std::string_view kUnlisten = "unlisten";              // -> hr (NULL interface)
// Each notification is six fields: event (0 JobTransferred, 1 JobError), "some"|"none" error,
// its code, its context, its description, the SID BITS called as.
inline constexpr std::string_view kNotifications =
    "notifications";  // timeout-ms event -> hr count notification...
inline constexpr std::string_view kErrorDescription = "errordesc";  // language -> hr description
inline constexpr std::string_view kErrorFile = "errorfile";         // -> hr remote-url local-path
inline constexpr std::string_view kErrorProtocol = "errorproto";    // -> hr protocol
inline constexpr std::string_view kOwner = "owner";                 // -> hr sid
inline constexpr std::string_view kTakeOwnership = "takeowner";     // -> hr
// A secret-carrying request: the user name and password are "none" or "some" and the text.
inline constexpr std::string_view kSetCredentials =
    "credentials";  // target scheme none|some user none|some password -> hr
inline constexpr std::string_view kSetProxy = "proxy";  // usage proxy-list bypass-list -> hr
inline constexpr std::string_view kSetClientCertificate =
    "clientcert";  // location store thumbprint -> hr

// Token options: "opt" handle verb fields...
inline constexpr std::string_view kOpt = "opt";
inline constexpr std::string_view kSetToken = "set";       // -> hr
inline constexpr std::string_view kClearToken = "clear";   // -> hr
inline constexpr std::string_view kSetFlags = "setflags";  // flags -> hr
inline constexpr std::string_view kGetFlags = "getflags";  // -> hr flags
inline constexpr std::string_view kGetSid = "getsid";      // -> hr ("some" sid | "none")

inline constexpr std::string_view kRelease = "release";  // (job or opt) -> hr; the handle is gone

}  // namespace bitscts::agent::protocol
