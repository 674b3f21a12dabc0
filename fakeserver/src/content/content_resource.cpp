#include <string>

#include "content/resource.h"

namespace bitscts::fakeserver::internal {
namespace {

class ContentResource final : public Resource {
 public:
  explicit ContentResource(ContentName name) : name_(name) {}

  std::uint64_t size() const override { return name_.size; }

  std::string entity_tag() const override {
    return "\"content-" + std::to_string(name_.seed) + "-" + std::to_string(name_.size) + "\"";
  }

  // Content never changes, so it carries one fixed date.
  std::string last_modified() const override { return "Mon, 01 Jan 2024 00:00:00 GMT"; }

  bool Read(std::uint64_t offset, std::size_t length, char* out) const override {
    FillContent(name_.seed, offset, reinterpret_cast<std::uint8_t*>(out), length);
    return true;
  }

 private:
  ContentName name_;
};

}  // namespace

std::unique_ptr<Resource> MakeContentResource(ContentName name) {
  return std::make_unique<ContentResource>(name);
}

}  // namespace bitscts::fakeserver::internal
