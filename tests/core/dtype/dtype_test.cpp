#include "np/dtype.hpp"

#include <gtest/gtest.h>

#include "np/errors.hpp"

namespace np {
namespace {

struct Expect {
  const char* text;
  const char* name;
  const char* str;
  char byteorder;
  int64_t itemsize;
};

TEST(DTypeParse, BuiltinForms) {
  const Expect cases[] = {
      {"f8", "float64", "<f8", '=', 8},
      {"float64", "float64", "<f8", '=', 8},
      {">i4", "int32", ">i4", '>', 4},
      {"?", "bool", "|b1", '|', 1},
      {"b1", "bool", "|b1", '|', 1},
      {"p", "int64", "<i8", '=', 8},
      {"P", "uint64", "<u8", '=', 8},
      {"e", "float16", "<f2", '=', 2},
      {"g", "longdouble", "<f16", '=', 16},
      {"f16", "longdouble", "<f16", '=', 16},
      {"float128", "float128", "<k16", '=', 16},
      {"G", "clongdouble", "<c32", '=', 32},
      {"S5", "bytes40", "|S5", '|', 5},
      {"a5", "bytes40", "|S5", '|', 5},
      {"U3", "str96", "<U3", '=', 12},
      {">U3", "str96", ">U3", '>', 12},
      {"V8", "void64", "|V8", '|', 8},
      {"M8[ns]", "datetime64[ns]", "<M8[ns]", '=', 8},
      {"datetime64[25s]", "datetime64[25s]", "<M8[25s]", '=', 8},
      {"m8", "timedelta64", "<m8", '=', 8},
      {"c", "bytes8", "|S1", '|', 1},
      {"<b", "int8", "|i1", '|', 1},
  };
  for (const Expect& e : cases) {
    SCOPED_TRACE(e.text);
    DType t = DType::parse(e.text);
    EXPECT_EQ(t.name(), e.name);
    EXPECT_EQ(t.str(), e.str);
    EXPECT_EQ(t.byteorder(), e.byteorder);
    EXPECT_EQ(t.itemsize(), e.itemsize);
  }
}

TEST(DTypeParse, CommaAndSubarrayForms) {
  DType s = DType::parse("i4,(2,3)f8,S3");
  ASSERT_TRUE(s.has_fields());
  EXPECT_EQ(s.itemsize(), 4 + 48 + 3);
  EXPECT_EQ(s.descr(), "[('f0', '<i4'), ('f1', '<f8', (2, 3)), ('f2', '|S3')]");
  EXPECT_EQ(s.repr(), "dtype([('f0', '<i4'), ('f1', '<f8', (2, 3)), ('f2', 'S3')])");
  DType sub = DType::parse("3i4");
  EXPECT_EQ(sub.repr(), "dtype(('<i4', (3,)))");
  EXPECT_EQ(sub.str(), "|V12");
  EXPECT_EQ(DType::parse("i4,").repr(), "dtype('int32')");
  EXPECT_EQ(DType::parse("()i4").repr(), "dtype('int32')");
}

TEST(DTypeParse, MalformedStringsRaiseTypeErrorQuotingTheText) {
  for (const char* bad :
       {"flaot64", "f3", "i16", "b2", "", " i4", "i4 ", ">int32", "q8", "M[ns]"}) {
    SCOPED_TRACE(bad);
    try {
      DType::parse(bad);
      FAIL() << "accepted";
    } catch (const TypeError& e) {
      EXPECT_NE(std::string(e.what()).find("not understood"), std::string::npos);
    }
  }
  EXPECT_THROW(DType::parse("M8[xyz]"), TypeError);
  EXPECT_THROW(DType::parse("O"), TypeError);
  EXPECT_THROW(DType::parse("<(2,)>i4"), ValueError);
}

TEST(DTypeStructured, AlignedLayoutAndDescrPadding) {
  DType t = DType::structured({{"a", "i1", {}}, {"b", "<i4", {}}}, true);
  EXPECT_EQ(t.itemsize(), 8);
  EXPECT_EQ(t.fields()[1].offset, 4);
  EXPECT_EQ(t.descr(), "[('a', '|i1'), ('', '|V3'), ('b', '<i4')]");
  EXPECT_EQ(t.repr(), "dtype([('a', 'i1'), ('b', '<i4')], align=True)");
  DType back = DType::from_descr(t.descr());
  EXPECT_EQ(back.itemsize(), 8);
  EXPECT_EQ(back.fields()[1].offset, 4);
}

TEST(DTypeEquality, ByteOrderAndCharCodes) {
  EXPECT_EQ(DType::parse("l"), DType::parse("q"));
  EXPECT_NE(DType::parse("<i4"), DType::parse(">i4"));
  EXPECT_TRUE(DType::parse("<i4").equivalent(DType::parse(">i4")));
  EXPECT_EQ(DType::parse(">f8").newbyteorder('='), DType::parse("f8"));
  EXPECT_EQ(DType::parse("i4,>f8").newbyteorder('S').descr(), "[('f0', '>i4'), ('f1', '<f8')]");
}

TEST(FInfo, MatchesIeeeParameters) {
  FloatInfo h = finfo(dtypes::float16());
  EXPECT_EQ(h.nmant, 10);
  EXPECT_EQ(static_cast<double>(h.max), 65504.0);
  EXPECT_EQ(finfo(dtypes::float64()).eps, std::numeric_limits<double>::epsilon());
  EXPECT_EQ(finfo(dtypes::longdouble()).nmant, 63);
  EXPECT_EQ(finfo(dtypes::float128()).precision, 33);
  EXPECT_EQ(iinfo(dtypes::int8()).min, -128);
  EXPECT_EQ(iinfo(dtypes::uint64()).max, (static_cast<__int128>(1) << 64) - 1);
  EXPECT_THROW(finfo(dtypes::int32()), ValueError);
}

}  // namespace
}  // namespace np
