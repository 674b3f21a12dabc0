#include "bitscts/com/secret.h"

#include <algorithm>
#include <atomic>
#include <utility>

namespace bitscts::com {

void ScrubMemory(void* data, std::size_t size) {
  // Writes through a volatile pointer are observable behaviour, so they are not removed as dead
  // stores before the buffer is freed; the fence keeps them ahead of whatever follows.
  volatile unsigned char* bytes = static_cast<volatile unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = 0;
  std::atomic_signal_fence(std::memory_order_seq_cst);
}

Secret::Secret(std::wstring_view text) : chars_(new wchar_t[text.size() + 1]), size_(text.size()) {
  std::copy(text.begin(), text.end(), chars_.get());
  chars_[size_] = L'\0';
}

Secret::Secret(Secret&& other) noexcept
    : chars_(std::move(other.chars_)), size_(std::exchange(other.size_, 0)) {}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Scrub();
    chars_ = std::move(other.chars_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Secret::~Secret() { Scrub(); }

void Secret::Scrub() {
  if (chars_) ScrubMemory(chars_.get(), (size_ + 1) * sizeof(wchar_t));
  chars_.reset();
  size_ = 0;
}

void PrintTo(const Secret& secret, std::ostream* out) {
  *out << "Secret(" << secret.size() << " characters, redacted)";
}

}  // namespace bitscts::com
