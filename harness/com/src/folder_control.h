// FolderControl on the com target: folders in the run's scratch folder whose protected DACL
// (nothing inherited from the scratch folder) lets the runner and LocalSystem do anything and the
// named writers create, replace and delete files, and nobody else write. They are removed when the
// control goes (the end of the run); the first folder of a run removes those a crashed run left.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"

namespace bitscts::com {

// The prefix of the runner's scratch folders (harness/runner: <temp>\bitscts-run-<hex>).
inline constexpr std::string_view kRunFolderPrefix = "bitscts-run-";
// The prefix of the folders ComFolderControl makes in a scratch folder.
inline constexpr std::string_view kWritersFolderPrefix = "writers-";

class ComFolderControl final : public FolderControl {
 public:
  // Makes folders in `scratch` (a folder the runner made, named kRunFolderPrefix...).
  ComFolderControl(SystemApi& system, std::string scratch);
  // Removes every folder the control made, with whatever BITS wrote into them.
  ~ComFolderControl() override;
  ComFolderControl(const ComFolderControl&) = delete;
  ComFolderControl& operator=(const ComFolderControl&) = delete;

  // Creates scratch\writers-<n> (CreateDirectoryW) and gives it its DACL (SetFolderWriters):
  // LocalSystem full control, each writer's SID modify rights, the runner's process SID the right
  // to read and remove but not to write (a job the runner owns cannot save there, as on the
  // model). A failed call removes the folder again and returns the call's HRESULT (last_calls()
  // names it).
  Outcome<std::string> CreateFolder(const std::vector<Principal>& writers) override;

  // Removes the kWritersFolderPrefix folders in the other kRunFolderPrefix folders next to the
  // scratch folder: those a crashed run left. The calls it made (a failed removal: a folder that
  // stays). Done once, before the first CreateFolder, unless done before.
  CallLog RemoveLeftovers();
  // Returns the calls of the last CreateFolder, for evidence.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  SystemApi& system_;
  std::string scratch_;
  std::vector<std::string> made_;
  int count_ = 0;
  bool swept_ = false;
  CallLog last_calls_;
};

}  // namespace bitscts::com
