#include "explicit_dacl.h"

#include <aclapi.h>
#include <sddl.h>

namespace bitscts::com {
namespace {

DWORD LastError() {
  const DWORD error = GetLastError();
  return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
}

}  // namespace

ExplicitDacl::~ExplicitDacl() {
  if (dacl_ != nullptr) LocalFree(dacl_);
  for (PSID sid : sids_) LocalFree(sid);
}

DWORD ExplicitDacl::Build(const std::vector<AccessGrant>& grants, DWORD inheritance) {
  std::vector<EXPLICIT_ACCESSW> entries;
  for (const AccessGrant& grant : grants) {
    PSID sid = nullptr;
    if (!ConvertStringSidToSidW(grant.sid.c_str(), &sid)) return LastError();
    sids_.push_back(sid);
    EXPLICIT_ACCESSW entry{};
    entry.grfAccessPermissions = grant.access;
    entry.grfAccessMode = SET_ACCESS;
    entry.grfInheritance = inheritance;
    entry.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    entry.Trustee.TrusteeType = TRUSTEE_IS_UNKNOWN;
    entry.Trustee.ptstrName = static_cast<LPWSTR>(sid);
    entries.push_back(entry);
  }
  return SetEntriesInAclW(static_cast<ULONG>(entries.size()), entries.data(), nullptr, &dacl_);
}

DWORD DescriptorWithDacl(PACL dacl, bool protect, SECURITY_DESCRIPTOR* descriptor) {
  if (!InitializeSecurityDescriptor(descriptor, SECURITY_DESCRIPTOR_REVISION) ||
      !SetSecurityDescriptorDacl(descriptor, TRUE, dacl, FALSE) ||
      (protect &&
       !SetSecurityDescriptorControl(descriptor, SE_DACL_PROTECTED, SE_DACL_PROTECTED))) {
    return LastError();
  }
  return ERROR_SUCCESS;
}

DWORD SelfRelativeCopy(SECURITY_DESCRIPTOR* descriptor, std::vector<BYTE>* self_relative) {
  DWORD size = 0;
  MakeSelfRelativeSD(descriptor, nullptr, &size);
  self_relative->resize(size);
  if (size == 0 || !MakeSelfRelativeSD(descriptor, self_relative->data(), &size))
    return LastError();
  return ERROR_SUCCESS;
}

DWORD SetProtectedFileDacl(const std::wstring& path, PACL dacl) {
  return SetNamedSecurityInfoW(const_cast<LPWSTR>(path.c_str()), SE_FILE_OBJECT,
                               DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                               nullptr, nullptr, dacl, nullptr);
}

}  // namespace bitscts::com
