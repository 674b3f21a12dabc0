// The base of every COM test double: AddRef and Release are counted so that a test can check
// that the code under test released every reference it took (the documentation sample leaks one),
// and QueryInterface is a mock. Doubles live on the test's stack: Release never deletes them.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>

#include "bitscts/com/bits_api.h"

// Prints GUIDs (interface and class identifiers in gMock messages) in registry format.
void PrintTo(const GUID& guid, std::ostream* out);

namespace bitscts::mocks {

// The references code under test holds on one test double.
class ReferenceCount {
 public:
  explicit ReferenceCount(std::string name) : name_(std::move(name)) {}
  // Counts an AddRef; returns the new count.
  ULONG Acquire();
  // Counts a Release; returns the new count.
  ULONG Drop();
  // Returns references taken and not given back; negative after more releases than references.
  long outstanding() const { return outstanding_.load(); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::atomic<long> outstanding_{0};
};

// A double of `Interface`, which derives from each of `Bases` (as IBackgroundCopyJob5 from
// IBackgroundCopyJob): QueryInterface answers for those too.
template <typename Interface, typename... Bases>
class MockComObject : public Interface {
 public:
  using InterfaceType = Interface;

  // `name` names the double in failure messages, e.g. "job".
  explicit MockComObject(std::string name) : references_(std::move(name)) {
    ON_CALL(*this, QueryInterface).WillByDefault([this](REFIID iid, void** object) {
      return AnswerOwnInterfaces(iid, object);
    });
  }
  virtual ~MockComObject() = default;
  MockComObject(const MockComObject&) = delete;
  MockComObject& operator=(const MockComObject&) = delete;

  // By default answers IUnknown, Interface and Bases with itself (and a reference), E_NOINTERFACE
  // otherwise.
  MOCK_METHOD(HRESULT, QueryInterface, (REFIID iid, void** object), (override));
  ULONG STDMETHODCALLTYPE AddRef() override { return references_.Acquire(); }
  ULONG STDMETHODCALLTYPE Release() override { return references_.Drop(); }

  const ReferenceCount& references() const { return references_; }

 private:
  HRESULT AnswerOwnInterfaces(REFIID iid, void** object) {
    if (object == nullptr) return E_POINTER;
    if (com::SameGuid(iid, com::IidOf<IUnknown>()) || com::SameGuid(iid, com::IidOf<Interface>()) ||
        (com::SameGuid(iid, com::IidOf<Bases>()) || ...)) {
      AddRef();
      *object = static_cast<Interface*>(this);
      return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }

  ReferenceCount references_;
};

// Expects every double to hold no reference taken by the code under test, naming each that does.
template <typename... Doubles>
void ExpectAllReleased(const Doubles&... doubles) {
  const auto check = [](const ReferenceCount& count) {
    EXPECT_EQ(count.outstanding(), 0)
        << "the code under test " << (count.outstanding() > 0 ? "kept " : "over-released ")
        << (count.outstanding() > 0 ? count.outstanding() : -count.outstanding())
        << " reference(s) to the " << count.name();
  };
  (check(doubles.references()), ...);
}

// An action for a method that hands out an interface through its argument N (a T** or a void**,
// as CreateJob, GetJob, GetError, QueryInterface and CoCreateInstance do): stores `object` there
// with a new reference, as COM requires of the callee, and returns S_OK.
template <std::size_t N, typename Double>
auto HandOut(Double& object) {
  return [&object](auto&&... args) -> HRESULT {
    auto slot = std::get<N>(std::tie(args...));
    typename Double::InterfaceType* pointer = &object;
    object.AddRef();
    if constexpr (std::is_same_v<decltype(slot), void**>) {
      *slot = static_cast<void*>(pointer);
    } else {
      *slot = pointer;
    }
    return S_OK;
  };
}

// An action that stores `text` in argument N (an LPWSTR*) as memory from `TaskString` and returns
// S_OK.
template <std::size_t N, typename System>
auto HandOutString(System& system, std::wstring text) {
  return [&system, text](auto&&... args) -> HRESULT {
    *std::get<N>(std::tie(args...)) = system.TaskString(text);
    return S_OK;
  };
}

// Matches a GUID argument equal to `expected`.
MATCHER_P(GuidIs, expected, "is the GUID " + ::testing::PrintToString(expected)) {
  return com::SameGuid(arg, expected);
}

// Matches an interface identifier argument equal to IidOf<Interface>().
template <typename Interface>
auto IidIs() {
  return GuidIs(com::IidOf<Interface>());
}

}  // namespace bitscts::mocks
