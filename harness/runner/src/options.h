// Internal: the runner's own command-line options (GoogleTest's --gtest_* flags pass through).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <variant>
#include <vector>
#include "bitscts/target.h"
#include "bitscts/windows_build.h"

namespace bitscts::runner {

// kComModel: the com target's client code over the reference model served through COM.
enum class TargetKind { kModel, kCom, kNull, kComModel };

enum class Action {
  kRun,            // run the scenarios (or list them, when --gtest_list_tests is given)
  kHelp,           // print usage
  kList,           // print every scenario with its clauses
  kModelReadings,  // print the model's readings of unclear clauses
  kClauses,        // print the clause catalogue with its coverage
  kCheckClauses,   // check clause coverage against the catalogue
  kAgent,          // serve as an agent process of the com target on stdin/stdout
  kPreflight,      // check this Windows machine's preconditions of a com-target run
  kPlan,           // print, per scenario, whether the target's controls let it run
};

struct Options {
  Action action = Action::kRun;
  TargetKind target = TargetKind::kModel;
  std::uint32_t model_build = builds::kDefault;
  std::string report_dir = "bitscts-reports";  // empty: write no report (--no-report)
  std::string expectations_file;               // empty: the built-in file of the target's family
  std::vector<std::string> gtest_args;         // argv[0] and every --gtest_* argument, in order
  CallerSettings agent_settings;               // COM security of an agent process (--agent)
  std::string agent_pipe;      // --agent-pipe: serve over this pipe, not stdin/stdout
  std::string agent_service;   // --agent-service: run as this service (needs agent_pipe)
  std::string secret_witness;  // file for the SHA-256 of each generated password
  // --withhold: controls the model or null target withholds, to preview a target without them.
  std::vector<Feature> withheld;
  // Test-only, hidden from --help: --test-only-hang-in=<Family.Name> makes the run hang for ever
  // in that scenario, once the report lists it as interrupted, after saying so on stderr; the
  // ctest test runner/killed-run-report kills it there to check the report a killed run leaves.
  std::string test_only_hang_in;
  // Test-only, hidden from --help: --test-only-broken-client=no-cloaking|notify-flags makes the
  // com-model target's client deliberately wrong, to show that scenarios catch it.
  std::string test_only_broken_client;
};

// Parses argv; on bad input returns a one-line error (without the "bitscts: " prefix).
std::variant<Options, std::string> ParseOptions(int argc, const char* const* argv);

// Returns the word --impersonation takes for `level` ("identify", ...).
std::string LevelWord(ImpersonationLevel level);
// Returns the word --cloaking takes for `cloaking` ("dynamic", ...).
std::string CloakingWord(Cloaking cloaking);

// Returns the usage text printed by --help.
std::string Usage();

}  // namespace bitscts::runner
