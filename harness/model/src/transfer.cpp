#include "service.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

#include "bitscts/text.h"
#include "file_fetch.h"

namespace bitscts::model {

void Service::StartNextFile(JobRecord& job) {
  if (!network_connected_) {
    WaitForNetwork(job);
    return;
  }
  if (BlockedByCost(job)) {
    BlockByCost(job);
    return;
  }
  const std::size_t index = job.NextFile();
  const FileRecord& file = job.files[index];
  const TransferPlan plan = DecideTransfer(FactsOf(job, file));
  if (plan.refusal) {
    Fail(job, ErrorRecord{plan.refusal->error, index, plan.refusal->protocol}, false);
    return;
  }
  if (std::optional<FetchOutcome> copied =
          CopyRemoteFile(file.remote_url, plan.network_sid, file.temp_path)) {
    Settle(job, index, *copied, "file");
    return;
  }
  StartFetch(job, index, plan);
}

TransferFacts Service::FactsOf(const JobRecord& job, const FileRecord& file) const {
  TransferFacts facts;
  facts.build = build_.build;
  facts.owner = IdentityFactsOf(job, file, job.owner);
  if (job.helper) facts.helper = IdentityFactsOf(job, file, *job.helper);
  facts.helper_flags = job.helper_flags;
  facts.source = SourceKindOf(file.remote_url);
  facts.host = HostOf(file.remote_url);
  facts.folder = file.local_path.parent_path();
  facts.credentials = job.credentials;
  facts.names_certificate = job.client_certificate.has_value();
  facts.proxy_usage = job.proxy_usage;
  facts.proxy_list = job.proxy_list;
  facts.proxy_bypass_list = job.proxy_bypass_list;
  return facts;
}

IdentityFacts Service::IdentityFactsOf(const JobRecord& job, const FileRecord& file,
                                       const Token& token) const {
  IdentityFacts facts;
  facts.token = token;
  facts.may_write_folder = acl_.MayWrite(file.local_path.parent_path(), token.Sids());
  facts.user_proxy = authority_.UserProxyOf(token.user_sid);
  if (const std::optional<JobCertificate>& named = job.client_certificate) {
    const StoredCertificate* found = nullptr;
    if (certificates_
            .Find(named->location, named->store_name, token.user_sid, named->thumbprint, &found)
            .Succeeded()) {
      facts.certificate = *found;
    }
  }
  return facts;
}

std::optional<Presentation> Service::PresentationOf(const CredentialChoice& choice) const {
  switch (choice.kind) {
    case CredentialKind::kNone: return std::nullopt;
    case CredentialKind::kExplicit:
      return Presentation{NetworkIdentity{*choice.given->user_name,
                                          std::string(choice.given->password->Reveal())},
                          CredentialKind::kExplicit};
    case CredentialKind::kImplicit:
      if (std::optional<NetworkIdentity> identity =
              authority_.NetworkIdentityOf(choice.logon_sid)) {
        return Presentation{std::move(*identity), CredentialKind::kImplicit};
      }
      return std::nullopt;  // JOB-OWN-5: LocalService has no network identity
  }
  return std::nullopt;
}

void Service::StartFetch(JobRecord& job, std::size_t index, const TransferPlan& plan) {
  const FileRecord& file = job.files[index];
  std::optional<ProxyHop> proxy;
  if (plan.proxy) proxy = ProxyHop{*plan.proxy, PresentationOf(plan.proxy_credentials)};
  auto fetch =
      std::make_shared<BackgroundFetch>(file.remote_url, PresentationOf(plan.server), proxy,
                                        TlsClient{certificates_.trusted(), plan.certificate},
                                        file.temp_path);
  if (std::optional<FetchOutcome> outcome = fetch->Wait(kAnswerPatience)) {
    Settle(job, index, *outcome, "http");
    return;
  }
  // No answer yet: the request is in flight, and the TRANSFERRING step takes its outcome.
  job.error.reset();
  job.Enter(JobState::kTransferring);
  job.fetch = std::move(fetch);
  job.due = Now() + kFileTransferTime;
}

std::string Service::CreateShare(std::filesystem::path folder, std::set<std::string> reader_sids) {
  const std::string name = "share-" + std::to_string(shares_.size() + 1);
  shares_[name] = Share{std::move(folder), std::move(reader_sids)};
  return name;
}

bool Service::CreateShare(const std::string& name, std::filesystem::path folder,
                          std::set<std::string> reader_sids) {
  return shares_.emplace(name, Share{std::move(folder), std::move(reader_sids)}).second;
}

std::vector<std::string> Service::ShareNames() const {
  std::vector<std::string> names;
  for (const auto& [name, share] : shares_) names.push_back(name);
  return names;
}

std::optional<FetchOutcome> Service::CopyRemoteFile(
    const std::string& remote_name, const std::string& network_sid,
    const std::filesystem::path& destination) const {
  if (const std::optional<UncName> unc = ParseUnc(remote_name)) {
    FetchOutcome refused;
    refused.kind = FetchOutcome::Kind::kPermanentError;
    const auto share = shares_.find(unc->share);
    if (!EqualsIgnoringCase(unc->host, kMachineName) || share == shares_.end()) {
      // Model reading: no server of the model's network offers another share.
      refused.kind = FetchOutcome::Kind::kTransientError;
      refused.error =
          JobError{model_hr::kBadNetPath, ErrorContext::kRemoteFile, "no share " + remote_name};
      return refused;
    }
    // The share admits its readers only; `network_sid` is the identity DecideTransfer chose.
    if (!share->second.readers.empty() && !share->second.readers.contains(network_sid)) {
      refused.error = JobError{hr::kAccessDenied, ErrorContext::kRemoteFile,
                               network_sid + " may not read " + remote_name};
      return refused;
    }
    return CopyToFile(share->second.folder / unc->relative, destination);
  }
  if (const std::optional<std::filesystem::path> local = LocalSourceOf(remote_name)) {
    return CopyToFile(*local, destination);  // JOB-LIM-3 (inferred): read as the service reads it
  }
  return std::nullopt;
}

}  // namespace bitscts::model
