#include "bitscts/model/readings.h"

namespace bitscts::model {

std::vector<ModelReading> ModelReadings() {
  return {
      {"HT-SET-11",
       "Without a thread token, or without cloaking, SetHelperToken stores the "
       "caller's process identity; with static cloaking it stores the identity the "
       "thread had when the IBitsTokenOptions pointer was obtained."},
      {"HT-SET-12",
       "SetHelperToken, ClearHelperToken and SetHelperTokenFlags return "
       "BG_E_INVALID_STATE on CANCELLED and ACKNOWLEDGED jobs; the getters still "
       "answer; while TRANSFERRING a change applies from the next file request."},
      {"HT-CLR-3",
       "(open question) Resume succeeds with flags but no token; the job enters ERROR with "
       "BG_E_TOKEN_REQUIRED when it first needs a flagged resource; with "
       "BG_TOKEN_NETWORK every HTTP request counts, challenged or not."},
      {"HT-CLR-4", "ClearHelperToken on a job without a helper token returns S_OK."},
      {"HT-CLR-5",
       "(open question) Before 1607, QueryInterface succeeds for the owner of a job whose owner "
       "is not an administrator, and every IBitsTokenOptions method then returns "
       "E_ACCESSDENIED. The remarks of ClearHelperToken, SetHelperTokenFlags, "
       "GetHelperTokenFlags and GetHelperTokenSid name the calling user's administrator "
       "rights, not the owner's: an administrator who passed the QueryInterface check "
       "(HT-ADM-8) uses these four on a standard user's job; SetHelperToken alone also needs "
       "an administrator-owned job (HT-SET-3) and returns E_ACCESSDENIED there."},
      {"HT-FLAG-7", "SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE | BG_TOKEN_NETWORK) is accepted."},
      {"HT-FLAG-8",
       "(DOC-AMB-2) Any bit other than 0x1 and 0x2 makes SetHelperTokenFlags return "
       "E_INVALIDARG and leaves the flags unchanged; 0 is accepted and clears them."},
      {"HT-FLAG-3",
       "(DOC-AMB-14) A logon identity goes to a server only if the job has implicit "
       "credentials for it: SetCredentials with NTLM or Negotiate and NULL user name and "
       "password, for BG_AUTH_TARGET_SERVER, or for BG_AUTH_TARGET_PROXY, which serve "
       "the server too (JOB-OWN-8); to a proxy only with implicit proxy credentials. "
       "It is sent only in answer to a 401 or 407 whose challenge names Negotiate or "
       "NTLM, so the first request goes without it, as HTTP Basic with a per-principal "
       "secret standing in for the NTLM/Kerberos exchange. Without implicit credentials "
       "the challenge goes unanswered and its status is the job's error (JOB-ERR-7)."},
      {"HT-FLAG-5",
       "(open question) The job fails at its first https:// request, before any TLS "
       "handshake, with ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY in "
       "BG_ERROR_CONTEXT_REMOTE_FILE, a final error (ERROR, not TRANSIENT_ERROR)."},
      {"HT-FLAG-13",
       "The model's network has no WPAD server: BG_JOB_PROXY_USAGE_AUTODETECT finds no "
       "proxy and goes direct. A per-user setting is one \"host:port\" for every "
       "protocol, with no bypass list."},
      {"HT-ADM-4",
       "(open question) A UAC-filtered administrator token (Administrators deny-only) counts as "
       "a non-administrator, as a helper and as an owner."},
      {"HT-ADM-5",
       "Integrity levels: service accounts above enabled administrators above everyone "
       "else; OpenJob from a lower level than the owner's returns E_ACCESSDENIED."},
      {"HT-ADM-6",
       "A token with restricting SIDs may open and read jobs; CreateJob and every call "
       "that changes a job (IBitsTokenOptions setters included) return E_ACCESSDENIED."},
      {"HT-ADM-8",
       "(open question) An enabled administrator passes the QueryInterface check on any job and "
       "may use every IBitsTokenOptions method on it, as the build's rules allow."},
      {"HT-QI-3",
       "A non-administrator whose thread SID differs from the owner's gets "
       "E_ACCESSDENIED from QueryInterface itself; no pointer is returned."},
      {"HT-QI-1",
       "(open question) An IBitsTokenOptions pointer stays bound to the identity checked at its "
       "QueryInterface, whoever the thread impersonates later and after the owner logs "
       "on again; it dies only with its own caller."},
      {"HT-IMP-2",
       "(DOC-AMB-1) SetHelperToken from a caller below RPC_C_IMP_LEVEL_IMPERSONATE "
       "returns CO_E_FAILEDTOIMPERSONATE (0x80010123), not E_ACCESSDENIED; DEFAULT "
       "counts as IDENTIFY; no other method depends on the level; ANONYMOUS makes "
       "every BITS call E_ACCESSDENIED (HT-IMP-1)."},
      {"HT-IMP-8",
       "(inferred) SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS) from a caller below "
       "RPC_C_IMP_LEVEL_IMPERSONATE returns E_ACCESSDENIED and leaves the flags unchanged; "
       "GetProperty answers at IDENTIFY."},
      {"JOB-RETRY-5",
       "(inferred) Builds from 9200 (BITS 5.0) give jobs the cost flags "
       "BITS_JOB_TRANSFER_POLICY_STANDARD; a job whose flags lack the network's "
       "BITS_COST_STATE_* bit is in TRANSIENT_ERROR with "
       "BG_E_BLOCKED_BY_COST_TRANSFER_POLICY, without retries or a no-progress "
       "timeout, until the cost or the flags allow it; older builds ignore the cost."},
      {"HT-VER-3",
       "(ambiguous for 7.8) QMgr.dll is 7.8.<build>.0 on every build from 10240, whether "
       "its classes say BITS 5.0 (before 1703) or 10.x."},
      {"JOB-CB-4",
       "\"Per user\" is the identity that registered the interface; a call stays in "
       "flight until its callback returns (Target::ReleaseCallbacks for blocking ones), "
       "and calls beyond four wait in the order they were made; a call waiting in a "
       "single-threaded caller's message queue (JOB-CB-6) is in flight only when its "
       "interface is a blocking one."},
      {"HT-IMP-5",
       "Every caller called CoInitializeSecurity once when it was created; a second call "
       "returns RPC_E_TOO_LATE and the first settings stay in force."},
      {"HT-IMP-6",
       "(open question) BITS impersonates a client at the lower of its proxy's level and its "
       "token's level: SetHelperToken with an identification-level thread token is "
       "refused as from an IDENTIFY proxy (CO_E_FAILEDTOIMPERSONATE) and stores nothing; "
       "the other methods accept such a token."},
      {"HT-LOGOFF-1",
       "(open question) \"The owner logs off\" means the logon session in which the job "
       "was created (or taken over) ends, even while the owner is still logged on in "
       "another session: the job then loses its helper token and errs (HT-LOGOFF-2) as at "
       "the owner's last logoff. What a real BITS does in both cases is recorded, not "
       "checked (Logoff.CreatingSessionEndsWithAndWithoutAnotherSession)."},
      {"HT-LOGOFF-2",
       "(DOC-AMB-9, open question) At logoff, immediately, every unfinished job that held a "
       "helper token (any state but TRANSFERRED and the final ones, SUSPENDED "
       "included, whatever its flags) enters ERROR with BG_E_TOKEN_REQUIRED and asks the "
       "server for nothing more. Only the job in the middle of a flagged transfer is "
       "checked; the others are recorded (Logoff.LogoffScopeOverTheOwnersTokenJobs)."},
      {"HT-LOGOFF-5",
       "(DOC-AMB-12) A token set while impersonating belongs to the impersonating "
       "caller's session; when that session ends the token is discarded, whoever "
       "owns the job."},
      {"HT-LOGOFF-8",
       "RestartService discards helper tokens and callbacks and keeps flags; jobs "
       "with flags then fail with BG_E_TOKEN_REQUIRED when next scheduled, not at "
       "the restart."},
      {"HT-LOGOFF-9",
       "(open question) Jobs of service accounts never lose their owner; a helper token "
       "captured in an interactive session is still discarded when that session "
       "ends."},
      {"HT-LOGOFF-10",
       "(DOC-AMB-9) Without a helper token, a CONNECTING or TRANSFERRING job whose "
       "owner logs off goes back to QUEUED and waits for the owner's next logon."},
      {"JOB-STATE-11",
       "Property changes (every successful setter, AddFile, Resume, Suspend, token, "
       "notify and credential settings) and each finished file restart the 90-day "
       "period; reads and retries do not. Every non-final job, ERROR and "
       "TRANSFERRED included, is then cancelled and its temporary files deleted."},
      {"JOB-ERR-4",
       "BG_E_TOKEN_REQUIRED carries BG_ERROR_CONTEXT_REMOTE_FILE when BG_TOKEN_NETWORK "
       "lacks its token, BG_ERROR_CONTEXT_LOCAL_FILE when only BG_TOKEN_LOCAL_FILE "
       "does, and BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER when logoff discarded it."},
      {"JOB-ERR-5",
       "Descriptions exist in English only: any LanguageId whose primary language is "
       "English (0x09) gets them, others HRESULT_FROM_WIN32(ERROR_RESOURCE_LANG_NOT_FOUND), "
       "0 E_INVALIDARG."},
      {"JOB-ERR-6",
       "GetFile names the file whose transfer failed (local-file errors and "
       "BG_E_TOKEN_REQUIRED at transfer time included); errors raised outside a file "
       "transfer (logoff, network loss) have none. GetProtocol answers \"http\" only when "
       "the HTTP exchange itself failed."},
      {"JOB-CB-1",
       "SetNotifyFlags answers E_NOTIMPL for bits the build's BITS does not know "
       "(0x10 from 3.0, 0x20 from 10.1) before looking at the job's state; "
       "BG_NOTIFY_JOB_MODIFICATION and the file flags are stored, but the model makes "
       "only JobTransferred and JobError calls."},
      {"JOB-CB-5",
       "The notify interface survives TakeOwnership; its calls are made as the identity "
       "that called SetNotifyInterface."},
      {"JOB-CB-7",
       "No JobError reaches a caller that logged off: a notification callback dies "
       "with the caller that registered it. An interface registered by a caller still "
       "logged on (e.g. the owner's other session) gets the JobError with "
       "BG_E_TOKEN_REQUIRED at the logoff."},
      {"JOB-OWN-7",
       "(open question) TakeOwnership needs Administrators enabled (E_ACCESSDENIED otherwise, "
       "own jobs included); it keeps the helper token, its flags and the notify "
       "interface and drops the credentials; BG_E_NEW_OWNER_NO_FILE_ACCESS when a "
       "temporary file already exists in a folder the new owner may not write, unless "
       "the helper writes the local files."},
      {"JOB-OWN-8",
       "SetCredentials from anyone but the owner, administrators included, returns "
       "E_ACCESSDENIED; explicit server credentials with a user name and password are "
       "presented (as Basic, with every request) instead of any logon identity, the "
       "latest set winning, and so are explicit proxy credentials to a proxy; implicit "
       "(NULL) credentials let the logon identity answer challenges (HT-FLAG-3). Checks "
       "run in the order state, owner, target, scheme, NULL name or password, lengths."},
      {"JOB-LIM-3",
       "(inferred for local paths) file:// URLs and absolute local paths are copied by the "
       "service, with no read check; a UNC name resolves only to a share made by "
       "Target::CreateShare and is read as the owner, or the helper with BG_TOKEN_NETWORK "
       "(HT-FLAG-3), a refused read failing with E_ACCESSDENIED in "
       "BG_ERROR_CONTEXT_REMOTE_FILE; any other share fails with "
       "HRESULT_FROM_WIN32(ERROR_BAD_NETPATH), transient. GetProtocol names \"file\" for both."},
      {"JOB-LIM-4",
       "With BG_TOKEN_LOCAL_FILE and a helper token, AddFile checks the destination "
       "folder as the helper; otherwise as the calling identity."},
      {"DOC-AMB-5",
       "The \"caller\" of the 1607 admin-token rule is the identity checked at "
       "QueryInterface, not the helper the thread impersonates during the call."},
      {"DOC-AMB-10",
       "Suspend moves any non-final job to SUSPENDED; jobs in ERROR or TRANSFERRED "
       "are not suspended automatically."},
      {"DOC-AMB-11",
       "Complete on a download job is allowed in every non-final state; files not "
       "transferred are deleted and BG_S_PARTIAL_COMPLETE is returned."},
      {"DOC-AMB-13",
       "BITS version by build: < 6000 2.5, < 7600 3.0, < 9200 4.0, < 15063 5.0, "
       "< 17763 10.1, < 18362 10.2, then 10.3; the 1607 rules from 14393."},
      {"DOC-AMB-21",
       "With BG_TOKEN_LOCAL_FILE the final rename at Complete is made as the helper "
       "(the helper's write access counts); without a helper token Complete returns "
       "BG_E_TOKEN_REQUIRED and the job stays where it is."},
      {"RW-2",
       "AddFile returns HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON) when the job's owner has no "
       "interactive logon (e.g. a job created while impersonating such a user)."},
  };
}

std::vector<std::string> ImplementedClauses() {
  return {
      "HT-IF-1",      "HT-IF-2",      "HT-IF-3",     "HT-IF-4",     "HT-QI-1",     "HT-QI-2",
      "HT-QI-3",      "HT-QI-4",      "HT-SET-1",    "HT-SET-2",    "HT-SET-3",    "HT-SET-4",
      "HT-SET-5",     "HT-SET-6",     "HT-SET-7",    "HT-SET-8",    "HT-SET-9",    "HT-SET-10",
      "HT-SET-11",    "HT-SET-12",    "HT-CLR-1",    "HT-CLR-2",    "HT-CLR-3",    "HT-CLR-4",
      "HT-CLR-5",     "HT-SID-1",     "HT-SID-3",    "HT-SID-4",    "HT-FLAG-1",   "HT-FLAG-2",
      "HT-FLAG-3",    "HT-FLAG-4",    "HT-FLAG-5",   "HT-FLAG-6",   "HT-FLAG-7",   "HT-FLAG-8",
      "HT-FLAG-9",    "HT-FLAG-10",   "HT-FLAG-11",  "HT-FLAG-12",  "HT-FLAG-13",  "HT-FLAG-14",
      "HT-ADM-1",     "HT-ADM-2",     "HT-ADM-3",    "HT-ADM-4",    "HT-ADM-5",    "HT-ADM-6",
      "HT-ADM-7",     "HT-ADM-8",     "HT-IMP-1",    "HT-IMP-2",    "HT-IMP-3",    "HT-IMP-4",
      "HT-IMP-5",     "HT-IMP-6",     "HT-IMP-7",    "HT-IMP-8",    "HT-LOGOFF-1", "HT-LOGOFF-2",
      "HT-LOGOFF-3",  "HT-LOGOFF-4",  "HT-LOGOFF-5", "HT-LOGOFF-6", "HT-LOGOFF-7", "HT-LOGOFF-8",
      "HT-LOGOFF-9",  "HT-LOGOFF-10", "HT-VER-1",    "HT-VER-2",    "HT-VER-3",    "HT-VER-4",
      "HT-VER-5",     "HT-VER-6",     "JOB-STATE-1", "JOB-STATE-2", "JOB-STATE-3", "JOB-STATE-4",
      "JOB-STATE-5",  "JOB-STATE-6",  "JOB-STATE-7", "JOB-STATE-8", "JOB-STATE-9", "JOB-STATE-10",
      "JOB-STATE-11", "JOB-RETRY-1",  "JOB-RETRY-2", "JOB-RETRY-3", "JOB-RETRY-4", "JOB-RETRY-5",
      "JOB-ERR-1",    "JOB-ERR-2",    "JOB-ERR-3",   "JOB-ERR-4",   "JOB-ERR-5",   "JOB-ERR-6",
      "JOB-ERR-7",    "JOB-ERR-8",    "JOB-ERR-9",   "JOB-CB-1",    "JOB-CB-2",    "JOB-CB-3",
      "JOB-CB-4",     "JOB-CB-5",     "JOB-CB-6",    "JOB-CB-7",    "JOB-OWN-1",   "JOB-OWN-2",
      "JOB-OWN-3",    "JOB-OWN-4",    "JOB-OWN-5",   "JOB-OWN-6",   "JOB-OWN-7",   "JOB-OWN-8",
      "JOB-LIM-1",    "JOB-LIM-2",    "JOB-LIM-3",   "JOB-LIM-4",   "RW-2",        "DOC-AMB-1",
      "DOC-AMB-2",    "DOC-AMB-5",    "DOC-AMB-6",   "DOC-AMB-9",   "DOC-AMB-10",  "DOC-AMB-11",
      "DOC-AMB-12",   "DOC-AMB-13",   "DOC-AMB-14",  "DOC-AMB-21",
  };
}

std::vector<ModelReading> UnimplementedClauses() {
  return {
      {"HT-IF-5", "build-environment clause for the com target (MinGW headers)"},
      {"HT-IF-6", "describes Wine's qmgr, which the com target meets under Wine"},
      {"HT-SET-13", "bitsadmin is not modelled"},
      {"HT-SID-2", "COM string allocation; the Target interface returns std::string"},
      {"HT-SID-5", "bitsadmin is not modelled"},
      {"HT-FLAG-15", "bitsadmin is not modelled"},
  };
}

}  // namespace bitscts::model
