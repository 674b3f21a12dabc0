// A caller of the com target that lives in an agent process, logged on as a test account: the
// runner's end of it, which tells its target about the jobs it creates and when it goes away.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "bitscts/agent/agent_client.h"
#include "bitscts/controls.h"
#include "bitscts/target.h"

namespace bitscts::com {

class AgentBackedCaller final : public Caller {
 public:
  struct Hooks {
    std::function<void(const std::string& job_id)> job_created;  // for the run's final clean-up
    std::function<void(AgentBackedCaller&)> gone;                // from the destructor
  };

  AgentBackedCaller(std::unique_ptr<agent::AgentCaller> agent, Hooks hooks)
      : agent_(std::move(agent)), hooks_(std::move(hooks)) {}
  // Stops the agent (ending its logon session) and tells the target.
  ~AgentBackedCaller() override {
    agent_->Stop();
    hooks_.gone(*this);
  }

  std::string Sid() const override { return agent_->Sid(); }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    Outcome<std::unique_ptr<Job>> created = agent_->CreateDownloadJob(display_name);
    if (created.value) hooks_.job_created(created.value->Id());
    return created;
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return agent_->OpenJob(job_id);
  }
  HResult Impersonate(const Principal& principal) override {
    return agent_->Impersonate(principal);
  }
  HResult RevertToSelf() override { return agent_->RevertToSelf(); }

  agent::AgentCaller& agent() { return *agent_; }

 private:
  std::unique_ptr<agent::AgentCaller> agent_;
  Hooks hooks_;
};

}  // namespace bitscts::com
