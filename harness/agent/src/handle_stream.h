// Internal: an istream and an ostream over one connected duplex stream (agent_stream.h), usable
// from two threads at once (one reading, one writing): on Windows every ReadFile and WriteFile is
// overlapped with its own event, so a pending read never blocks a write on the same pipe.
#pragma once

#include <array>
#include <atomic>
#include <istream>
#include <ostream>
#include <streambuf>

#include "bitscts/agent/agent_stream.h"

namespace bitscts::agent {

class HandleStream {
 public:
  // Takes ownership of `handle`, which is closed on destruction.
  explicit HandleStream(StreamHandle handle);
  ~HandleStream();
  HandleStream(const HandleStream&) = delete;
  HandleStream& operator=(const HandleStream&) = delete;

  std::istream& in() { return in_; }
  std::ostream& out() { return out_; }
  // Makes the pending read or write, and every later one, fail (the reader then sees the end of
  // input): for a peer that neither answers nor goes away.
  void Cancel();

 private:
  class Buffer final : public std::streambuf {
   public:
    explicit Buffer(HandleStream& owner) : owner_(owner) {}

   protected:
    int_type underflow() override;
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    bool Flush();
    HandleStream& owner_;
    std::array<char, 4096> get_{};
    std::array<char, 4096> put_{};
    bool put_ready_ = false;
  };

  // Reads up to `size` bytes; 0 at the end of the stream, on failure or once cancelled.
  std::size_t Read(char* data, std::size_t size);
  // Writes all `size` bytes; false on failure or once cancelled.
  bool Write(const char* data, std::size_t size);

  StreamHandle handle_;
#ifdef _WIN32
  void* read_event_ = nullptr;  // the events of the overlapped calls
  void* write_event_ = nullptr;
#endif
  std::atomic<bool> cancelled_{false};
  Buffer read_buffer_{*this};
  Buffer write_buffer_{*this};
  std::istream in_{&read_buffer_};
  std::ostream out_{&write_buffer_};
};

}  // namespace bitscts::agent
