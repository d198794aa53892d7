#include "registry/arg_binder.hpp"

#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "np/errors.hpp"
#include "registry/arg_parser.hpp"

namespace np::detail {
namespace {

using testing_support::message_of;
using Kind = Parameter::Kind;

CallArgs call_of(std::vector<Value> args, std::vector<std::pair<std::string, Value>> kwargs = {}) {
  CallArgs c;
  c.args = std::move(args);
  c.kwargs = std::move(kwargs);
  return c;
}

// The TypeError text of binding `c` to `text` as function f (CPython's, from /usr/bin/python3
// calling a def with the same parameter list).
std::string bind_error(const std::string& text, const CallArgs& c) {
  Signature sig = Signature::parse(text);
  return message_of<TypeError>([&] { sig.bind("f", c); }, "TypeError");
}

TEST(Signature, ParsesKindsAndDefaults) {
  Signature s = Signature::parse("a, /, axis=None, *, bitorder='big'");
  ASSERT_EQ(s.parameters().size(), 3u);
  EXPECT_EQ(s.parameters()[0].kind, Kind::PositionalOnly);
  EXPECT_FALSE(s.parameters()[0].default_text);
  EXPECT_EQ(s.parameters()[1].kind, Kind::PositionalOrKeyword);
  EXPECT_EQ(s.parameters()[1].default_text, "None");
  EXPECT_EQ(s.parameters()[2].kind, Kind::KeywordOnly);
  EXPECT_EQ(s.parameters()[2].default_text, "'big'");

  Signature v = Signature::parse("*arrays, axis=0, out=None, **kwargs");
  EXPECT_EQ(v.parameters()[0].kind, Kind::VarPositional);
  EXPECT_EQ(v.parameters()[1].kind, Kind::KeywordOnly);
  EXPECT_EQ(v.parameters()[3].kind, Kind::VarKeyword);
  EXPECT_EQ(v.index_of("out"), 2u);
  EXPECT_FALSE(v.index_of("nope"));
}

TEST(Signature, TextIsInspectsNormalForm) {
  EXPECT_EQ(Signature::parse("a,/,axis = None,*,bitorder='big'").text(),
            "a, /, axis=None, *, bitorder='big'");
  EXPECT_EQ(Signature::parse("shape, dtype=float, order='C', *, like=None").text(),
            "shape, dtype=float, order='C', *, like=None");
  // Double-quoted strings as repr writes them; commas inside defaults stay in the default.
  EXPECT_EQ(Signature::parse("a, casting=\"same_kind\", s=(1, 2), t=','").text(),
            "a, casting='same_kind', s=(1, 2), t=','");
  EXPECT_EQ(Signature::parse("*arrays_and_dtypes").text(), "*arrays_and_dtypes");
  EXPECT_EQ(Signature::parse("a, b, /").text(), "a, b, /");
  EXPECT_EQ(Signature::parse("").text(), "");
  EXPECT_EQ(Signature::parse("a, *args, b=1, **kw").text(), "a, *args, b=1, **kw");
}

TEST(Signature, MalformedTextIsAValueError) {
  for (const char* bad : {"a, a", "a=1, b", "*", "a, *", "/", "a, /, /", "*, a, /", "**kw, a",
                          "a=", "*args=1", "1a", "a,, b", "a, *x, *y", "a=(1", "a='x"}) {
    EXPECT_THROW(Signature::parse(bad), ValueError) << bad;
  }
  // Keyword-only parameters may be required after defaults, as in Python.
  EXPECT_NO_THROW(Signature::parse("a=1, *, b"));
}

TEST(Signature, BindsPositionalsKeywordsAndCollectors) {
  Signature s = Signature::parse("a, b=1, *args, c, **kw");
  CallArgs c =
      call_of({Value(1), Value(2), Value(3), Value(4)}, {{"c", Value(5)}, {"z", Value(6)}});
  Binding b = s.bind("f", c);
  EXPECT_EQ(b.values[0], &c.args[0]);
  EXPECT_EQ(b.values[1], &c.args[1]);
  EXPECT_EQ(b.values[2], nullptr);
  EXPECT_EQ(b.values[3], &c.kwargs[0].second);
  ASSERT_EQ(b.extra_positional.size(), 2u);
  EXPECT_EQ(b.extra_positional[1].as_int(), 4);
  ASSERT_EQ(b.extra_keywords.size(), 1u);
  EXPECT_EQ(b.extra_keywords[0].first, "z");
  // **kwargs also takes a positional-only name given by keyword, as Python does.
  Binding p = Signature::parse("a, /, **kw").bind("f", call_of({Value(1)}, {{"a", Value(2)}}));
  EXPECT_EQ(p.extra_keywords.at(0).first, "a");
}

TEST(Signature, CPythonsTypeErrorTexts) {
  EXPECT_EQ(bind_error("a, newshape, order='C'", call_of({1, 2, 3, 4})),
            "f() takes from 2 to 3 positional arguments but 4 were given");
  EXPECT_EQ(bind_error("a, axis=None", call_of({1}, {{"axs", 0}})),
            "f() got an unexpected keyword argument 'axs'");
  EXPECT_EQ(bind_error("a, newshape", call_of({})),
            "f() missing 2 required positional arguments: 'a' and 'newshape'");
  EXPECT_EQ(bind_error("a, b, c, *, d, e", call_of({})),
            "f() missing 3 required positional arguments: 'a', 'b', and 'c'");
  EXPECT_EQ(bind_error("a, newshape", call_of({1})),
            "f() missing 1 required positional argument: 'newshape'");
  EXPECT_EQ(bind_error("a, b", call_of({1, 2}, {{"a", 1}})),
            "f() got multiple values for argument 'a'");
  EXPECT_EQ(bind_error("a, /, b, c=1, *, d, e=2", call_of({1, 2})),
            "f() missing 1 required keyword-only argument: 'd'");
  EXPECT_EQ(bind_error("a, b, c, *, d, e", call_of({1, 2, 3})),
            "f() missing 2 required keyword-only arguments: 'd' and 'e'");
  EXPECT_EQ(bind_error("a, /, b, c=1, *, d, e=2", call_of({}, {{"a", 1}, {"b", 2}, {"d", 3}})),
            "f() got some positional-only arguments passed as keyword arguments: 'a'");
  EXPECT_EQ(bind_error("a, b, /", call_of({}, {{"a", 1}, {"b", 2}})),
            "f() got some positional-only arguments passed as keyword arguments: 'a, b'");
  EXPECT_EQ(bind_error("a, b, /", call_of({1, 2, 3})),
            "f() takes 2 positional arguments but 3 were given");
  EXPECT_EQ(bind_error("", call_of({1})), "f() takes 0 positional arguments but 1 was given");
  EXPECT_EQ(bind_error("", call_of({}, {{"x", 1}})), "f() got an unexpected keyword argument 'x'");
  EXPECT_EQ(bind_error("a, b, c, *, d, e", call_of({1, 2, 3, 4}, {{"d", 1}})),
            "f() takes 3 positional arguments but 4 positional arguments (and 1 keyword-only "
            "argument) were given");
  EXPECT_EQ(bind_error("a, /, b, c=1, *, d, e=2", call_of({1, 2, 3, 4, 5}, {{"d", 1}})),
            "f() takes from 2 to 3 positional arguments but 5 positional arguments (and 1 "
            "keyword-only argument) were given");
  // Keywords are checked before the positional count, as in CPython.
  EXPECT_EQ(bind_error("a, /, b, c=1, *, d, e=2", call_of({1, 2, 3, 4}, {{"x", 1}})),
            "f() got an unexpected keyword argument 'x'");
  // *args names no keyword.
  EXPECT_EQ(bind_error("*args", call_of({}, {{"args", 1}})),
            "f() got an unexpected keyword argument 'args'");
}

TEST(BoundArgs, ReadsValuesBoundToASignature) {
  Signature s = Signature::parse("a, *rest, axis=None, **kw");
  CallArgs c = call_of({Value(7), Value(8)}, {{"axis", Value()}, {"extra", Value(9)}});
  BoundArgs b("f", c, s);
  EXPECT_EQ(b.integer("a"), 7);
  EXPECT_TRUE(b.has("axis"));
  EXPECT_FALSE(b.given("axis"));
  ASSERT_EQ(b.rest().size(), 1u);
  EXPECT_EQ(b.rest()[0].as_int(), 8);
  ASSERT_EQ(b.keywords().size(), 1u);
  EXPECT_EQ(b.keywords()[0].first, "extra");
  const Signature sum = Signature::parse("a, axis=None");
  EXPECT_EQ(message_of<TypeError>([&] {
              BoundArgs("sum", call_of({1}, {{"axs", 0}}), sum);
            }),
            "sum() got an unexpected keyword argument 'axs'");
}

TEST(BoundArgs, LegacyParameterListsBindAsBefore) {
  // The first `required` names are required; names after "*name" are keyword-only.
  Signature s = Signature::of_names({"a", "*indices", "index"}, 1);
  EXPECT_EQ(s.text(), "a, *indices, index=...");
  CallArgs c = call_of({Value(1), Value(2)}, {{"index", Value("x")}});
  BoundArgs b("getitem", c, {"a", "*indices", "index"}, 1);
  EXPECT_EQ(b.rest().size(), 1u);
  EXPECT_EQ(b.get("index").as_str(), "x");
  EXPECT_EQ(message_of<TypeError>([] {
              BoundArgs("ravel", call_of({}), {"a", "order"}, 1);
            }),
            "ravel() missing 1 required positional argument: 'a'");
}

}  // namespace
}  // namespace np::detail
