#include "eval/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using ntm::eval::for_each_parallel;
using ntm::eval::render_in_order;

namespace {

/// Item i's text, after a pause that differs from item to item, so that blocks finish out of order.
void render_slowly(std::size_t i, std::string& text)
{
  std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 300));
  text += std::to_string(i) + ",";
}

std::string expected_text(std::size_t count)
{
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += std::to_string(i) + ",";
  }
  return text;
}

} // namespace

TEST_CASE("blocks rendered on several threads are written in item order, one whole block at a time")
{
  std::mt19937 random(20231);
  for (int run = 0; run < 40; ++run) {
    const std::size_t count = random() % 300;
    const unsigned jobs = 1 + random() % 4;
    const std::size_t block = 1 + random() % 20;
    const std::size_t window = 1 + random() % 6;
    INFO(count << " items, " << jobs << " jobs, blocks of " << block << ", window " << window);
    std::string written;
    std::size_t writes = 0;
    const std::thread::id caller = std::this_thread::get_id();
    bool on_caller = true;
    render_in_order(count, jobs, block, window, render_slowly, [&](const std::string& text) {
      on_caller = on_caller && std::this_thread::get_id() == caller;
      written += text;
      ++writes;
    });
    CHECK(written == expected_text(count));
    CHECK(writes == (count + block - 1) / block);
    CHECK(on_caller);
  }
}

TEST_CASE("a renderer's exception stops the work and is thrown once every thread has stopped")
{
  std::string written;
  const auto render = [](std::size_t i, std::string& text) {
    if (i == 57) {
      throw std::runtime_error("item 57 cannot be rendered");
    }
    render_slowly(i, text);
  };
  CHECK_THROWS_WITH(render_in_order(200, 3, 10, 4, render, [&](const std::string& text) { written += text; }),
                    "item 57 cannot be rendered");
  // What was written is whole blocks of ten, in order, all before the failing one (block 5).
  bool whole_blocks = false;
  for (std::size_t blocks = 0; blocks <= 5; ++blocks) {
    whole_blocks = whole_blocks || written == expected_text(blocks * 10);
  }
  CHECK(whole_blocks);
}

TEST_CASE("a writer's exception stops the renderers and is thrown")
{
  std::size_t writes = 0;
  CHECK_THROWS_WITH(render_in_order(1000, 2, 5, 3, render_slowly,
                                    [&](const std::string&) {
                                      if (++writes == 4) {
                                        throw std::runtime_error("disk full");
                                      }
                                    }),
                    "disk full");
  CHECK(writes == 4);
}

TEST_CASE("each item is worked on once, by threads numbered below the jobs, each number one thread's")
{
  for (const unsigned jobs : {1U, 2U, 3U, 5U}) {
    CAPTURE(jobs);
    const std::size_t count = 300;
    std::vector<std::atomic<int>> done(count);
    std::mutex lock;
    std::vector<std::thread::id> numbered(jobs); // the thread seen with each number
    for_each_parallel(count, jobs, [&](std::size_t i, unsigned thread) {
      REQUIRE(thread < jobs);
      {
        const std::lock_guard guard(lock);
        if (numbered[thread] == std::thread::id()) {
          numbered[thread] = std::this_thread::get_id();
        }
        CHECK(numbered[thread] == std::this_thread::get_id());
      }
      ++done[i];
      std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 100));
    });
    for (std::size_t i = 0; i < count; ++i) {
      CHECK(done[i] == 1);
    }
  }
}
