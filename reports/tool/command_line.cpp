#include "command_line.h"

#include <algorithm>
#include <array>
#include <string>

#include "bitscts/report/expectations.h"

namespace bitscts::report::tool {
namespace {

constexpr std::string_view kUsage =
    R"(usage: bitscts-report <command> [options] INPUT...

Reads JUnit files written by bitscts, by 'ctest --output-junit' or by
'--gtest_output=xml'. An INPUT is a file or a directory (its *.xml files, by name).
Cases are keyed by target id and scenario id; cases that share a key are kept and
reported on stderr as duplicates.

commands:
  merge -o OUT.xml [--allow-duplicates] INPUT...
      Writes every case of the inputs into one JUnit file (valid against the project's
      schema, junit/schema/bitscts-junit.xsd). Exits 1 if there are duplicates, unless
      --allow-duplicates.
  matrix [-o OUT.html] [--markdown OUT.md] [--junit OUT.xml] [--expectations FILE]...
         [--baseline INPUT]... [--today DATE] [--allow-duplicates] INPUT...
      Writes the cross-target conformance matrix as a self-contained HTML page, a
      Markdown summary (for $GITHUB_STEP_SUMMARY, at most 1 MiB) and/or, as merge
      does, the merged JUnit file, all from one reading of the inputs. At least one
      output. Both open with what regressed since the baseline (as check computes
      it) or, without one, since the previous run of a target given several runs.
  check --baseline INPUT... --current INPUT... [--expectations FILE]... [--today DATE]
      Prints the cells whose verdict changed. Exits 1 if a scenario that passed on the
      baseline (same target, else same target family) fails now, or if an expectation
      has expired (its expires= date is before DATE, default today in UTC).
  check --same-verdicts [--allow-unsupported FEATURE]... --baseline INPUT...
        --current INPUT...
      Compares the one target of the current run with the one target of the baseline,
      whatever their ids and families (e.g. com-model-19045 with model-19045). Prints
      each scenario whose verdict differs or that only one of them ran, and a total.
      Exits 1 if any does, or if a side has duplicates; a scenario now unsupported with
      the reason "needs FEATURE: ..." for an allowed FEATURE (time-control,
      network-control, ...: the names of expectations' needs: lines) is counted apart
      and is not a difference. Exits 2 unless each side holds exactly one target.

options:
  -o, --output FILE      output file ("-" writes to standard output)
  --markdown FILE        Markdown summary file ("-" writes to standard output)
  --junit FILE           matrix: also write the merged JUnit file
  --baseline INPUT       matrix: a baseline run to compare with (repeatable)
  --expectations FILE    an expectation file (e.g. scenarios/expectations/wine.expect)
  --today YYYY-MM-DD     the date expiry is judged on
  --allow-duplicates     exit 0 even when cases written to merged JUnit share a key
  --same-verdicts        check: every verdict must equal the baseline's (see above)
  --allow-unsupported F  check --same-verdicts: accept "unsupported: needs F: ..."
  -h, --help             this text

exit status: 0 success; 1 regression, differing verdict, expired expectation or
duplicates; 2 bad usage or input
)";

class Arguments {
 public:
  explicit Arguments(std::span<const std::string_view> arguments) : arguments_(arguments) {}

  bool Done() const { return next_ >= arguments_.size(); }
  std::string_view Next() { return arguments_[next_++]; }

  // Returns the value of option `name`, given as "--name=value" in `argument` or as the next
  // argument.
  std::string ValueOf(std::string_view name, std::string_view argument) {
    const std::size_t equals = argument.find('=');
    if (equals != std::string_view::npos) return std::string(argument.substr(equals + 1));
    if (Done()) throw UsageError("option " + std::string(name) + " needs a value");
    return std::string(Next());
  }

