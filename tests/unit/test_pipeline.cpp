#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/pipeline.hpp"

using namespace goescape;

TEST_CASE("the pipeline hands every item over, in order, on another thread") {
  std::vector<int> seen;
  std::thread::id sink_thread;
  Pipeline<int> pipeline([&](int&& item) {
    sink_thread = std::this_thread::get_id();
    seen.push_back(item);
  });
  for (int i = 0; i < 1000; ++i) pipeline.push(int{i});
  pipeline.finish();
  REQUIRE(seen.size() == 1000);
  for (int i = 0; i < 1000; ++i) REQUIRE(seen[static_cast<std::size_t>(i)] == i);
  CHECK(sink_thread != std::this_thread::get_id());
}

TEST_CASE("the pipeline holds at most `depth` items waiting") {
  std::atomic<int> pushed{0}, taken{0}, most_waiting{0};
  Pipeline<int> pipeline(
      [&](int&&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++taken;
      },
      2);
  for (int i = 0; i < 50; ++i) {
    pipeline.push(int{i});
    ++pushed;
    // Pushed but not yet taken: the two queued plus the one in the sink.
    int waiting = pushed - taken;
    if (waiting > most_waiting) most_waiting = waiting;
  }
  pipeline.finish();
  CHECK(taken == 50);
  CHECK(most_waiting <= 3);
}

TEST_CASE("an exception in the sink comes back from finish()") {
  int handled = 0;
  Pipeline<int> pipeline([&](int&& item) {
    if (item == 3) throw std::runtime_error("sink failed");
    ++handled;
  });
  for (int i = 0; i < 10; ++i) pipeline.push(int{i});
  REQUIRE_THROWS_WITH(pipeline.finish(), "sink failed");
  CHECK(handled == 3);
  CHECK_NOTHROW(pipeline.finish());  // reported once
}

TEST_CASE("a pipeline that is never finished stops cleanly") {
  int handled = 0;
  {
    Pipeline<int> pipeline([&](int&&) { ++handled; });
    pipeline.push(1);
    pipeline.push(2);
  }
  CHECK(handled == 2);
}
