#include "bitscts/proof.h"

#include <tuple>

namespace bitscts {
namespace {

std::vector<ProofSite>& Registry() {
  static std::vector<ProofSite> registry;
  return registry;
}

}  // namespace

bool RegisterProofSite(const char* clause, const char* file, int line) {
  Registry().push_back({clause, file, line});
  return true;
}

std::vector<ProofSite> ProofSites() {
  std::vector<ProofSite> sorted = Registry();
  std::sort(sorted.begin(), sorted.end(), [](const ProofSite& a, const ProofSite& b) {
    return std::tie(a.file, a.line, a.clause) < std::tie(b.file, b.line, b.clause);
  });
  return sorted;
}

}  // namespace bitscts
