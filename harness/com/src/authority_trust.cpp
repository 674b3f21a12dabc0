#include "authority_trust.h"

#include <algorithm>

#include "pem.h"
#include "run_marks.h"
#include "text.h"

namespace bitscts::com {
namespace {

const CertificateStoreName kMachineRoot{L"", L"ROOT"};

}  // namespace

AuthorityTrust::~AuthorityTrust() { RemoveAll(); }

HResult AuthorityTrust::TrustAuthority(const std::string& authority_pem) {
  const std::optional<std::vector<std::uint8_t>> der = PemBlock(authority_pem, "CERTIFICATE");
  if (!der) return hr::kInvalidArg;
  const std::string thumbprint = Thumbprint(*der);
  if (std::find(trusted_.begin(), trusted_.end(), thumbprint) != trusted_.end()) return hr::kOk;
  CallLog log;
  if (!swept_) log.Append(RemoveLeftovers());  // a leftover that stays does not stop the trust
  HResult result = hr::kFail;
  if (const std::optional<std::wstring> mark = Mark(log)) {
    result = log.Add("AddCertificate(machine ROOT, " + thumbprint + ")",
                     FromWin32(system_.AddCertificate(kMachineRoot, *der, *mark, L"")));
    if (result.Succeeded()) trusted_.push_back(thumbprint);
  } else {
    result = log.Result();  // the random source's failure
  }
  last_calls_ = log;
  return result;
}

CallLog AuthorityTrust::RemoveLeftovers() {
  CallLog log;
  swept_ = true;
  std::vector<StoreEntry> entries;
  if (log.Add("ListCertificates(machine ROOT)",
              FromWin32(system_.ListCertificates(kMachineRoot, &entries)))
          .Failed()) {
    return log;
  }
  const std::wstring own = Widen(tag_);
  for (const StoreEntry& entry : entries) {
    if (tag_.empty() ? !entry.friendly_name.starts_with(kAuthorityMark)
                     : !IsLeftover(entry.friendly_name, kAuthorityMark, own)) {
      continue;
    }
    log.Add("DeleteCertificate(machine ROOT, " + entry.thumbprint + ")",
            FromWin32(system_.DeleteCertificate(kMachineRoot, entry.thumbprint)));
  }
  return log;
}

CallLog AuthorityTrust::RemoveAll() {
  CallLog log;
  for (const std::string& thumbprint : trusted_) {
    const HResult removed = FromWin32(system_.DeleteCertificate(kMachineRoot, thumbprint));
    log.Add("DeleteCertificate(machine ROOT, " + thumbprint + ")",
            removed == FromWin32(win32::kCryptENotFound) ? hr::kOk : removed);
  }
  trusted_.clear();
  return log;
}

std::optional<std::wstring> AuthorityTrust::Mark(CallLog& log) {
  if (tag_.empty()) {
    const std::optional<std::string> tag = NewRunTag(system_, log);
    if (!tag) return std::nullopt;
    tag_ = *tag;
  }
  return std::wstring(kAuthorityMark) + Widen(tag_);
}

}  // namespace bitscts::com
