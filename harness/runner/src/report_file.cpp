#include "report_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "bitscts/junit/writer.h"
#include "junit_document.h"

namespace bitscts::runner {

CaseRecord InterruptedCase(const ScenarioInfo& scenario) {
  CaseRecord record;
  record.info = scenario;
  record.verdict = Verdict::kError;
  record.message =
      "the run ended during this scenario: it had started and not finished when the run was "
      "killed, "
      "timed out or crashed";
  record.evidence =
      "none recorded: the run ended before the scenario did; what the runner printed last (its "
      "standard error, the CI log) shows where it stopped\n";
  return record;
}

std::string ReplaceFile(const std::string& path, std::string_view content) {
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) return "cannot create " + partial;
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    file.close();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      return "cannot write " + partial;
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    return "cannot rename " + partial + " to " + path + ": " + error.message();
  }
  return {};
}

std::string WriteJUnitFile(const std::string& path, const RunReport& report,
                           const ScenarioInfo* running) {
  std::ostringstream document;
  if (running == nullptr) {
    junit::Write(JUnitDocument(report), document);
  } else {
    RunReport with_running = report;
    with_running.cases.push_back(InterruptedCase(*running));
    junit::Write(JUnitDocument(with_running), document);
  }
  return ReplaceFile(path, document.str());
}

}  // namespace bitscts::runner
