#include "folder_acl.h"

#include <algorithm>
#include <system_error>

namespace bitscts::model {

std::string FolderAcl::Key(const std::filesystem::path& folder) {
  std::error_code ignored;
  auto normal = std::filesystem::weakly_canonical(folder, ignored);
  if (normal.empty()) normal = folder.lexically_normal();
  auto text = normal.generic_string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

void FolderAcl::Restrict(const std::filesystem::path& folder, std::set<std::string> writer_sids) {
  writers_[Key(folder)] = {writer_sids.begin(), writer_sids.end()};
}

bool FolderAcl::MayWrite(const std::filesystem::path& folder,
                         const std::vector<std::string>& sids) const {
  const auto it = writers_.find(Key(folder));
  if (it == writers_.end()) return true;
  return std::any_of(sids.begin(), sids.end(),
                     [&](const std::string& sid) { return it->second.contains(sid); });
}

}  // namespace bitscts::model
