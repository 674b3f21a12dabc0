// A password held for the length of a run: its characters live in one heap buffer that is
// overwritten with zeros when the Secret is destroyed or replaced. A Secret cannot be copied,
// streamed or converted to a string; the characters are reachable only through Expose(), which
// the raw Windows shim calls to hand them to LogonUserW and NetUserAdd.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string_view>

namespace bitscts::com {

// Overwrites `size` bytes at `data` with zeros in a way the compiler may not elide.
void ScrubMemory(void* data, std::size_t size);

class Secret {
 public:
  Secret() = default;
  // Copies `text` into the secret's own buffer; the caller scrubs its copy.
  explicit Secret(std::wstring_view text);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  // Returns the characters, NUL-terminated (an empty string for an empty secret).
  const wchar_t* Expose() const { return chars_ ? chars_.get() : L""; }
  // Returns the number of characters.
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Never prints the characters: GoogleTest and gMock show "Secret(<n> characters, redacted)".
  friend void PrintTo(const Secret& secret, std::ostream* out);
  // Streaming a secret does not compile.
  template <typename Char, typename Traits>
  friend std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>&,
                                                      const Secret&) = delete;

 private:
  void Scrub();

  std::unique_ptr<wchar_t[]> chars_;
  std::size_t size_ = 0;
};

}  // namespace bitscts::com
