// An owning COM interface pointer: it releases the reference it holds exactly once.
#pragma once

#include <utility>

namespace bitscts::com {

template <typename T>
class ComRef {
 public:
  ComRef() = default;
  // Takes over a reference the caller already owns.
  explicit ComRef(T* owned) : pointer_(owned) {}
  ComRef(const ComRef& other) : pointer_(other.pointer_) {
    if (pointer_ != nullptr) pointer_->AddRef();
  }
  ComRef(ComRef&& other) noexcept : pointer_(std::exchange(other.pointer_, nullptr)) {}
  ComRef& operator=(ComRef other) noexcept {
    std::swap(pointer_, other.pointer_);
    return *this;
  }
  ~ComRef() { Reset(); }

  // Releases the held reference, if any.
  void Reset() {
    if (pointer_ != nullptr) std::exchange(pointer_, nullptr)->Release();
  }
  // Releases the held reference and returns the slot for a call that produces a new one.
  T** Put() {
    Reset();
    return &pointer_;
  }
  // Returns the slot as void** for QueryInterface and CoCreateInstance.
  void** PutVoid() { return reinterpret_cast<void**>(Put()); }

  T* get() const { return pointer_; }
  T* operator->() const { return pointer_; }
  explicit operator bool() const { return pointer_ != nullptr; }

 private:
  T* pointer_ = nullptr;
};

}  // namespace bitscts::com
