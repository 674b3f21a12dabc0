// The model's access-control lists on local folders: a folder made by Target::CreateFolder lets
// only its writers create or replace files in it; any other folder is writable by everyone.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace bitscts::model {

class FolderAcl {
 public:
  // Lets only `writer_sids` create or replace files directly inside `folder`.
  void Restrict(const std::filesystem::path& folder, std::set<std::string> writer_sids);
  // Returns true if and only if one of `sids` may create or replace files directly inside `folder`.
  bool MayWrite(const std::filesystem::path& folder, const std::vector<std::string>& sids) const;

 private:
  static std::string Key(const std::filesystem::path& folder);

  std::map<std::string, std::set<std::string, std::less<>>> writers_;
};

}  // namespace bitscts::model
