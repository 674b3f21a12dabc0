#include "client_certificate_stores.h"

#include <algorithm>
#include <cctype>

#include "pem.h"
#include "run_marks.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::wstring_view kLocalSystemSid = L"S-1-5-18";
// The service accounts whose hives Windows keeps loaded: their stores are reachable without a
// password, so a crashed run's certificates there are found.
constexpr std::wstring_view kLoadedServiceHives[] = {L"S-1-5-18", L"S-1-5-19", L"S-1-5-20"};

// Returns a description of `store` for call logs: "machine MY" or "<sid> MY".
std::string Describe(const CertificateStoreName& store) {
  return (store.user_sid.empty() ? std::string("machine") : Narrow(store.user_sid)) + " " +
         Narrow(store.name);
}

// Returns `text` in lower case (ASCII).
std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Scrubs a private key's bytes when it leaves scope, on every path.
struct ScrubbedOnExit {
  std::vector<std::uint8_t>& bytes;
  ~ScrubbedOnExit() { ScrubMemory(bytes.data(), bytes.size()); }
};

}  // namespace

ClientCertificateStores::~ClientCertificateStores() { RemoveAll(); }

template <typename Use>
HResult ClientCertificateStores::InStore(const std::string& owner,
                                         const CertificateStoreName& store, CallLog& log, Use use) {
  const Secret* password = store.user_sid.empty() ? nullptr : password_of_(owner);
  if (password == nullptr) return use();
  UserHive hive;
  const HResult loaded = log.Add("LoadUserHive(" + owner + ")",
                                 FromWin32(system_.LoadUserHive(Widen(owner), *password, &hive)));
  if (loaded.Failed()) return loaded;
  const HResult result = use();
  const HResult unloaded =
      log.Add("UnloadUserHive(" + owner + ")", FromWin32(system_.UnloadUserHive(hive)));
  return result.Failed() ? result : unloaded;
}

HResult ClientCertificateStores::InstallClientCertificate(const Principal& owner,
                                                          CertStoreLocation location,
                                                          const ClientCertificate& certificate) {
  CertificateStoreName store{L"", L"MY"};
  switch (location) {
    case CertStoreLocation::kLocalMachine: break;
    case CertStoreLocation::kCurrentUser: store.user_sid = Widen(owner.sid); break;
    default: return hr::kInvalidArg;
  }
  if (owner.sid.empty()) return hr::kInvalidArg;
  const std::optional<std::vector<std::uint8_t>> der =
      PemBlock(certificate.certificate_pem, "CERTIFICATE");
  if (!der) return hr::kInvalidArg;
  const std::string thumbprint = Thumbprint(*der);
  if (!certificate.thumbprint.empty() && Lower(certificate.thumbprint) != thumbprint)
    return hr::kInvalidArg;
  std::optional<std::vector<std::uint8_t>> key =
      PemBlock(certificate.private_key_pem, "PRIVATE KEY");
  if (!key) return hr::kInvalidArg;
  const ScrubbedOnExit scrubbed{*key};

  CallLog log;
  if (!swept_) log.Append(RemoveLeftovers());  // a leftover that stays does not stop this
  const std::size_t before = log.calls().size();
  const auto conclude = [&](HResult result) {
    last_calls_ = log;
    return result;
  };
  std::wstring runner;
  if (const HResult read =
          log.Add("CurrentProcessSid", FromWin32(system_.CurrentProcessSid(&runner)));
      read.Failed() || !EnsureTag(log)) {
    return conclude(log.calls().size() > before ? log.calls().back().hr : hr::kFail);
  }
  std::vector<std::wstring> users{Widen(owner.sid)};
  if (users.front() != kLocalSystemSid) users.emplace_back(kLocalSystemSid);
  const std::wstring container =
      std::wstring(kMachineKeyMark) + Widen(tag_) + L"-" + Widen(thumbprint);
  MachineKey imported_key;
  const HResult imported =
      log.Add("ImportMachineKey(" + Narrow(container) + ", for " + owner.name + " and LocalSystem)",
              FromWin32(system_.ImportMachineKey(container, PrivateKeyBytes{*key}, users, runner,
                                                 &imported_key)));
  if (imported.Failed()) return conclude(imported);
  const std::wstring friendly_name = std::wstring(kClientCertificateMark) + Widen(tag_);
  const HResult added = InStore(owner.name, store, log, [&] {
    return log.Add("AddCertificate(" + Describe(store) + ", " + thumbprint + ")",
                   FromWin32(system_.AddCertificate(store, *der, friendly_name, container)));
  });
  if (added.Failed()) {
    log.Add("DeleteImportedKey(" + Narrow(container) + ")",
            FromWin32(system_.DeleteImportedKey(imported_key)));
    return conclude(added);
  }
  installed_.push_back({owner.name, store, thumbprint, container, imported_key});
  return conclude(added);
}

CallLog ClientCertificateStores::RemoveLeftovers() {
  CallLog log;
  swept_ = true;
  const std::wstring own = Widen(tag_);
  const auto leftover = [&](std::wstring_view name, std::wstring_view mark) {
    return tag_.empty() ? name.starts_with(mark) : IsLeftover(name, mark, own);
  };
  std::vector<std::wstring> keys;
  if (log.Add("ListMachineKeys", FromWin32(system_.ListMachineKeys(&keys))).Succeeded()) {
    for (const std::wstring& key : keys) {
      if (!leftover(key, kMachineKeyMark)) continue;
      log.Add("DeleteMachineKey(" + Narrow(key) + ")", FromWin32(system_.DeleteMachineKey(key)));
    }
  }
  std::vector<CertificateStoreName> stores{{L"", L"MY"}};
  for (const std::wstring_view sid : kLoadedServiceHives)
    stores.push_back({std::wstring(sid), L"MY"});
  for (const CertificateStoreName& store : stores) {
    std::vector<StoreEntry> entries;
    if (log.Add("ListCertificates(" + Describe(store) + ")",
                FromWin32(system_.ListCertificates(store, &entries)))
            .Failed()) {
      continue;
    }
    for (const StoreEntry& entry : entries) {
      if (!leftover(entry.friendly_name, kClientCertificateMark)) continue;
      log.Add("DeleteCertificate(" + Describe(store) + ", " + entry.thumbprint + ")",
              FromWin32(system_.DeleteCertificate(store, entry.thumbprint)));
    }
  }
  return log;
}

CallLog ClientCertificateStores::RemoveAll() {
  CallLog log;
  const HResult not_found = FromWin32(win32::kCryptENotFound);
  const HResult no_key = FromWin32(win32::kNteBadKeyset);
  for (const Installed& installed : installed_) {
    InStore(installed.owner, installed.store, log, [&] {
      const HResult removed =
          FromWin32(system_.DeleteCertificate(installed.store, installed.thumbprint));
      return log.Add("DeleteCertificate(" + Describe(installed.store) + ", " +
                         installed.thumbprint + ")",
                     removed == not_found ? hr::kOk : removed);
    });
    const HResult removed = FromWin32(system_.DeleteImportedKey(installed.key));
    log.Add("DeleteImportedKey(" + Narrow(installed.container) + ")",
            removed == no_key ? hr::kOk : removed);
  }
  installed_.clear();
  return log;
}

bool ClientCertificateStores::EnsureTag(CallLog& log) {
  if (!tag_.empty()) return true;
  const std::optional<std::string> tag = NewRunTag(system_, log);
  if (!tag) return false;
  tag_ = *tag;
  return true;
}

}  // namespace bitscts::com
