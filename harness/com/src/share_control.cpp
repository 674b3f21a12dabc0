#include "share_control.h"

#include <filesystem>
#include <iostream>
#include <system_error>
#include <utility>

#include "random_text.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::wstring_view kEveryone = L"S-1-1-0";

}  // namespace

ComShareControl::ComShareControl(SystemApi& system, std::string scratch)
    : system_(system), scratch_(std::move(scratch)) {}

ComShareControl::~ComShareControl() {
  const CallLog removed = RemoveAll();
  if (!removed.Succeeded()) std::cerr << "bitscts: deleting the run's shares: " << removed << "\n";
}

Outcome<Share> ComShareControl::CreateShare(const std::vector<Principal>& readers) {
  if (!swept_) RemoveLeftovers();  // a share that stays does not stop this one
  CallLog log;
  if (scratch_.empty()) {
    log.Add("a share needs the run's scratch folder, and none was given", hr::kInvalidArg);
    last_calls_ = log;
    return {hr::kInvalidArg, {}};
  }
  std::string name(kSharePrefix);
  {
    RandomChoices random(system_, log);
    for (std::size_t i = 0; i < kAccountSuffixLength; ++i) {
      const std::optional<std::size_t> pick = random.Below(kAccountSuffixAlphabet.size());
      if (!pick) break;
      name += kAccountSuffixAlphabet[*pick];
    }
  }
  std::wstring computer;
  std::wstring runner;
  if (log.Succeeded()) {
    log.Add("GetComputerNameW", FromWin32(system_.GetComputerNameW(&computer)));
    log.Add("the runner's SID (CurrentProcessSid)", FromWin32(system_.CurrentProcessSid(&runner)));
  }
  if (!log.Succeeded()) {
    last_calls_ = log;
    return {log.Result(), {}};
  }
  const Made made{Widen(name), (std::filesystem::path(scratch_) / name).string()};
  std::vector<std::wstring> reader_sids;
  for (const Principal& reader : readers) reader_sids.push_back(Widen(reader.sid));
  if (reader_sids.empty()) reader_sids.emplace_back(kEveryone);
  const std::wstring folder = Widen(made.folder);
  if (log.Add("CreateDirectoryW(" + made.folder + ")", FromWin32(system_.CreateDirectoryW(folder)))
          .Failed()) {
    last_calls_ = log;
    return {log.Result(), {}};
  }
  log.Add("SetNamedSecurityInfoW(" + made.folder + ", readers only)",
          FromWin32(system_.SetFolderReaders(folder, runner, reader_sids)));
  if (log.Succeeded()) {
    log.Add("NetShareAdd(" + name + ")",
            FromWin32(system_.NetShareAdd(ShareSpec{
                made.name, folder, L"bitscts: removed at the end of the run", reader_sids})));
  }
  if (!log.Succeeded()) {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(made.folder), ignored);
    last_calls_ = log;
    return {log.Result(), {}};
  }
  made_.push_back(made);
  last_calls_ = log;
  return {hr::kOk, Share{"\\\\" + Narrow(computer) + "\\" + name, made.folder}};
}

CallLog ComShareControl::RemoveLeftovers() {
  swept_ = true;
  CallLog log;
  std::vector<std::wstring> names;
  if (log.Add("NetShareEnum", FromWin32(system_.NetShareEnum(&names))).Failed()) return log;
  for (const std::wstring& name : names) {
    if (Narrow(name).starts_with(kSharePrefix))
      log.Add("NetShareDel(" + Narrow(name) + ")", FromWin32(system_.NetShareDel(name)));
  }
  return log;
}

void ComShareControl::Remove(const Made& made, CallLog& log) {
  const DWORD deleted = system_.NetShareDel(made.name);
  log.Add("NetShareDel(" + Narrow(made.name) + ")",
          FromWin32(deleted == win32::kNerrNetNameNotFound ? ERROR_SUCCESS : deleted));
  std::error_code error;
  std::filesystem::remove_all(std::filesystem::path(made.folder), error);
  log.Add("removing " + made.folder, error ? hr::kFail : hr::kOk);
}

CallLog ComShareControl::RemoveAll() {
  CallLog log;
  for (const Made& made : made_) Remove(made, log);
  made_.clear();
  return log;
}

}  // namespace bitscts::com
