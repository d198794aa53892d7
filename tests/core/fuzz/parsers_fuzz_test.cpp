// Bounded random-mutation fuzzing of the three text parsers (dtype strings, subscripts, .npy
// headers): every input must either parse or raise an np::Error, never crash (run under ASan).
#include <gtest/gtest.h>

#include <random>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/indexing.hpp"
#include "np/io.hpp"

namespace np {
namespace {

std::string mutate(const std::string& seed, std::mt19937& rng) {
  std::string s = seed;
  static const std::string alphabet = "()[]{},:'\"<>|=0123456789-+.eEfiucSUVMm8 $N\\x\x93\0";
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 3) {
      case 0:
        s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
        break;
      case 1:
        if (!s.empty() && pos < s.size()) s.erase(pos, 1);
        break;
      default:
        if (!s.empty() && pos < s.size()) s[pos] = alphabet[rng() % alphabet.size()];
    }
  }
  return s;
}

template <class Fn>
int fuzz(const std::vector<std::string>& seeds, int rounds, Fn&& fn) {
  std::mt19937 rng(12345);
  int errors = 0;
  for (int i = 0; i < rounds; ++i) {
    std::string input = mutate(seeds[static_cast<size_t>(i) % seeds.size()], rng);
    try {
      fn(input);
    } catch (const Error&) {
      ++errors;
    }
  }
  return errors;
}

TEST(Fuzz, DTypeParser) {
  int errors = fuzz({"i4,f8", "(2,3)<f8", "M8[25s]", "datetime64[ms]", "S10", ">U3", "3i4,(2,)S3"},
                    20000, [](const std::string& s) { DType::parse(s); });
  EXPECT_GT(errors, 100);
}

TEST(Fuzz, DescrLiteralParser) {
  int errors = fuzz({"[('a', '<i4'), ('b', '<f8', (2, 3))]", "[(('t', 'n'), '|S3')]"}, 20000,
                    [](const std::string& s) { DType::from_descr(s); });
  EXPECT_GT(errors, 100);
}

TEST(Fuzz, SubscriptParser) {
  Array a = zeros({3, 4, 5});
  std::vector<Array> args = {Array::from_vector(std::vector<int64_t>{0, 2})};
  int errors = fuzz({"1:3, ..., None", "::-1, $0", "-1, 2, 3", "..., 0:4:2"}, 20000,
                    [&](const std::string& s) { getitem(a, parse_index(s, args)); });
  EXPECT_GT(errors, 100);
}

TEST(Fuzz, NpyHeaderParser) {
  std::string seed = npy_bytes(zeros({2, 3}));
  int errors = fuzz({seed.substr(0, 140)}, 20000, [](const std::string& s) { npy_from_bytes(s); });
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace np
