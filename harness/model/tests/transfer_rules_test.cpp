// The model's transfer decision (transfer_rules.h), one row per clause: what the row changes in a
// plain transfer (a standard user's HTTP download with a helper token set and no flags) and the
// decision it leads to, written out as Describe writes a TransferPlan. Rows marked "model-reading"
// show what the model decides where no clause speaks (SetProxySettings's lists).
#include "transfer_rules.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace bitscts::model {
namespace {

const std::string kOwnerSid = "S-1-5-21-1-2-3-1001";
const std::string kHelperSid = "S-1-5-21-1-2-3-1002";
const std::string kSystemSid = "S-1-5-18";

// Returns "owner", "helper" or "system" for the SIDs of the table.
std::string Who(const std::string& sid) {
  if (sid == kOwnerSid) return "owner";
  if (sid == kHelperSid) return "helper";
  if (sid == kSystemSid) return "system";
  return sid;
}

std::string Describe(const CredentialChoice& choice) {
  switch (choice.kind) {
    case CredentialKind::kNone: return "anonymous";
    case CredentialKind::kExplicit: return "explicit " + choice.given->user_name.value_or("?");
    case CredentialKind::kImplicit: return "implicit " + Who(choice.logon_sid);
  }
  return "?";
}

// Writes `plan` as one line: the refusal, or the identities, credentials, proxy and certificate.
std::string Describe(const TransferPlan& plan) {
  std::ostringstream out;
  if (plan.refusal) {
    out << "refused " << plan.refusal->error.code.Name() << " "
        << Name(plan.refusal->error.context);
    if (!plan.refusal->protocol.empty()) out << " " << plan.refusal->protocol;
    return out.str();
  }
  out << "network " << Who(plan.network_sid) << ", local " << Who(plan.local_sid) << ", server "
      << Describe(plan.server);
  if (plan.proxy) {
    out << ", proxy " << plan.proxy->host << ":" << plan.proxy->port << " "
        << Describe(plan.proxy_credentials);
  }
  if (plan.certificate) out << ", certificate " << plan.certificate->thumbprint;
  return out.str();
}

IdentityFacts Identity(const std::string& sid, PrincipalKind kind) {
  IdentityFacts facts;
  facts.token.user_sid = sid;
  facts.token.kind = kind;
  return facts;
}

StoredCertificate Certificate(const std::string& thumbprint, const std::string& key_user_sid) {
  return StoredCertificate{ClientCertificate{"", "", thumbprint}, key_user_sid};
}

// A transfer of the table, with the credentials its facts point to.
struct Transfer {
  TransferFacts facts;
  std::vector<StoredCredentials> credentials;

