#include "bitscts/evidence.h"

namespace bitscts {

void Evidence::Call(std::string_view what, HResult result) {
  lines_.push_back(std::string(what) + " -> " + result.ToString());
}

void Evidence::Note(std::string line) { lines_.push_back(std::move(line)); }

std::string Evidence::Text() const {
  std::string text;
  for (const std::string& line : lines_) {
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace bitscts
