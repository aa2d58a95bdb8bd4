#include "eval/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace ntm::eval {

void for_each_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t, unsigned)>& work)
{
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(std::max<std::size_t>(1, std::min<std::size_t>(jobs, count)));
  const auto run = [&](unsigned t) {
    try {
      for (std::size_t i = next++; i < count; i = next++) {
        work(i, t);
      }
    } catch (...) {
      failures[t] = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < failures.size(); ++t) {
    threads.emplace_back(run, t);
  }
  run(0);
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }
}

void render_in_order(std::size_t count, unsigned jobs, std::size_t block, std::size_t window,
                     const std::function<void(std::size_t, std::string&)>& render,
                     const std::function<void(const std::string&)>& write)
{
  if (count == 0) {
    return;
  }
  block = std::max<std::size_t>(1, block);
  window = std::max<std::size_t>(1, window);
  const std::size_t blocks = (count + block - 1) / block;
  constexpr std::size_t k_empty = std::numeric_limits<std::size_t>::max();
  struct Slot {
    std::string text;
    std::size_t block = k_empty; // the block whose text is ready in it
  };
  // Block b is rendered into slot b % window once block b - window has been written.
  std::vector<Slot> slots(std::min(window, blocks));
  std::mutex lock;
  std::condition_variable changed;
  std::size_t next = 0;    // the next block to render
  std::size_t written = 0; // blocks written
  bool stop = false;
  std::exception_ptr failure;
  const auto fail = [&] {
    const std::lock_guard guard(lock);
    if (!failure) {
      failure = std::current_exception();
    }
    stop = true;
  };
  const auto renderer = [&] {
    for (;;) {
      std::size_t b = 0;
      {
        std::unique_lock guard(lock);
        changed.wait(guard, [&] { return stop || next >= blocks || next < written + slots.size(); });
        if (stop || next >= blocks) {
          return;
        }
        b = next++;
      }
      Slot& slot = slots[b % slots.size()];
      try {
        slot.text.clear();
        for (std::size_t i = b * block; i < std::min(count, (b + 1) * block); ++i) {
          render(i, slot.text);
        }
      } catch (...) {
        fail();
        changed.notify_all();
        return;
      }
      {
        const std::lock_guard guard(lock);
        slot.block = b;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < std::max(1U, jobs) && t < blocks; ++t) {
    threads.emplace_back(renderer);
  }
  try {
    for (std::size_t b = 0; b < blocks; ++b) {
      Slot& slot = slots[b % slots.size()];
      {
        std::unique_lock guard(lock);
        changed.wait(guard, [&] { return stop || slot.block == b; });
        if (stop) {
          break;
        }
      }
      // No renderer touches the slot until `written` passes this block.
      write(slot.text);
      {
        const std::lock_guard guard(lock);
        ++written;
      }
      changed.notify_all();
    }
  } catch (...) {
    fail();
  }
  {
    const std::lock_guard guard(lock);
    stop = true;
  }
  changed.notify_all();
  for (std::thread& thread : threads) {
    thread.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

} // namespace ntm::eval
