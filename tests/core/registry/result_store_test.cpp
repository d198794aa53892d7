// The batch's result store stays within its budget, oldest results dropped first.
#include "registry/result_store.hpp"

#include <gtest/gtest.h>

#include "np/creation.hpp"
#include "np/manipulation.hpp"

namespace np::detail {
namespace {

int64_t buffer_bytes(const Array& a) {
  return a.buffer()->size();
}

TEST(ResultStore, KeepsResultsWithinTheBudget) {
  const Array first = zeros({1000});  // 8000 bytes
  const int64_t one = buffer_bytes(first) + ResultStore::kEntryOverhead + 1;
  ResultStore store(3 * one);
  for (int i = 0; i < 100; ++i) {
    store.put(std::to_string(i % 10), zeros({1000}));
    EXPECT_LE(store.bytes(), store.budget());
    EXPECT_LE(store.size(), 3u);
  }
  // The last three are kept, older ones dropped and known to be.
  EXPECT_EQ(store.size(), 3u);
  for (const char* kept : {"7", "8", "9"})
    EXPECT_NE(store.find(kept), nullptr) << kept;
  EXPECT_EQ(store.find("6"), nullptr);
  EXPECT_TRUE(store.was_dropped("6"));
  EXPECT_FALSE(store.was_dropped("never"));
  EXPECT_FALSE(store.was_dropped("9"));
}

TEST(ResultStore, CountsASharedBufferOnce) {
  const Array base = zeros({1000});
  ResultStore store;
  store.put("a", base);
  const int64_t with_one = store.bytes();
  store.put("b", reshape(base, {10, 100}));  // a view of the same buffer
  EXPECT_EQ(store.bytes(), with_one + ResultStore::kEntryOverhead + 1);
  store.put("a", zeros({1}));  // replacing "a" keeps the buffer, still held by "b"
  EXPECT_GE(store.bytes(), buffer_bytes(base));
  store.put("b", zeros({1}));
  EXPECT_LT(store.bytes(), buffer_bytes(base));
  EXPECT_EQ(store.size(), 2u);
}

TEST(ResultStore, AResultLargerThanTheBudgetIsNotKept) {
  ResultStore store(4096);
  store.put("small", zeros({1}));
  store.put("big", zeros({10000}));
  EXPECT_EQ(store.find("big"), nullptr);
  EXPECT_TRUE(store.was_dropped("big"));
  EXPECT_NE(store.find("small"), nullptr);
  ResultStore none(0);
  none.put("x", zeros({1}));
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.bytes(), 0);
}

TEST(ResultStore, ForgetsOnlyABoundedNumberOfDroppedKeys) {
  ResultStore store(0);
  for (size_t i = 0; i < ResultStore::kForgottenMemory + 10; ++i)
    store.put(std::to_string(i), zeros({1}));
  EXPECT_FALSE(store.was_dropped("0"));  // the oldest drops are forgotten
  EXPECT_TRUE(store.was_dropped(std::to_string(ResultStore::kForgottenMemory + 9)));
}

}  // namespace
}  // namespace np::detail
