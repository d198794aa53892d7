// libFuzzer target: the dtype string parser (np::DType::parse) and the .npy descr parser
// (np::DType::from_descr). Every input must parse or raise an np::Error. A parsed dtype must print
// (name, str, descr, repr) without fault, and must survive the round trips the rest of the engine
// relies on: a plain dtype re-parses from its str() to an equal dtype, and every dtype re-reads
// from the descr a .npy header would carry.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "np/dtype.hpp"

namespace {

void exercise(const np::DType& t) {
  std::string text = t.name() + t.str() + t.descr() + t.repr();
  if (t.itemsize() < 0) np::fuzz::finding("negative itemsize", t.repr());
  if (t.alignment() < 1) np::fuzz::finding("alignment below 1", t.repr());
  if (t.is_user()) return;
  if (!t.has_fields() && !t.has_subarray()) {
    np::DType again;
    if (!np::fuzz::np_error_or_success("parse(str())", [&] { again = np::DType::parse(t.str()); }))
      np::fuzz::finding("str() does not re-parse", t.str());
    if (again != t) np::fuzz::finding("parse(str()) differs", t.repr() + " vs " + again.repr());
  }
  np::DType reread;
  const std::string header_descr = t.npy_descr();
  if (!np::fuzz::np_error_or_success("from_descr(npy_descr())",
                                     [&] { reread = np::DType::from_descr(header_descr); }))
    np::fuzz::finding("npy_descr() does not re-read", header_descr);
  if (reread.itemsize() != t.itemsize())
    np::fuzz::finding("from_descr(npy_descr()) changes the itemsize", header_descr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  np::DType parsed;
  if (np::fuzz::np_error_or_success("DType::parse", [&] { parsed = np::DType::parse(text); }))
    exercise(parsed);
  np::DType from_descr;
  if (np::fuzz::np_error_or_success("DType::from_descr",
                                    [&] { from_descr = np::DType::from_descr(text); }))
    exercise(from_descr);
  return 0;
}
