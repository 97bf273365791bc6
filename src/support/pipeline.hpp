// Hands work items (here: finished packages) from the thread that parses the
// log to a thread that analyses and renders them, so that reading a large log
// and reporting on it overlap (the parser is about half of `goescape parse`'s
// time). The queue is short: memory stays bounded by a few packages, whatever
// the log.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace goescape {

template <typename Item>
class Pipeline {
 public:
  // `sink` runs on the pipeline's own thread, on one item at a time, in the
  // order they were pushed.
  explicit Pipeline(std::function<void(Item&&)> sink, std::size_t depth = 4)
      : sink_(std::move(sink)), depth_(depth == 0 ? 1 : depth), thread_([this] { run(); }) {}

  ~Pipeline() { stop(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Queues an item; waits while `depth` items are already waiting. After the
  // sink has thrown, items are dropped: finish() reports the failure.
  void push(Item&& item) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.size() < depth_ || failure_; });
    if (failure_) return;
    queue_.push_back(std::move(item));
    lock.unlock();
    changed_.notify_all();
  }

  // Items pushed and not yet taken by the sink.
  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // Waits until every pushed item went through the sink and stops the
  // thread. An exception the sink threw is rethrown here.
  void finish() {
    stop();
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

 private:
  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return !queue_.empty() || closed_; });
      if (queue_.empty()) return;  // closed and drained
      Item item = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      changed_.notify_all();
      try {
        sink_(std::move(item));
      } catch (...) {
        lock.lock();
        failure_ = std::current_exception();
        queue_.clear();
        lock.unlock();
        changed_.notify_all();
        return;
      }
    }
  }

  std::function<void(Item&&)> sink_;
  std::size_t depth_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  bool closed_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace goescape