  Transfer() {
    facts.build = builds::kWindows1809;
    facts.owner = Identity(kOwnerSid, PrincipalKind::kStandardUser);
    facts.helper = Identity(kHelperSid, PrincipalKind::kStandardUser);
    facts.host = "files.example";
    facts.folder = "/downloads";
  }
  void SetCredentials(AuthTarget target, AuthScheme scheme,
                      std::optional<std::string> user = std::nullopt) {
    StoredCredentials stored{target, scheme, user, std::nullopt};
    if (user) stored.password = Password("secret");
    credentials.push_back(std::move(stored));
  }
  void Implicit(AuthTarget target) { SetCredentials(target, AuthScheme::kNegotiate); }
  void OwnerIsLocalSystem() { facts.owner = Identity(kSystemSid, PrincipalKind::kLocalSystem); }
  void Https() { facts.source = SourceKind::kHttps; }
  void NameCertificate(std::optional<StoredCertificate> as_owner,
                       std::optional<StoredCertificate> as_helper) {
    facts.names_certificate = true;
    facts.owner.certificate = std::move(as_owner);
    facts.helper->certificate = std::move(as_helper);
  }
};

struct Row {
  const char* clause;
  const char* name;  // what the row shows, in the test's name
  std::function<void(Transfer&)> arrange;
  const char* decision;
};

// Lets GoogleTest name a row by its clause and name instead of its bytes.
void PrintTo(const Row& row, std::ostream* out) { *out << row.clause << " " << row.name; }

constexpr std::uint32_t kLocalFile = token_usage::kLocalFile;
constexpr std::uint32_t kNetwork = token_usage::kNetwork;

const std::vector<Row> kRows = {
    {"HT-FLAG-1", "NoFlagsActAsTheOwner", [](Transfer&) {},
     "network owner, local owner, server anonymous"},
    {"HT-FLAG-1", "TheOwnerCreatesTheTemporaryFile",
     [](Transfer& t) { t.facts.owner.may_write_folder = false; },
     "refused E_ACCESSDENIED BG_ERROR_CONTEXT_LOCAL_FILE"},
    {"HT-FLAG-2", "LocalFileWritesAsTheHelper",
     [](Transfer& t) { t.facts.helper_flags = kLocalFile; },
     "network owner, local helper, server anonymous"},
    {"HT-FLAG-2", "LocalFileDeniedToTheHelper",
     [](Transfer& t) {
       t.facts.helper_flags = kLocalFile;
       t.facts.helper->may_write_folder = false;
     },
     "refused E_ACCESSDENIED BG_ERROR_CONTEXT_LOCAL_FILE"},
    {"HT-FLAG-3", "NetworkAnswersAsTheHelperWithImplicitCredentials",
     [](Transfer& t) {
       t.facts.helper_flags = kNetwork;
       t.Implicit(AuthTarget::kServer);
     },
     "network helper, local owner, server implicit helper"},
    {"HT-FLAG-3", "NetworkWithoutImplicitCredentialsPresentsNobody",
     [](Transfer& t) { t.facts.helper_flags = kNetwork; },
     "network helper, local owner, server anonymous"},
    {"HT-FLAG-3", "NetworkReadsAnSmbFileAsTheHelper",
     [](Transfer& t) {
       t.facts.helper_flags = kNetwork;
       t.facts.source = SourceKind::kSmb;
     },
     "network helper, local owner, server anonymous"},
    {"HT-FLAG-3", "ImplicitCredentialsWithoutTheFlagAnswerAsTheOwner",
     [](Transfer& t) { t.Implicit(AuthTarget::kServer); },
     "network owner, local owner, server implicit owner"},
    {"HT-FLAG-12", "LocalFileWithoutAHelperNeedsAToken",
     [](Transfer& t) {
       t.facts.helper_flags = kLocalFile;
       t.facts.helper.reset();
     },
     "refused BG_E_TOKEN_REQUIRED BG_ERROR_CONTEXT_LOCAL_FILE"},
    {"HT-CLR-3", "NetworkWithoutAHelperNeedsAToken",
     [](Transfer& t) {
       t.facts.helper_flags = kNetwork | kLocalFile;
       t.facts.helper.reset();
     },
     "refused BG_E_TOKEN_REQUIRED BG_ERROR_CONTEXT_REMOTE_FILE"},
    {"HT-FLAG-4", "TheCertificateIsTheOwners",
     [](Transfer& t) {
       t.Https();
       t.facts.helper_flags = kLocalFile;
       t.NameCertificate(Certificate("owner-thumbprint", kOwnerSid),
                         Certificate("helper-thumbprint", kHelperSid));
     },
     "network owner, local helper, server anonymous, certificate owner-thumbprint"},
    {"HT-FLAG-4", "TheHelpersStoresDoNotCount",
     [](Transfer& t) {
       t.Https();
       t.OwnerIsLocalSystem();
       t.facts.helper_flags = kNetwork;
       t.NameCertificate(std::nullopt, Certificate("helper-thumbprint", kHelperSid));
     },
     "refused CRYPT_E_NOT_FOUND BG_ERROR_CONTEXT_REMOTE_FILE http"},
    {"HT-FLAG-5", "NetworkPutsTheKeyOutOfReach",
     [](Transfer& t) {
       t.Https();
       t.facts.helper_flags = kNetwork;
       t.NameCertificate(Certificate("owner-thumbprint", kOwnerSid), std::nullopt);
     },
     "refused ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY BG_ERROR_CONTEXT_REMOTE_FILE http"},
    {"HT-FLAG-5", "LocalSystemKeepsTheKeyUnderNetwork",
     [](Transfer& t) {
       t.Https();
       t.OwnerIsLocalSystem();
       t.facts.helper_flags = kNetwork;
       t.NameCertificate(Certificate("machine-thumbprint", kOwnerSid), std::nullopt);
     },
     "network helper, local system, server anonymous, certificate machine-thumbprint"},
    {"HT-FLAG-13", "PreconfigReadsTheHelpersSettingsFrom1809",
     [](Transfer& t) {
       t.facts.helper_flags = kNetwork;
       t.facts.owner.user_proxy = "owner-proxy:8080";
       t.facts.helper->user_proxy = "helper-proxy:8080";
       t.Implicit(AuthTarget::kProxy);
     },
     "network helper, local owner, server implicit helper, proxy helper-proxy:8080 implicit "
     "helper"},
    {"HT-FLAG-13", "PreconfigReadsTheOwnersSettingsBefore1809",
     [](Transfer& t) {
       t.facts.build = builds::kWindows1809 - 1;
       t.facts.helper_flags = kNetwork;
       t.facts.owner.user_proxy = "owner-proxy:8080";
       t.facts.helper->user_proxy = "helper-proxy:8080";
     },
     "network helper, local owner, server anonymous, proxy owner-proxy:8080 anonymous"},
    {"HT-FLAG-13", "WithoutNetworkTheOwnersSettingsCount",
     [](Transfer& t) {
       t.facts.owner.user_proxy = "owner-proxy:8080";
       t.facts.helper->user_proxy = "helper-proxy:8080";
     },
     "network owner, local owner, server anonymous, proxy owner-proxy:8080 anonymous"},
    {"JOB-OWN-8", "ExplicitServerCredentialsWin",
     [](Transfer& t) {
       t.Implicit(AuthTarget::kServer);
       t.SetCredentials(AuthTarget::kServer, AuthScheme::kBasic, "alice");
     },
     "network owner, local owner, server explicit alice"},
    {"JOB-OWN-8", "TheLatestExplicitCredentialsWin",
     [](Transfer& t) {
       t.SetCredentials(AuthTarget::kServer, AuthScheme::kBasic, "alice");
       t.SetCredentials(AuthTarget::kServer, AuthScheme::kDigest, "bob");
     },
     "network owner, local owner, server explicit bob"},
    {"JOB-OWN-8", "ImplicitProxyCredentialsServeTheServer",
     [](Transfer& t) {
       t.facts.helper_flags = kNetwork;
       t.Implicit(AuthTarget::kProxy);
     },
     "network helper, local owner, server implicit helper"},
    {"JOB-OWN-8", "BasicWithoutAUserIsNotImplicit",
     [](Transfer& t) { t.SetCredentials(AuthTarget::kServer, AuthScheme::kBasic); },
     "network owner, local owner, server anonymous"},
    {"JOB-OWN-8", "SmbNamesIgnoreCredentials",
     [](Transfer& t) {
       t.facts.source = SourceKind::kSmb;
       t.SetCredentials(AuthTarget::kServer, AuthScheme::kBasic, "alice");
       t.facts.proxy_usage = ProxyUsage::kOverride;
       t.facts.proxy_list = "proxy:3128";
     },
     "network owner, local owner, server anonymous"},
    {"JOB-LIM-3", "LocalFilesGoWithoutCredentials",
     [](Transfer& t) {
       t.facts.source = SourceKind::kLocalFile;
       t.Implicit(AuthTarget::kServer);
     },
     "network owner, local owner, server anonymous"},
    {"HT-FLAG-13", "AutodetectFindsNoProxy",
     [](Transfer& t) {
       t.facts.proxy_usage = ProxyUsage::kAutodetect;
       t.facts.owner.user_proxy = "owner-proxy:8080";
     },
     "network owner, local owner, server anonymous"},
    {"HT-FLAG-14", "OverrideUsesTheJobsListWithTheHelper",
     [](Transfer& t) {
       t.facts.build = builds::kWindows1809 - 1;
       t.facts.helper_flags = kNetwork;
       t.facts.proxy_usage = ProxyUsage::kOverride;
       t.facts.proxy_list = "proxy:3128";
       t.Implicit(AuthTarget::kProxy);
     },
     "network helper, local owner, server implicit helper, proxy proxy:3128 implicit helper"},
    {"JOB-OWN-8", "ExplicitProxyCredentialsGoToTheProxy",
     [](Transfer& t) {
       t.facts.proxy_usage = ProxyUsage::kOverride;
       t.facts.proxy_list = "proxy:3128";
       t.SetCredentials(AuthTarget::kProxy, AuthScheme::kBasic, "carol");
     },
     "network owner, local owner, server anonymous, proxy proxy:3128 explicit carol"},
    {"model-reading", "ABypassedHostGoesDirect",
     [](Transfer& t) {
       t.facts.proxy_usage = ProxyUsage::kOverride;
       t.facts.proxy_list = "proxy:3128";
       t.facts.proxy_bypass_list = "*.example";
     },
     "network owner, local owner, server anonymous"},
    {"model-reading", "AMalformedListIsATransportError",
     [](Transfer& t) {
       t.facts.proxy_usage = ProxyUsage::kOverride;
       t.facts.proxy_list = "ftp=proxy:21";
     },
     "refused BG_E_INVALID_PROXY_INFO BG_ERROR_CONTEXT_GENERAL_TRANSPORT"},
};

class TransferRulesTest : public ::testing::TestWithParam<Row> {};

TEST_P(TransferRulesTest, Decides) {
  Transfer transfer;
  GetParam().arrange(transfer);
  transfer.facts.credentials = transfer.credentials;
  EXPECT_EQ(Describe(DecideTransfer(transfer.facts)), GetParam().decision) << GetParam().clause;
}

// Names a row "<clause>_<name>", the clause's hyphens as underscores.
std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  std::string name = std::string(info.param.clause) + "_" + info.param.name;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Clauses, TransferRulesTest, ::testing::ValuesIn(kRows), RowName);

