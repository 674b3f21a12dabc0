// Internal, Windows only: the DACLs the Windows SystemApi gives what it makes (agent pipes,
// machine keys, folders, shares): explicit entries only, nothing merged from an existing DACL,
// and the security descriptors that carry them.
#pragma once

#include "bitscts/com/bits_api.h"  // windows.h first

#include <string>
#include <vector>

namespace bitscts::com {

// An access a DACL gives: the rights `access` to the textual SID `sid`.
struct AccessGrant {
  std::wstring sid;
  DWORD access = 0;
};

// A DACL of SET_ACCESS entries for SIDs (TRUSTEE_IS_SID), built by SetEntriesInAclW and freed,
// with the SIDs it names, at the end of its scope.
class ExplicitDacl {
 public:
  ExplicitDacl() = default;
  ~ExplicitDacl();
  ExplicitDacl(const ExplicitDacl&) = delete;
  ExplicitDacl& operator=(const ExplicitDacl&) = delete;

  // Builds the DACL that gives each grant's SID its rights, every entry inherited as
  // `inheritance` says (NO_INHERITANCE, SUB_CONTAINERS_AND_OBJECTS_INHERIT, ...); returns the
  // first Win32 error (ConvertStringSidToSidW's for a SID that is not one), or 0.
  DWORD Build(const std::vector<AccessGrant>& grants, DWORD inheritance);
  // Returns the DACL Build made, or null before.
  PACL get() const { return dacl_; }

 private:
  std::vector<PSID> sids_;
  PACL dacl_ = nullptr;
};

// Makes `*descriptor` an absolute security descriptor whose DACL is `dacl`, marked protected
// (nothing inherited from a parent) when `protect`; returns the Win32 error, or 0.
DWORD DescriptorWithDacl(PACL dacl, bool protect, SECURITY_DESCRIPTOR* descriptor);

// Copies the absolute `descriptor` into `*self_relative`; returns the Win32 error, or 0.
DWORD SelfRelativeCopy(SECURITY_DESCRIPTOR* descriptor, std::vector<BYTE>* self_relative);

// Replaces the DACL of the file or folder `path` with `dacl`, protected from inheritance.
DWORD SetProtectedFileDacl(const std::wstring& path, PACL dacl);

}  // namespace bitscts::com
