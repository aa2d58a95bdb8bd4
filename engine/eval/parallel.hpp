#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace ntm::eval {

/// Calls `work(i, thread)` for each i below `count` on up to `jobs` threads (the calling thread is
/// one of them), `thread` numbering the calling thread below `jobs`, so that each thread can keep
/// what it reuses from item to item in a place of its own. An exception thrown by `work` on any
/// thread stops the others taking more and is thrown here once all have stopped.
void for_each_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t, unsigned)>& work);

/// Renders items 0 … count-1 into texts on `jobs` threads of their own, `block` items to a text,
/// and hands each text to `write` on the calling thread, in item order, as soon as it and those
/// before it are done. No thread waits for the slowest block of a round: a renderer goes on to the
/// next block while at most `window` blocks are rendered but not yet written, so memory stays
/// flat. An exception thrown by `render` or `write` stops the work and is thrown here once every
/// thread has stopped; what was written before it stays written.
void render_in_order(std::size_t count, unsigned jobs, std::size_t block, std::size_t window,
                     const std::function<void(std::size_t, std::string&)>& render,
                     const std::function<void(const std::string&)>& write);

} // namespace ntm::eval
