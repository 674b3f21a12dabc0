#include "bitscts/model/readings.h"

namespace bitscts::model {

std::vector<ModelReading> ModelReadings() {
  return {
      {"HT-SET-11", "Without a thread token, or without cloaking, SetHelperToken stores the "
                    "caller's process identity; with static cloaking it stores the identity the "
                    "thread had when the IBitsTokenOptions pointer was obtained."},
      {"HT-SET-12", "SetHelperToken, ClearHelperToken and SetHelperTokenFlags return "
                    "BG_E_INVALID_STATE on CANCELLED and ACKNOWLEDGED jobs; the getters still "
                    "answer; while TRANSFERRING a change applies from the next file request."},
      {"HT-CLR-3", "(§4 Q10) Resume succeeds with flags but no token; the job enters ERROR with "
                   "BG_E_TOKEN_REQUIRED when it first needs a flagged resource; with "
                   "BG_TOKEN_NETWORK every HTTP request counts, challenged or not."},
      {"HT-CLR-4", "ClearHelperToken on a job without a helper token returns S_OK."},
      {"HT-CLR-5", "(§4 Q6) Before 1607, QueryInterface succeeds for the owner of a job whose owner "
                   "is not an administrator, and every IBitsTokenOptions method then returns "
                   "E_ACCESSDENIED."},
      {"HT-FLAG-7", "SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE | BG_TOKEN_NETWORK) is accepted."},
      {"HT-FLAG-8", "(DOC-AMB-2) Any bit other than 0x1 and 0x2 makes SetHelperTokenFlags return "
                    "E_INVALIDARG and leaves the flags unchanged; 0 is accepted and clears them."},
      {"HT-FLAG-3", "(DOC-AMB-14) HTTP Basic authentication with a per-principal secret stands in "
                    "for implicit NTLM/Negotiate credentials and is presented on every request; "
                    "SetCredentials is not modelled."},
      {"HT-ADM-4", "(§4 Q5) A UAC-filtered administrator token (Administrators deny-only) counts as "
                   "a non-administrator, as a helper and as an owner."},
      {"HT-ADM-5", "Integrity levels: service accounts above enabled administrators above everyone "
                   "else; OpenJob from a lower level than the owner's returns E_ACCESSDENIED."},
      {"HT-ADM-8", "(§4 Q7) An enabled administrator passes the QueryInterface check on any job and "
                   "may use every IBitsTokenOptions method on it, as the build's rules allow."},
      {"HT-QI-3", "A non-administrator whose thread SID differs from the owner's gets "
                  "E_ACCESSDENIED from QueryInterface itself; no pointer is returned."},
      {"HT-QI-1", "(§4 Q4) An IBitsTokenOptions pointer stays bound to the identity checked at its "
                  "QueryInterface, whoever the thread impersonates later and after the owner logs "
                  "on again; it dies only with its own caller."},
      {"HT-IMP-2", "(DOC-AMB-1) SetHelperToken from a caller below RPC_C_IMP_LEVEL_IMPERSONATE "
                   "returns CO_E_FAILEDTOIMPERSONATE (0x80010123), not E_ACCESSDENIED; DEFAULT "
                   "counts as IDENTIFY; no other method depends on the level; ANONYMOUS makes "
                   "every BITS call E_ACCESSDENIED (HT-IMP-1)."},
      {"HT-LOGOFF-1", "\"The owner logs off\" means the Terminal Services session in which the job "
                      "was created ends."},
      {"HT-LOGOFF-2", "(DOC-AMB-9, §4 Q11) At logoff, immediately, every unfinished job that held a "
                      "helper token (any state but TRANSFERRED and the final ones, SUSPENDED "
                      "included, whatever its flags) enters ERROR with BG_E_TOKEN_REQUIRED."},
      {"HT-LOGOFF-5", "(DOC-AMB-12) A token set while impersonating belongs to the impersonating "
                      "caller's session; when that session ends the token is discarded, whoever "
                      "owns the job."},
      {"HT-LOGOFF-8", "RestartService discards helper tokens and callbacks and keeps flags; jobs "
                      "with flags then fail with BG_E_TOKEN_REQUIRED when next scheduled, not at "
                      "the restart."},
      {"HT-LOGOFF-9", "(§4 Q12) Jobs of service accounts never lose their owner; a helper token "
                      "captured in an interactive session is still discarded when that session "
                      "ends."},
      {"HT-LOGOFF-10", "(DOC-AMB-9) Without a helper token, a CONNECTING or TRANSFERRING job whose "
                       "owner logs off goes back to QUEUED and waits for the owner's next logon."},
      {"JOB-ERR-4", "BG_E_TOKEN_REQUIRED carries BG_ERROR_CONTEXT_REMOTE_FILE when BG_TOKEN_NETWORK "
                    "lacks its token, BG_ERROR_CONTEXT_LOCAL_FILE when only BG_TOKEN_LOCAL_FILE "
                    "does, and BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER when logoff discarded it."},
      {"JOB-CB-7", "No JobError reaches a caller that logged off: a notification callback dies "
                   "with the caller that registered it."},
      {"JOB-LIM-4", "With BG_TOKEN_LOCAL_FILE and a helper token, AddFile checks the destination "
                    "folder as the helper; otherwise as the calling identity."},
      {"DOC-AMB-5", "The \"caller\" of the 1607 admin-token rule is the identity checked at "
                    "QueryInterface, not the helper the thread impersonates during the call."},
      {"DOC-AMB-10", "Suspend moves any non-final job to SUSPENDED; jobs in ERROR or TRANSFERRED "
                     "are not suspended automatically."},
      {"DOC-AMB-11", "Complete on a download job is allowed in every non-final state; files not "
                     "transferred are deleted and BG_S_PARTIAL_COMPLETE is returned."},
      {"DOC-AMB-13", "BITS version by build: < 6000 2.5, < 7600 3.0, < 9200 4.0, < 15063 5.0, "
                     "< 17763 10.1, < 18362 10.2, then 10.3; the 1607 rules from 14393."},
      {"DOC-AMB-21", "With BG_TOKEN_LOCAL_FILE the final rename at Complete is made as the helper "
                     "(the helper's write access counts); without a helper token Complete returns "
                     "BG_E_TOKEN_REQUIRED and the job stays where it is."},
      {"RW-2", "AddFile returns HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON) when the job's owner has no "
               "interactive logon (e.g. a job created while impersonating such a user)."},
  };
}

std::vector<std::string> ImplementedClauses() {
  return {
      "HT-IF-1", "HT-IF-2", "HT-IF-3", "HT-IF-4",
      "HT-QI-1", "HT-QI-2", "HT-QI-3", "HT-QI-4",
      "HT-SET-1", "HT-SET-2", "HT-SET-3", "HT-SET-4", "HT-SET-5", "HT-SET-6", "HT-SET-7",
      "HT-SET-8", "HT-SET-9", "HT-SET-10", "HT-SET-11", "HT-SET-12",
      "HT-CLR-1", "HT-CLR-2", "HT-CLR-3", "HT-CLR-4", "HT-CLR-5",
      "HT-SID-1", "HT-SID-3", "HT-SID-4",
      "HT-FLAG-1", "HT-FLAG-2", "HT-FLAG-3", "HT-FLAG-6", "HT-FLAG-7", "HT-FLAG-8", "HT-FLAG-9",
      "HT-FLAG-10", "HT-FLAG-11", "HT-FLAG-12",
      "HT-ADM-1", "HT-ADM-2", "HT-ADM-3", "HT-ADM-4", "HT-ADM-5", "HT-ADM-7", "HT-ADM-8",
      "HT-IMP-1", "HT-IMP-2", "HT-IMP-3", "HT-IMP-4", "HT-IMP-7",
      "HT-LOGOFF-1", "HT-LOGOFF-2", "HT-LOGOFF-3", "HT-LOGOFF-4", "HT-LOGOFF-5", "HT-LOGOFF-6",
      "HT-LOGOFF-7", "HT-LOGOFF-8", "HT-LOGOFF-9", "HT-LOGOFF-10",
      "HT-VER-2", "HT-VER-4", "HT-VER-5",
      "JOB-STATE-1", "JOB-STATE-2", "JOB-STATE-3", "JOB-STATE-4", "JOB-STATE-5", "JOB-STATE-6",
      "JOB-STATE-7", "JOB-STATE-8", "JOB-STATE-9", "JOB-STATE-10",
      "JOB-RETRY-1", "JOB-RETRY-2", "JOB-RETRY-3", "JOB-RETRY-4",
      "JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-3", "JOB-ERR-4", "JOB-ERR-7", "JOB-ERR-8",
      "JOB-CB-1", "JOB-CB-2", "JOB-CB-3", "JOB-CB-7",
      "JOB-OWN-1", "JOB-OWN-2", "JOB-OWN-3", "JOB-OWN-4", "JOB-OWN-5",
      "JOB-LIM-1", "JOB-LIM-2", "JOB-LIM-4",
      "RW-2",
      "DOC-AMB-1", "DOC-AMB-2", "DOC-AMB-5", "DOC-AMB-6", "DOC-AMB-9", "DOC-AMB-10", "DOC-AMB-11",
      "DOC-AMB-12", "DOC-AMB-13", "DOC-AMB-14", "DOC-AMB-21",
  };
}

std::vector<ModelReading> UnimplementedClauses() {
  return {
      {"HT-IF-5", "build-environment clause for the com target (MinGW headers)"},
      {"HT-IF-6", "describes Wine's qmgr, which the com target meets under Wine"},
      {"HT-SET-13", "bitsadmin is not modelled"},
      {"HT-SID-2", "COM string allocation; the Target interface returns std::string"},
      {"HT-SID-5", "bitsadmin is not modelled"},
      {"HT-FLAG-4", "client certificates are not modelled"},
      {"HT-FLAG-5", "client certificates are not modelled"},
      {"HT-FLAG-13", "proxies are not modelled"},
      {"HT-FLAG-14", "proxies are not modelled"},
      {"HT-FLAG-15", "bitsadmin is not modelled"},
      {"HT-ADM-6", "tokens with restricting SIDs cannot be provisioned through the Target interface"},
      {"HT-IMP-5", "CoInitializeSecurity is per caller (CallerSettings); a second call cannot be made"},
      {"HT-IMP-6", "Impersonate always yields impersonation-level tokens; no identification-level "
                   "helper can be produced"},
      {"HT-IMP-8", "IBackgroundCopyJob5 cost properties are not modelled"},
      {"HT-VER-1", "versioned CLSIDs are reported only as Probe evidence"},
      {"HT-VER-3", "QMgr.dll file versions are not modelled"},
      {"HT-VER-6", "PowerShell remote sessions are not modelled"},
      {"JOB-STATE-11", "the 90-day JobInactivityTimeout is not modelled"},
      {"JOB-RETRY-5", "metered networks and cost policies are not modelled"},
      {"JOB-ERR-5", "error descriptions are English only; GetErrorDescription languages are not modelled"},
      {"JOB-ERR-6", "IBackgroundCopyError::GetFile/GetProtocol are not in the Target interface"},
      {"JOB-ERR-9", "TLS is not modelled (http:// only)"},
      {"JOB-CB-4", "callbacks are delivered synchronously, one at a time"},
      {"JOB-CB-5", "TakeOwnership is not modelled"},
      {"JOB-CB-6", "apartments are not modelled"},
      {"JOB-OWN-6", "service SIDs (1903+) are not modelled"},
      {"JOB-OWN-7", "TakeOwnership is not modelled"},
      {"JOB-OWN-8", "SetCredentials is not modelled"},
      {"JOB-LIM-3", "only http:// remote names are transferred (no SMB, file:// or local paths)"},
  };
}

}  // namespace bitscts::model
