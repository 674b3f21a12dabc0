#include "commands.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "bitscts/report/expectations.h"
#include "bitscts/report/html_matrix_writer.h"
#include "bitscts/report/input_error.h"
#include "bitscts/report/junit_file.h"
#include "bitscts/report/markdown_writer.h"
#include "bitscts/report/matrix.h"
#include "bitscts/report/merge.h"
#include "bitscts/report/regression.h"
#include "output_file.h"

namespace bitscts::report::tool {
namespace {

namespace fs = std::filesystem;

// Returns the files an input names: itself, or a directory's *.xml files sorted by name.
std::vector<fs::path> ExpandInput(const std::string& input) {
  std::error_code error;
  const fs::file_status status = fs::status(input, error);
  if (!fs::exists(status)) throw InputError(input + ": no such file or directory");
  if (!fs::is_directory(status)) return {fs::path(input)};
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(input, error)) {
    if (entry.path().extension() == ".xml" && entry.is_regular_file())
      files.push_back(entry.path());
  }
  if (error) throw InputError(input + ": cannot list the directory: " + error.message());
  if (files.empty()) throw InputError(input + ": the directory holds no .xml file");
  std::sort(files.begin(), files.end());
  return files;
}

// Prints each set of cases of `report` that share a key; returns true if there is any.
bool ReportDuplicates(const Report& report, std::ostream& diagnostics) {
  const std::vector<Duplicate> duplicates = FindDuplicates(report);
  for (const Duplicate& duplicate : duplicates) {
    diagnostics << "bitscts-report: duplicate: " << duplicate.target_id << ' '
                << duplicate.scenario_id << " occurs " << duplicate.sources.size() << " times (";
    for (std::size_t i = 0; i < duplicate.sources.size(); ++i)
      diagnostics << (i ? ", " : "") << duplicate.sources[i];
    diagnostics << ")\n";
  }
  return !duplicates.empty();
}

// Returns every case of every input, checking that nothing was lost on the way.
Report ReadInputs(const std::vector<std::string>& inputs) {
  std::vector<Report> reports;
  std::size_t cases_read = 0;
  for (const std::string& input : inputs) {
    for (const fs::path& file : ExpandInput(input)) {
      reports.push_back(ReadJUnitFile(file));
      cases_read += reports.back().CaseCount();
    }
  }
  Report merged = Merge(std::move(reports));
  if (merged.CaseCount() != cases_read)
    throw InputError("internal error: cases were lost while merging");
  return merged;
}

std::vector<ExpectationFile> ReadExpectations(const std::vector<std::string>& paths) {
  std::vector<ExpectationFile> files;
  for (const std::string& path : paths) files.push_back(ReadExpectationsFile(path));
  return files;
}

}  // namespace

int RunMerge(const CommandLine& line, std::ostream& diagnostics) {
  const Report merged = ReadInputs(line.inputs);
  const bool has_duplicates = ReportDuplicates(merged, diagnostics);
  WriteOutputFile(line.output, [&](std::ostream& out) { WriteJUnit(merged, out); });
  return has_duplicates && !line.allow_duplicates ? 1 : 0;
}

int RunMatrix(const CommandLine& line, std::chrono::year_month_day today,
              std::ostream& diagnostics) {
  const Report merged = ReadInputs(line.inputs);
  // Earlier runs of a target are its history, not duplicates of its latest run.
  const Report latest = LatestRuns(merged);
  const bool has_duplicates = ReportDuplicates(latest, diagnostics);
  const std::vector<ExpectationFile> expectations = ReadExpectations(line.expectations);
  const Matrix matrix = BuildMatrix(merged);
  std::optional<BaselineComparison> comparison;
  if (!line.baseline.empty()) {
    const Report baseline = ReadInputs(line.baseline);
    comparison = BaselineComparison{baseline.Targets(),
                                    CheckRegressions(baseline, latest, expectations, today)};
  }
  const BaselineComparison* against = comparison ? &*comparison : nullptr;
  if (!line.output.empty()) {
    WriteOutputFile(line.output, [&](std::ostream& out) {
      WriteHtmlMatrix(matrix, expectations, today, out, against);
    });
  }
  if (!line.markdown.empty()) {
    WriteOutputFile(line.markdown,
                    [&](std::ostream& out) { WriteMarkdownSummary(matrix, out, against); });
  }
  if (!line.junit.empty()) {
    WriteOutputFile(line.junit, [&](std::ostream& out) { WriteJUnit(merged, out); });
    if (has_duplicates && !line.allow_duplicates) return 1;
  }
  return 0;
}

int RunCheck(const CommandLine& line, std::chrono::year_month_day today, std::ostream& out,
             std::ostream& diagnostics) {
  const Report baseline = ReadInputs(line.baseline);
  const bool baseline_has_duplicates = ReportDuplicates(baseline, diagnostics);
  const Report current = ReadInputs(line.inputs);
  const bool current_has_duplicates = ReportDuplicates(current, diagnostics);
  if (line.same_verdicts) {
    const SameVerdictsCheck check = CheckSameVerdicts(baseline, current, line.allowed_unsupported);
    PrintSameVerdictsCheck(check, out);
    return check.Failed() || baseline_has_duplicates || current_has_duplicates ? 1 : 0;
  }
  const RegressionCheck check =
      CheckRegressions(baseline, current, ReadExpectations(line.expectations), today);
  PrintRegressionCheck(check, out);
  return check.Failed() ? 1 : 0;
}

}  // namespace bitscts::report::tool
