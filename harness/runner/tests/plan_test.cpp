// The plan (--plan) says what a run does: a scenario it calls runnable is not stopped for want of
// a control, and one it says lacks a control ends unsupported for that control.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>

#include "bitscts/controls.h"
#include "lenient_expectations.h"
#include "listing.h"
#include "options.h"
#include "run_context.h"
#include "scenario_runner.h"
#include "target_factory.h"

namespace bitscts::runner {
namespace {

// Runs every scenario on the model at `build` withholding `withheld`, and checks each verdict
// against the plan for the same options.
void ExpectRunFollowsPlan(std::uint32_t build, const std::vector<Feature>& withheld) {
  Options options;
  options.target = TargetKind::kModel;
  options.model_build = build;
  options.report_dir.clear();
  options.withheld = withheld;
  // Lenient, without entries: each verdict stays what the scenario ended with.
  const LenientExpectationsFile expectations;
  options.expectations_file = expectations.path();
  std::variant<std::unique_ptr<RunContext>, std::string> started = RunContext::Start(options);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<RunContext>>(started))
      << std::get<std::string>(started);
  RunContext& run = *std::get<std::unique_ptr<RunContext>>(started);

  std::map<std::string, PlannedScenario> plan;
  for (PlannedScenario& planned : Plan(PlannedWithheldControls(options)))
    plan.emplace(planned.id, std::move(planned));
  int lacking = 0;
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    const CaseRecord record = RunScenario(scenario, run);
    const PlannedScenario& planned = plan.at(scenario.info.id());
    if (planned.runnable()) {
      EXPECT_EQ(record.message.find("withheld by --withhold"), std::string::npos)
          << scenario.info.id() << " is runnable by the plan, yet: " << record.message;
      continue;
    }
    ++lacking;
    EXPECT_EQ(record.verdict, Verdict::kUnsupported)
        << scenario.info.id() << ": " << record.message;
    bool named = false;
    for (const auto& [feature, reason] : planned.lacking)
      named |= record.message.find("needs " + std::string(Name(feature))) != std::string::npos;
    EXPECT_TRUE(named) << scenario.info.id()
                       << " lacks a control by the plan, yet: " << record.message;
  }
  EXPECT_GT(lacking, 0) << "the withheld controls stop no scenario: the test checks nothing";
}

TEST(Plan, ARunWithheldControlsFollowsThePlan) {
  ExpectRunFollowsPlan(builds::kDefault, {FolderControl::kFeature, AuthorityControl::kFeature,
                                          NetworkControl::kFeature, ApartmentControl::kFeature,
                                          TokenShapeControl::kFeature, ShareControl::kFeature});
}

TEST(Plan, ARunWithheldOtherControlsFollowsThePlanBeforeWindows10) {
  ExpectRunFollowsPlan(7601, {UserProxyControl::kFeature, SecurityControl::kFeature,
                              LogonControl::kFeature, ServiceControl::kFeature,
                              FileVersionControl::kFeature, ClientCertificateControl::kFeature});
}

TEST(Plan, TheComTargetsPlanNamesWhyForEachWithheldControl) {
  Options options;
  options.target = TargetKind::kCom;
  for (const auto& [feature, reason] : PlannedWithheldControls(options))
    EXPECT_GT(reason.size(), 20u) << Name(feature) << ": a reason a user can act on";
}

}  // namespace
}  // namespace bitscts::runner
