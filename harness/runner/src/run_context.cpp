#include "run_context.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <system_error>

#include "bitscts/environment.h"
#include "report_file.h"
#include "target_factory.h"

namespace bitscts::runner {
namespace {

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
#ifdef _WIN32
  gmtime_s(&parts, &now);
#else
  gmtime_r(&now, &parts);
#endif
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string HostName() {
  for (const char* variable : {"COMPUTERNAME", "HOSTNAME"}) {
    if (std::optional<std::string> value = EnvironmentVariable(variable); value && !value->empty())
      return *value;
  }
  std::ifstream file("/etc/hostname");
  std::string name;
  if (std::getline(file, name) && !name.empty()) return name;
  return "localhost";
}

// Creates a fresh scratch folder whose name marks it as this suite's; returns its path, or an
// empty string with the reason in `problem`.
std::string MakeScratchFolder(std::string* problem) {
  std::error_code error;
  const auto base = std::filesystem::temp_directory_path(error);
  if (error) {
    *problem = "no temporary folder: " + error.message();
    return {};
  }
  std::random_device random;
  std::ostringstream name;
  name << "bitscts-run-" << std::hex << random() << random();
  const auto path = base / name.str();
  if (!std::filesystem::create_directories(path, error) || error) {
    *problem = "cannot create the scratch folder " + path.string() + ": " + error.message();
    return {};
  }
  return path.string();
}

std::variant<ExpectationSet, std::string> LoadExpectations(const Options& options,
                                                           const std::string& family) {
  if (options.expectations_file.empty()) {
    return ParseExpectations(BuiltInExpectations(family), family + ".expect");
  }
  std::ifstream file(options.expectations_file, std::ios::binary);
  if (!file) return "cannot read the expectations file " + options.expectations_file;
  std::ostringstream text;
  text << file.rdbuf();
  return ParseExpectations(text.str(), options.expectations_file);
}

}  // namespace

std::variant<std::unique_ptr<RunContext>, std::string> RunContext::Start(
    const Options& options, const TargetDecorator& decorate) {
  std::unique_ptr<RunContext> run(new RunContext());
  run->report_.started_at = UtcNow();
  run->report_.hostname = HostName();

  run->server_ = std::make_unique<fakeserver::Server>();
  if (std::string error = run->server_->Start(); !error.empty()) {
    return "the fakeserver did not start: " + error;
  }
  std::string problem;
  run->scratch_ = MakeScratchFolder(&problem);
  if (run->scratch_.empty()) return problem;

  auto target = MakeTarget(options, *run->server_, run->scratch_, run->agent_faults_);
  if (auto* error = std::get_if<std::string>(&target)) return *error;
  run->target_ = std::move(std::get<std::unique_ptr<Target>>(target));
  if (decorate) run->target_ = decorate(std::move(run->target_));
  run->report_.target = run->target_->Description();
  if (!options.report_dir.empty()) {
    run->report_path_ =
        (std::filesystem::path(options.report_dir) / ("bitscts-" + run->report_.target.id + ".xml"))
            .string();
  }
  run->hang_in_ = options.test_only_hang_in;

  auto expectations = LoadExpectations(options, run->report_.target.family);
  if (auto* error = std::get_if<std::string>(&expectations)) return *error;
  run->expectations_ = std::move(std::get<ExpectationSet>(expectations));
  run->report_.expectations = run->expectations_.source();

  run->capabilities_ = run->target_->Probe();
  run->target_->Controls().Declare(run->capabilities_);
  return run;
}

void RunContext::ScenarioStarting(const ScenarioInfo& scenario) { UpdateReportFile(&scenario); }

void RunContext::ScenarioFinished(CaseRecord record) {
  report_.cases.push_back(std::move(record));
  UpdateReportFile(nullptr);
}

std::string RunContext::WriteReport() {
  if (report_path_.empty()) return {};
  return WriteJUnitFile(report_path_, report_);
}

void RunContext::UpdateReportFile(const ScenarioInfo* running) {
  if (report_path_.empty()) return;
  const std::string error = WriteJUnitFile(report_path_, report_, running);
  if (!error.empty() && !report_failure_said_) {
    report_failure_said_ = true;
    std::cerr << "bitscts: the report cannot be kept up to date as scenarios run: " << error
              << "\n";
  }
}

RunContext::~RunContext() {
  if (target_) target_->CancelLeftoverJobs();
  target_.reset();
  if (server_) server_->Stop();
  if (!scratch_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_, ignored);
  }
}

}  // namespace bitscts::runner
