#include "net/event_poller.h"

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#endif

#include <algorithm>

namespace bitscts::fakeserver::internal {

#ifdef __linux__

EventPoller::EventPoller() {
  poll_ = epoll_create1(EPOLL_CLOEXEC);
  wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (poll_ < 0 || wake_ < 0) return;
  epoll_event event{};
  event.events = EPOLLIN;  // level-triggered: once woken, every Wait sees it
  event.data.u64 = kWoken;
  if (epoll_ctl(poll_, EPOLL_CTL_ADD, wake_, &event) != 0) {
    close(poll_);
    poll_ = -1;
  }
}

EventPoller::~EventPoller() {
  if (poll_ >= 0) close(poll_);
  if (wake_ >= 0) close(wake_);
}

bool EventPoller::valid() const { return poll_ >= 0 && wake_ >= 0; }

bool EventPoller::WatchOnce(const Socket& socket, std::uint64_t id) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.u64 = id;
  // A socket watched before is re-armed; a new one is added.
  if (epoll_ctl(poll_, EPOLL_CTL_MOD, socket.handle(), &event) == 0) return true;
  return errno == ENOENT && epoll_ctl(poll_, EPOLL_CTL_ADD, socket.handle(), &event) == 0;
}

void EventPoller::Forget(const Socket& socket) {
  epoll_ctl(poll_, EPOLL_CTL_DEL, socket.handle(), nullptr);
}

std::uint64_t EventPoller::Wait(std::chrono::milliseconds timeout) {
  epoll_event event{};
  const int waited = static_cast<int>(std::clamp<long long>(timeout.count(), 0, INT_MAX));
  const int count = epoll_wait(poll_, &event, 1, waited);
  return count == 1 ? event.data.u64 : kNothing;
}

void EventPoller::Wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(wake_, &one, sizeof one);
}

#else

EventPoller::EventPoller() = default;
EventPoller::~EventPoller() = default;
bool EventPoller::valid() const { return false; }
bool EventPoller::WatchOnce(const Socket&, std::uint64_t) { return false; }
void EventPoller::Forget(const Socket&) {}
std::uint64_t EventPoller::Wait(std::chrono::milliseconds) { return kWoken; }
void EventPoller::Wake() {}

#endif

}  // namespace bitscts::fakeserver::internal
