// The earlier results a batch keeps for `{"result_of": ID}` (docs/call-protocol.md), within a
// memory budget.
//
// Each kept result costs its key, a fixed entry overhead and the bytes of its buffer, counted
// once per distinct buffer however many kept results share it (a view keeps its whole base
// alive, so the whole base is counted). When a new result takes the total over the budget,
// the oldest results are dropped first; a result that alone exceeds the budget is not kept.
// Dropped keys are remembered (as hashes, the most recent kForgottenMemory of them) so that a
// reference to one can say it was dropped rather than never there.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "np/array.hpp"

namespace np::detail {

class ResultStore {
 public:
  static constexpr int64_t kDefaultBudget = int64_t{1} << 30;  // 1 GiB
  static constexpr int64_t kEntryOverhead = 256;  // entry, Array metadata and index nodes
  static constexpr size_t kForgottenMemory = size_t{1} << 16;

  explicit ResultStore(int64_t budget = kDefaultBudget) : budget_(budget) {}

  // Keeps `a` under `key` (replacing what `key` held), then drops the oldest results until the
  // total is within the budget. The new result alone fits (its buffer counted in full), so it
  // is never the one dropped.
  void put(const std::string& key, const Array& a) {
    drop(key, false);
    if (entry_cost(key) + buffer_size(a) > budget_) {
      forget(key);
      return;
    }
    entries_.push_back({key, a});
    index_[key] = std::prev(entries_.end());
    bytes_ += entry_cost(key);
    hold(a);
    while (bytes_ > budget_)
      drop(entries_.front().key, true);
  }

  // The result kept under `key`, or nullptr.
  const Array* find(const std::string& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->array;
  }

  // Whether a result stored under `key` was dropped (among the most recent drops).
  bool was_dropped(const std::string& key) const {
    return index_.count(key) == 0 && dropped_.count(std::hash<std::string>{}(key)) != 0;
  }

  int64_t bytes() const { return bytes_; }
  size_t size() const { return entries_.size(); }
  int64_t budget() const { return budget_; }

 private:
  struct Entry {
    std::string key;
    Array array;
  };
  struct Held {
    int64_t refs = 0;
    int64_t size = 0;
  };

  static int64_t entry_cost(const std::string& key) {
    return static_cast<int64_t>(key.size()) + kEntryOverhead;
  }
  static int64_t buffer_size(const Array& a) { return a.buffer() ? a.buffer()->size() : 0; }

  void hold(const Array& a) {
    Held& h = buffers_[a.buffer().get()];
    if (h.refs++ == 0) {
      h.size = buffer_size(a);
      bytes_ += h.size;
    }
  }

  void release(const Array& a) {
    auto it = buffers_.find(a.buffer().get());
    if (--it->second.refs == 0) {
      bytes_ -= it->second.size;
      buffers_.erase(it);
    }
  }

  // Removes `key`'s entry if there is one; `evicted` records it as dropped. (By value: the
  // caller may pass the key of the entry being erased.)
  void drop(std::string key, bool evicted) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    release(it->second->array);
    bytes_ -= entry_cost(key);
    entries_.erase(it->second);
    index_.erase(it);
    if (evicted) forget(key);
  }

  void forget(const std::string& key) {
    const size_t h = std::hash<std::string>{}(key);
    dropped_order_.push_back(h);
    dropped_.insert(h);
    if (dropped_order_.size() > kForgottenMemory) {
      dropped_.erase(dropped_.find(dropped_order_.front()));
      dropped_order_.pop_front();
    }
  }

  int64_t budget_;
  int64_t bytes_ = 0;
  std::list<Entry> entries_;  // oldest first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::unordered_map<const Buffer*, Held> buffers_;
  std::deque<size_t> dropped_order_;
  std::unordered_multiset<size_t> dropped_;
};

}  // namespace np::detail
