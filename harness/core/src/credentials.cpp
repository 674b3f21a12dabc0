#include "bitscts/credentials.h"

#include <cstring>
#include <random>
#include <utility>

namespace bitscts {
namespace {

// Overwrites `size` bytes at `data` with zeros through a volatile pointer, which the compiler
// may not drop.
void ScrubBytes(char* data, std::size_t size) {
  volatile char* bytes = data;
  for (std::size_t i = 0; i < size; ++i) bytes[i] = '\0';
}

}  // namespace

Password::Password(std::string text) : chars_(new char[text.size() + 1]), size_(text.size()) {
  std::memcpy(chars_.get(), text.data(), size_);
  chars_[size_] = '\0';
  ScrubBytes(text.data(), text.size());
}

Password Password::Random(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string text(length, '\0');
  for (char& c : text) c = kAlphabet[pick(device)];
  return Password(std::move(text));
}

Password::Password(Password&& other) noexcept
    : chars_(std::move(other.chars_)), size_(std::exchange(other.size_, 0)) {}

Password& Password::operator=(Password&& other) noexcept {
  if (this != &other) {
    Scrub();
    chars_ = std::move(other.chars_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Password::~Password() { Scrub(); }

void Password::Scrub() {
  if (chars_) ScrubBytes(chars_.get(), size_);
  chars_.reset();
  size_ = 0;
}

void PrintTo(const Password&, std::ostream* out) { *out << "Password(redacted)"; }

std::string Describe(const Credentials& credentials) {
  return Name(credentials.target) + ", " + Name(credentials.scheme) + ", " +
         (credentials.user_name ? *credentials.user_name : std::string("NULL")) + ", " +
         (credentials.password ? "(redacted)" : "NULL");
}

}  // namespace bitscts