// HT-FLAG-3, JOB-OWN-8: when each kind of credentials goes with a request.
TEST(PresentsTest, ExplicitAlwaysImplicitOnlyInAnswerToALogonChallenge) {
  struct Case {
    CredentialKind kind;
    Challenge challenge;
    bool presented;
  };
  const Case cases[] = {
      {CredentialKind::kNone, Challenge::kNone, false},
      {CredentialKind::kNone, Challenge::kLogon, false},
      {CredentialKind::kExplicit, Challenge::kNone, true},
      {CredentialKind::kExplicit, Challenge::kOther, true},
      {CredentialKind::kImplicit, Challenge::kNone, false},
      {CredentialKind::kImplicit, Challenge::kOther, false},
      {CredentialKind::kImplicit, Challenge::kLogon, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Presents(c.kind, c.challenge), c.presented)
        << "kind " << static_cast<int>(c.kind) << ", challenge " << static_cast<int>(c.challenge);
  }
}

TEST(SourceKindOfTest, UncLocalHttpsAndHttp) {
  EXPECT_EQ(SourceKindOf("\\\\BITSCTS-MODEL\\share-1\\file.bin"), SourceKind::kSmb);
  // An absolute path of this platform ("/tmp/file.bin", "C:/users/…/file.bin").
  const std::string local = (std::filesystem::temp_directory_path() / "file.bin").generic_string();
  const std::string file_url = local.starts_with('/') ? "file://" + local : "file:///" + local;
  EXPECT_EQ(SourceKindOf(file_url), SourceKind::kLocalFile) << file_url;
  EXPECT_EQ(SourceKindOf(local), SourceKind::kLocalFile) << local;
  EXPECT_EQ(SourceKindOf("HTTPS://files.example/file.bin"), SourceKind::kHttps);
  EXPECT_EQ(SourceKindOf("http://files.example/file.bin"), SourceKind::kHttp);
}

TEST(HelperWritesLocalFilesTest, NeedsTheFlagAndAToken) {
  Token helper;
  helper.user_sid = kHelperSid;
  EXPECT_TRUE(HelperWritesLocalFiles(helper, kLocalFile));
  EXPECT_TRUE(HelperWritesLocalFiles(helper, kLocalFile | kNetwork));
  EXPECT_FALSE(HelperWritesLocalFiles(helper, kNetwork));
  EXPECT_FALSE(HelperWritesLocalFiles(std::nullopt, kLocalFile));
}

}  // namespace
}  // namespace bitscts::model
