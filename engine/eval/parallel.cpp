#include "eval/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace ntm::eval {

void for_each_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work)
{
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(std::max<std::size_t>(1, std::min<std::size_t>(jobs, count)));
  const auto run = [&](std::size_t t) {
    try {
      for (std::size_t i = next++; i < count; i = next++) {
        work(i);
      }
    } catch (...) {
      failures[t] = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < failures.size(); ++t) {
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

} // namespace ntm::eval
