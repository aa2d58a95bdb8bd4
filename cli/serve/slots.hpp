#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace ntm::serve {

/// A counting semaphore that serves waiters in the order they came. std::counting_semaphore
/// wakes waiters in no order, which under load let some requests wait seconds while later ones
/// went first (p99 latency 1 s instead of 0.1 s in bench/serve_load.sh). Rules it enforces:
/// 1. at most `count` holders at once;
/// 2. a slot that comes free goes to the waiter that has waited longest;
/// 3. a waiter that gives up at its deadline leaves the queue, so those behind it move up.
class Slots {
public:
  explicit Slots(unsigned count) : m_free(count) {}

  /// Waits up to `wait` for a slot; true when one was taken (give it back with `release`).
  bool acquire(std::chrono::milliseconds wait)
  {
    std::unique_lock lock(m_mutex);
    std::condition_variable mine; // only this waiter is woken when its turn may have come
    m_queue.push_back(&mine);
    const bool taken = mine.wait_for(lock, wait, [&] { return m_free > 0 && m_queue.front() == &mine; });
    std::erase(m_queue, &mine);
    if (taken) {
      --m_free;
    }
    wake_next();
    return taken;
  }

  void release()
  {
    const std::lock_guard lock(m_mutex);
    ++m_free;
    wake_next();
  }

private:
  /// With `m_mutex` held: lets the longest waiter check for a free slot.
  void wake_next()
  {
    if (m_free > 0 && !m_queue.empty()) {
      m_queue.front()->notify_one();
    }
  }

  std::mutex m_mutex;
  unsigned m_free;
  std::deque<std::condition_variable*> m_queue; // the waiters, longest first
};

} // namespace ntm::serve
