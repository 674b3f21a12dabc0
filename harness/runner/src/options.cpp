#include "options.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include "bitscts/text.h"
#include "bitscts/windows_build.h"

namespace bitscts::runner {
namespace {

// Returns the word an option takes for the SDK name `name`: the part after `prefix`, without
// `suffix` if it ends so, lower-cased ("RPC_C_IMP_LEVEL_IDENTIFY" gives "identify").
std::string OptionWord(std::string_view name, std::string_view prefix,
                       std::string_view suffix = {}) {
  name.remove_prefix(std::min(prefix.size(), name.size()));
  if (!suffix.empty() && name.ends_with(suffix)) name.remove_suffix(suffix.size());
  return Lower(name);
}

std::optional<ImpersonationLevel> ParseLevel(std::string_view text) {
  for (ImpersonationLevel level :
       {ImpersonationLevel::kDefault, ImpersonationLevel::kAnonymous, ImpersonationLevel::kIdentify,
        ImpersonationLevel::kImpersonate, ImpersonationLevel::kDelegate}) {
    if (text == LevelWord(level)) return level;
  }
  return std::nullopt;
}

std::optional<Cloaking> ParseCloaking(std::string_view text) {
  for (Cloaking cloaking : {Cloaking::kNone, Cloaking::kStatic, Cloaking::kDynamic}) {
    if (text == CloakingWord(cloaking)) return cloaking;
  }
  return std::nullopt;
}

}  // namespace

std::string LevelWord(ImpersonationLevel level) {
  return OptionWord(Name(level), "RPC_C_IMP_LEVEL_");
}

std::string CloakingWord(Cloaking cloaking) {
  return OptionWord(Name(cloaking), "EOAC_", "_CLOAKING");
}

std::string Usage() {
  return "Usage: bitscts [OPTIONS] [--gtest_* flags]\n"
         "Runs the BITS helper-token conformance scenarios against one target and writes a JUnit\n"
         "report named after the target id.\n"
         "\n"
         "  --target=model|com|null|com-model\n"
         "                         system under test: the reference model (default), BITS\n"
         "                         through COM (Windows, or Wine for the MinGW build), the\n"
         "                         null target, which answers S_OK and does nothing (a\n"
         "                         scenario that passes there cannot fail), or the com target's\n"
         "                         own code against the model served through COM (not on Windows)\n"
         "  --model-build=N        Windows build the model, null or com-model target emulates\n"
         "                         (default 19045; e.g. 6002 has no BITS 4.0, 7601 uses the\n"
         "                         pre-1607 rules)\n"
         "  --report-dir=DIR       folder for bitscts-<target-id>.xml (default bitscts-reports)\n"
         "  --no-report            write no JUnit report (ctest's per-scenario runs)\n"
         "  --expectations=FILE    expectations file to apply instead of the built-in one\n"
         "  --list                 print every scenario with the clauses it checks, the features\n"
         "                         it needs and the Windows builds it applies to\n"
         "  --clauses              print the clause catalogue: each clause's kind, the scenarios\n"
         "                         proving it, its statement, sources and the model's reading\n"
         "  --check-clauses        fail if the catalogue is malformed or incomplete, a scenario\n"
         "                         names an unknown clause or an API-observable clause has no\n"
         "                         scenario\n"
         "  --model-readings       print the model's reading of each unclear clause and the\n"
         "                         clauses it implements\n"
         "  --plan                 print, for each scenario, whether the target's controls let it\n"
         "                         run or which ones it lacks and why (for --target=com: the\n"
         "                         controls the com target offers on Windows)\n"
         "  --withhold=F,...       make the model or null target withhold these controls (feature\n"
         "                         names, e.g. folder-writers,tls), to see a run without them\n"
         "  --secret-witness=FILE  append the SHA-256 of every generated password to FILE, so\n"
         "                         that logs and reports can be checked for leaks (com target,\n"
         "                         --preflight)\n"
         "  --preflight            check this Windows machine before a com-target run: one line\n"
         "                         per precondition, [ok], [warn] or [fail], with what to change;\n"
         "                         exits 1 when a check failed (Windows builds only)\n"
         "  --agent                serve as an agent process of the com target on standard\n"
         "                         input and output (started by bitscts itself), with\n"
         "  --impersonation=LEVEL  default, anonymous, identify, impersonate (default) or\n"
         "                         delegate, and\n"
         "  --cloaking=KIND        none, static or dynamic (default), and\n"
         "  --apartment=KIND       multithreaded (default) or single-threaded\n"
         "  --agent-pipe=PIPE      serve over the runner's named pipe "
         "\\\\.\\pipe\\bitscts-agent-*\n"
         "                         instead (an agent in a service or another logon session)\n"
         "  --agent-service=NAME   as the service NAME of the service control manager\n"
         "  --help                 print this text\n"
         "\n"
         "GoogleTest flags such as --gtest_filter=Family.* and --gtest_list_tests also work.\n";
}

std::variant<Options, std::string> ParseOptions(int argc, const char* const* argv) {
  Options options;
  options.gtest_args.emplace_back(argc > 0 ? argv[0] : "bitscts");
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--gtest_")) {
      options.gtest_args.emplace_back(arg);
    } else if (arg == "--help" || arg == "-h") {
      options.action = Action::kHelp;
    } else if (arg == "--list") {
      options.action = Action::kList;
    } else if (arg == "--clauses") {
      options.action = Action::kClauses;
    } else if (arg == "--check-clauses") {
      options.action = Action::kCheckClauses;
    } else if (arg == "--model-readings") {
      options.action = Action::kModelReadings;
    } else if (arg == "--preflight") {
      options.action = Action::kPreflight;
    } else if (arg == "--plan") {
      options.action = Action::kPlan;
    } else if (arg.starts_with("--withhold=")) {
      std::string_view rest = arg.substr(11);
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        const std::optional<Feature> feature = ParseFeature(name);
        const std::vector<Feature> controls = ControlSet::ControlFeatures();
        const bool control =
            feature && std::find(controls.begin(), controls.end(), *feature) != controls.end();
        if (!control) {
          return "--withhold: '" + std::string(name) + "' names no control (expected " +
                 "comma-separated control features such as folder-writers,tls)";
        }
        options.withheld.push_back(*feature);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else if (arg.starts_with("--target=")) {
      const std::string_view value = arg.substr(9);
      if (value == "model") {
        options.target = TargetKind::kModel;
      } else if (value == "com") {
        options.target = TargetKind::kCom;
      } else if (value == "null") {
        options.target = TargetKind::kNull;
      } else if (value == "com-model") {
        options.target = TargetKind::kComModel;
      } else {
        return "unknown target '" + std::string(value) +
               "' (expected model, com, null or com-model)";
      }
    } else if (arg.starts_with("--model-build=")) {
      const std::string_view value = arg.substr(14);
      std::uint32_t build = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), build);
      if (value.empty() || error != std::errc{} || end != value.data() + value.size() ||
          build < builds::kOldest || build > builds::kNewest) {
        return "bad build number '" + std::string(value) + "' (expected a Windows build from " +
               std::to_string(builds::kOldest) + " to " + std::to_string(builds::kNewest) + ")";
      }
      options.model_build = build;
    } else if (arg == "--agent") {
      options.action = Action::kAgent;
    } else if (arg.starts_with("--impersonation=")) {
      const std::optional<ImpersonationLevel> level = ParseLevel(arg.substr(16));
      if (!level)
        return "unknown impersonation level '" + std::string(arg.substr(16)) +
               "' (expected default, anonymous, identify, impersonate or delegate)";
      options.agent_settings.level = *level;
    } else if (arg.starts_with("--cloaking=")) {
      const std::optional<Cloaking> cloaking = ParseCloaking(arg.substr(11));
      if (!cloaking)
        return "unknown cloaking '" + std::string(arg.substr(11)) +
               "' (expected none, static or dynamic)";
      options.agent_settings.cloaking = *cloaking;
    } else if (arg.starts_with("--apartment=")) {
      const std::string_view value = arg.substr(12);
      if (value == Name(Apartment::kMultithreaded)) {
        options.agent_settings.apartment = Apartment::kMultithreaded;
      } else if (value == Name(Apartment::kSingleThreaded)) {
        options.agent_settings.apartment = Apartment::kSingleThreaded;
      } else {
        return "unknown apartment '" + std::string(value) +
               "' (expected multithreaded or single-threaded)";
      }
    } else if (arg.starts_with("--agent-pipe=")) {
      options.agent_pipe = std::string(arg.substr(13));
      if (!options.agent_pipe.starts_with(R"(\\.\pipe\bitscts-agent-)")) {
        return "--agent-pipe needs a pipe the runner made, \\\\.\\pipe\\bitscts-agent-*";
      }
    } else if (arg.starts_with("--agent-service=")) {
      options.agent_service = std::string(arg.substr(16));
      if (options.agent_service.empty()) return "--agent-service needs a service name";
    } else if (arg.starts_with("--secret-witness=")) {
      options.secret_witness = std::string(arg.substr(17));
      if (options.secret_witness.empty()) return "--secret-witness needs a file";
    } else if (arg.starts_with("--test-only-hang-in=")) {
      options.test_only_hang_in = std::string(arg.substr(20));
      if (options.test_only_hang_in.find('.') == std::string::npos) {
        return "--test-only-hang-in needs a scenario, as <Family>.<Name>";
      }
    } else if (arg.starts_with("--test-only-broken-client=")) {
      options.test_only_broken_client = std::string(arg.substr(26));
      if (options.test_only_broken_client != "no-cloaking" &&
          options.test_only_broken_client != "notify-flags") {
        return "--test-only-broken-client: expected no-cloaking or notify-flags, not '" +
               options.test_only_broken_client + "'";
      }
    } else if (arg == "--no-report") {
      options.report_dir.clear();
    } else if (arg.starts_with("--report-dir=")) {
      options.report_dir = std::string(arg.substr(13));
      if (options.report_dir.empty()) return "--report-dir needs a folder";
    } else if (arg.starts_with("--expectations=")) {
      options.expectations_file = std::string(arg.substr(15));
      if (options.expectations_file.empty()) return "--expectations needs a file";
    } else {
      return "unknown option '" + std::string(arg) + "' (see --help)";
    }
  }
  if (!options.agent_service.empty() && options.agent_pipe.empty())
    return "--agent-service needs --agent-pipe";
  if (!options.agent_pipe.empty() && options.action != Action::kAgent)
    return "--agent-pipe needs --agent";
  if (options.target == TargetKind::kModel &&
      std::find(options.withheld.begin(), options.withheld.end(), TimeControl::kFeature) !=
          options.withheld.end())
    return "--withhold: the model cannot withhold time-control: its BITS moves only in virtual "
           "time";
  if (!options.withheld.empty() &&
      (options.target == TargetKind::kCom || options.target == TargetKind::kComModel))
    return "--withhold works with the model and null targets only (the com target's controls are "
           "what the machine allows)";
  if (!options.test_only_broken_client.empty() && options.target != TargetKind::kComModel)
    return "--test-only-broken-client needs --target=com-model";
  return options;
}

}  // namespace bitscts::runner
