#include <gtest/gtest.h>

#include "np/casting.hpp"
#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/manipulation.hpp"

namespace np {
namespace {

TEST(AstypeTest, CastingRuleAndCopySemantics) {
  Array a = arange(Scalar(0.0), Scalar(4.0));
  EXPECT_THROW(astype(a, dtypes::int32(), Order::K, Casting::Safe), TypeError);
  Array same = astype(a, dtypes::float64(), Order::K, Casting::Safe, false);
  EXPECT_TRUE(same.same_buffer(a));
  Array copy_ = astype(a, dtypes::float64());
  EXPECT_FALSE(copy_.same_buffer(a));
  Array s = astype(a, DType::unicode(0));
  EXPECT_EQ(s.dtype().str(), "<U32");
}

TEST(AstypeTest, TextAndDatetimeConversions) {
  Array t = astype(Scalar::bytes("  42 ").to_array(), dtypes::int16());
  EXPECT_EQ(t.at<int16_t>({}), 42);
  EXPECT_THROW(astype(Scalar::bytes("1.5").to_array(), dtypes::int64()), ValueError);
  Array ms = Array::from_vector(std::vector<int64_t>{-1, 1500, -1500});
  Array dt = view(ms, DType::parse("M8[ms]"));
  Array secs = view(astype(dt, DType::parse("M8[s]")), dtypes::int64());
  EXPECT_EQ(secs.at<int64_t>({0}), -1);  // floor
  EXPECT_EQ(secs.at<int64_t>({1}), 1);
  EXPECT_EQ(secs.at<int64_t>({2}), -2);
  // Bytes that do not spell a date raise instead of crashing (NumPy 1.24 segfaults here).
  EXPECT_THROW(astype(Scalar::bytes("  42 ").to_array(), DType::parse("M8[D]")), ValueError);
  // Timedeltas into short strings are truncated (NumPy 1.24 segfaults here).
  Array td = view(Array::from_vector(std::vector<int64_t>{5}), DType::parse("m8[s]"));
  EXPECT_EQ(Scalar::from_array(reshape(astype(td, DType::bytes(3)), {})).as_string(), "5 s");
}

TEST(CopytoTest, WhereAndCasting) {
  Array dst = zeros({4}, dtypes::int32());
  Array src = arange(Scalar(int64_t{1}), Scalar(int64_t{5}), std::nullopt, dtypes::int32());
  Array where = Array::from_vector(std::vector<bool>{true, false, true, false});
  copyto(dst, src, Casting::SameKind, &where);
  EXPECT_EQ(dst.at<int32_t>({0}), 1);
  EXPECT_EQ(dst.at<int32_t>({1}), 0);
  EXPECT_EQ(dst.at<int32_t>({2}), 3);
  EXPECT_THROW(copyto(dst, full({4}, Scalar(1.5)), Casting::SameKind), TypeError);
  EXPECT_THROW(copyto(dst, src, Casting::SameKind, &src), TypeError);  // non-bool mask
}

}  // namespace
}  // namespace np
