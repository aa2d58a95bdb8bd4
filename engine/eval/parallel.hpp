#pragma once

#include <cstddef>
#include <functional>

namespace ntm::eval {

/// Calls `work(i)` for each i below `count` on up to `jobs` threads (the calling thread is one of
/// them). An exception thrown by `work` on any thread stops the others taking more and is thrown
/// here once all have stopped.
void for_each_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

} // namespace ntm::eval
