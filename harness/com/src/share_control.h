// Internal: SMB shares of the com target, each a new folder under the run's scratch folder
// shared with NetShareAdd so that only the named readers may read it, through the share and in
// the folder's own DACL. Every share is named "bitscts-<random>", so that the run deletes its
// own at its end and the next run deletes those a crashed run left (NetShareEnum).
#pragma once

#include <string>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"

namespace bitscts::com {

// The prefix of every share the com target creates.
inline constexpr std::string_view kSharePrefix = "bitscts-";

class ComShareControl final : public ShareControl {
 public:
  // Shares folders made under `scratch`.
  ComShareControl(SystemApi& system, std::string scratch);
  ComShareControl(const ComShareControl&) = delete;
  ComShareControl& operator=(const ComShareControl&) = delete;
  // Deletes the run's shares and their folders (RemoveAll).
  ~ComShareControl() override;

  // Makes <scratch>\<share name>, lets LocalSystem, Administrators and the runner do anything in
  // it and each reader (everyone, S-1-1-0, when there is none) read it, shares it with the same
  // readers and returns \\<computer name>\<share name>. The first call deletes the shares
  // earlier runs left. On failure nothing is left behind and last_calls() says what failed.
  Outcome<Share> CreateShare(const std::vector<Principal>& readers) override;

  // Deletes every share whose name starts with kSharePrefix; the calls it made (a failed
  // NetShareDel: a share that stays). Done once, before the first CreateShare, unless done before.
  CallLog RemoveLeftovers();
  // Deletes the run's shares and their folders.
  CallLog RemoveAll();
  // Returns the calls of the last CreateShare, for evidence.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  struct Made {
    std::wstring name;
    std::string folder;
  };
  // Deletes one share and its folder.
  void Remove(const Made& made, CallLog& log);

  SystemApi& system_;
  std::string scratch_;
  bool swept_ = false;
  std::vector<Made> made_;
  CallLog last_calls_;
};

}  // namespace bitscts::com
