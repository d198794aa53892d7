#include "engine/iter_plan.hpp"

#include <gtest/gtest.h>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np::engine {
namespace {

// The byte offsets each operand visits, in iteration order, for a plan.
std::vector<std::vector<int64_t>> visit(const IterPlan& plan) {
  std::vector<std::vector<int64_t>> seq(plan.strides.size());
  const size_t nd = plan.shape.size();
  std::vector<int64_t> idx(nd, 0);
  int64_t total = 1;
  for (int64_t d : plan.shape)
    total *= d;
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat;
    for (size_t d = nd; d-- > 0;) {
      idx[d] = rem % plan.shape[d];
      rem /= plan.shape[d];
    }
    for (size_t k = 0; k < plan.strides.size(); ++k) {
      int64_t off = plan.base_offset[k];
      for (size_t d = 0; d < nd; ++d)
        off += idx[d] * plan.strides[k][d];
      seq[k].push_back(off);
    }
  }
  return seq;
}

TEST(IterPlanTest, BroadcastStridesAreZeroOnStretchedAxes) {
  Array col = zeros({3, 1});
  EXPECT_EQ(broadcast_strides(col, {3, 4}), (Strides{8, 0}));
  EXPECT_EQ(broadcast_strides(zeros({4}), {2, 3, 4}), (Strides{0, 0, 8}));
  EXPECT_THROW(broadcast_strides(zeros({3}), {4}), ValueError);
}

TEST(IterPlanTest, KOrderPutsTheSmallestStrideInnermost) {
  // A transposed (F-ordered) 2x3 float64 array: strides (8, 16).
  EXPECT_EQ(k_order({2, 3}, {{8, 16}}), (std::vector<int64_t>{1, 0}));
  // Ties and zero strides keep C order.
  EXPECT_EQ(k_order({2, 3}, {{0, 0}}), (std::vector<int64_t>{0, 1}));
  // The first operand that distinguishes decides.
  EXPECT_EQ(k_order({2, 3}, {{0, 8}, {8, 16}}), (std::vector<int64_t>{1, 0}));
}

TEST(IterPlanTest, FlipNegativeWalksMemoryForwards) {
  IterPlan p{{4}, {{-8}, {-4}}, {24, 12}};
  flip_negative(p);
  EXPECT_EQ(p.strides[0], (Strides{8}));
  EXPECT_EQ(p.base_offset[0], 0);
  EXPECT_EQ(p.base_offset[1], 0);
  // Mixed directions are left alone.
  IterPlan q{{4}, {{-8}, {4}}, {24, 0}};
  flip_negative(q);
  EXPECT_EQ(q.strides[0], (Strides{-8}));
}

TEST(IterPlanTest, CoalesceMergesContiguousRuns) {
  IterPlan p{{2, 3, 4}, {{96, 32, 8}, {0, 0, 8}}, {0, 0}};
  coalesce(p);
  // Operand 1 breaks the run between axes 1 and 2 (stride 0 vs 8*4); axes 0 and 1 merge.
  EXPECT_EQ(p.shape, (Shape{6, 4}));
  EXPECT_EQ(p.strides[0], (Strides{32, 8}));
  EXPECT_EQ(p.strides[1], (Strides{0, 8}));
  IterPlan q{{2, 1, 3}, {{24, 999, 8}}, {0}};
  coalesce(q);
  EXPECT_EQ(q.shape, (Shape{6}));
  EXPECT_EQ(q.strides[0], (Strides{8}));
}

TEST(IterPlanTest, OffsetSequencesForSmallShapes) {
  // C-contiguous 2x3 with a (3,1)+(1,3)-style broadcast partner.
  IterPlan p = make_plan({2, 3}, {{24, 8}, {0, 8}});
  auto seq = visit(p);
  EXPECT_EQ(seq[0], (std::vector<int64_t>{0, 8, 16, 24, 32, 40}));
  EXPECT_EQ(seq[1], (std::vector<int64_t>{0, 8, 16, 0, 8, 16}));
  // F-ordered operand: memory order wins (K order), so offsets ascend.
  IterPlan f = make_plan({2, 3}, {{8, 16}});
  EXPECT_EQ(visit(f)[0], (std::vector<int64_t>{0, 8, 16, 24, 32, 40}));
  // Reversed operand: flipped to walk forwards from its lowest address.
  IterPlan r = make_plan({3}, {{-8}});
  auto rs = visit(r)[0];
  EXPECT_EQ(rs, (std::vector<int64_t>{-16, -8, 0}));
  // 0-d: one element.
  IterPlan z = make_plan({}, {Strides{}});
  EXPECT_EQ(visit(z)[0], (std::vector<int64_t>{0}));
}

}  // namespace
}  // namespace np::engine