 private:
  std::span<const std::string_view> arguments_;
  std::size_t next_ = 0;
};

bool IsOption(std::string_view argument, std::string_view name) {
  return argument == name ||
         (argument.substr(0, name.size()) == name && argument.size() > name.size() &&
          argument[name.size()] == '=' && name.substr(0, 2) == "--");
}

Command ParseCommand(std::string_view name) {
  if (name == "merge") return Command::kMerge;
  if (name == "matrix") return Command::kMatrix;
  if (name == "check") return Command::kCheck;
  if (name == "help" || name == "-h" || name == "--help") return Command::kHelp;
  throw UsageError("unknown command '" + std::string(name) + "' (expected merge, matrix or check)");
}

// Returns the feature named `name`; throws UsageError, listing the features, if there is none.
Feature FeatureNamed(const std::string& name) {
  if (const std::optional<Feature> feature = ParseFeature(name)) return *feature;
  std::string known;
  for (const Feature feature : AllFeatures()) {
    known += (known.empty() ? "" : ", ") + std::string(Name(feature));
  }
  throw UsageError("--allow-unsupported '" + name + "' is not a feature (features: " + known + ")");
}

void Validate(const CommandLine& line) {
  switch (line.command) {
    case Command::kHelp: return;
    case Command::kMerge:
      if (line.output.empty()) throw UsageError("merge needs -o OUT.xml");
      if (line.inputs.empty()) throw UsageError("merge needs at least one input file or directory");
      return;
    case Command::kMatrix: {
      if (line.output.empty() && line.markdown.empty() && line.junit.empty()) {
        throw UsageError(
            "matrix needs at least one of -o OUT.html, --markdown OUT.md, --junit OUT.xml");
      }
      const std::array<const std::string*, 3> outputs{&line.output, &line.markdown, &line.junit};
      if (std::count_if(outputs.begin(), outputs.end(),
                        [](const std::string* path) { return *path == "-"; }) > 1) {
        throw UsageError("matrix can write only one of its outputs to standard output");
      }
      if (line.inputs.empty())
        throw UsageError("matrix needs at least one input file or directory");
      return;
    }
    case Command::kCheck:
      if (line.baseline.empty())
        throw UsageError("check needs --baseline followed by files or directories");
      if (line.inputs.empty())
        throw UsageError("check needs --current followed by files or directories");
      if (!line.allowed_unsupported.empty() && !line.same_verdicts)
        throw UsageError("--allow-unsupported is an option of check --same-verdicts only");
      if (line.same_verdicts && !line.expectations.empty())
        throw UsageError(
            "check --same-verdicts compares verdicts only; it takes no --expectations");
      return;
  }
}

}  // namespace

std::string_view UsageText() { return kUsage; }

CommandLine ParseCommandLine(std::span<const std::string_view> arguments) {
  Arguments args(arguments);
  if (args.Done()) throw UsageError("no command given");
  CommandLine line;
  line.command = ParseCommand(args.Next());
  bool positional_is_baseline = false;
  while (!args.Done()) {
    const std::string_view argument = args.Next();
    if (argument == "-h" || argument == "--help") {
      return CommandLine{};
    } else if (IsOption(argument, "-o") || IsOption(argument, "--output")) {
      line.output = args.ValueOf("-o", argument);
    } else if (IsOption(argument, "--markdown")) {
      line.markdown = args.ValueOf("--markdown", argument);
    } else if (IsOption(argument, "--junit")) {
      if (line.command != Command::kMatrix) throw UsageError("--junit is an option of matrix only");
      line.junit = args.ValueOf("--junit", argument);
    } else if (IsOption(argument, "--expectations")) {
      line.expectations.push_back(args.ValueOf("--expectations", argument));
    } else if (IsOption(argument, "--today")) {
      const std::string value = args.ValueOf("--today", argument);
      line.today = ParseDate(value);
      if (!line.today) throw UsageError("--today '" + value + "' is not a date written YYYY-MM-DD");
    } else if (argument == "--allow-duplicates") {
      line.allow_duplicates = true;
    } else if (argument == "--same-verdicts") {
      if (line.command != Command::kCheck)
        throw UsageError("--same-verdicts is an option of check only");
      line.same_verdicts = true;
    } else if (IsOption(argument, "--allow-unsupported")) {
      if (line.command != Command::kCheck)
        throw UsageError("--allow-unsupported is an option of check only");
      line.allowed_unsupported.push_back(
          FeatureNamed(args.ValueOf("--allow-unsupported", argument)));
    } else if (line.command == Command::kMatrix && IsOption(argument, "--baseline")) {
      line.baseline.push_back(args.ValueOf("--baseline", argument));
    } else if (argument == "--baseline" || argument == "--current") {
      if (line.command != Command::kCheck)
        throw UsageError(std::string(argument) + " is an option of check only");
      positional_is_baseline = argument == "--baseline";
    } else if (argument.size() > 1 && argument.front() == '-') {
      throw UsageError("unknown option '" + std::string(argument) + "'");
    } else {
      (positional_is_baseline ? line.baseline : line.inputs).emplace_back(argument);
    }
  }
  Validate(line);
  return line;
}

}  // namespace bitscts::report::tool
