// Implementation of the call protocol: JSON request -> Registry::call -> .npy outputs + answer.
#include "call_command.hpp"

#include <charconv>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "np/errors.hpp"
#include "np/io.hpp"
#include "np/registry.hpp"
#include "np/scalar.hpp"
#include "registry/arg_parser.hpp"
#include "request_json.hpp"
#include "util/pyrepr.hpp"

namespace np::tool {

using nlohmann::json;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A request id as the key of the result store: its exact JSON text, so ids are equal exactly
// when they are equal JSON values of the same type (7, "7" and 7.0 are three ids).
std::string id_key(const json& id) {
  return dump_exact(id);
}

Value value_from_json(const json& j, bool keyword, const ResultStore* memory);

const Array& result_of(const json& id, const ResultStore* memory) {
  const std::string key = id_key(id);
  if (const Array* a = memory != nullptr ? memory->find(key) : nullptr) return *a;
  if (memory != nullptr && memory->was_dropped(key)) {
    throw ValueError("result_of: the result of request " + key +
                     " is no longer kept: a batch keeps earlier results within " +
                     std::to_string(memory->budget()) +
                     " bytes and drops the oldest first (see --result-memory)");
  }
  throw ValueError("result_of: no earlier array result with id " + key);
}

// {"scalar": v, "dtype": t}: np.array(v, dtype=t), a 0-d array.
Array scalar_argument(const json& j) {
  const Value v = value_from_json(j.at("scalar"), true, nullptr);
  if (v.kind() != Value::Kind::Bool && v.kind() != Value::Kind::Int &&
      v.kind() != Value::Kind::Float && v.kind() != Value::Kind::Str) {
    throw TypeError("unsupported scalar value: " + dump_exact(j.at("scalar")));
  }
  if (j.contains("dtype") && !j.at("dtype").is_null()) {
    DType t = DType::parse(j.at("dtype").get<std::string>());
    return detail::scalar_as(v, t, "scalar").to_array();
  }
  return detail::scalar_of(v, "scalar").to_array();
}

Value value_from_json(const json& j, bool keyword, const ResultStore* memory) {
  switch (j.type()) {
    case json::value_t::null:
      return Value();
    case json::value_t::boolean:
      return Value(j.get<bool>());
    case json::value_t::number_integer:
      return Value(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      const auto u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return Value(static_cast<int64_t>(u));
      return Value::integer(std::to_string(u));
    }
    case json::value_t::number_float:
      return Value(j.get<double>());
    case json::value_t::binary:  // an integer literal beyond uint64 (request_json.hpp)
      return Value::integer(big_int_text(j));
    case json::value_t::string: {
      std::string s = j.get<std::string>();
      if (!keyword && ends_with(s, ".npy")) return Value(load_npy(s));
      return Value(s);
    }
    case json::value_t::array: {
      std::vector<Value> items;
      for (const json& e : j)
        items.push_back(value_from_json(e, keyword, memory));
      return Value(std::move(items));
    }
    case json::value_t::object: {
      if (j.contains("npy")) return Value(load_npy(j.at("npy").get<std::string>()));
      if (j.contains("result_of")) return Value(result_of(j.at("result_of"), memory));
      if (j.contains("scalar")) return Value(scalar_argument(j));
      // {"str": "x.npy"}: the string itself, where a plain one ending in .npy would be loaded.
      if (j.contains("str")) {
        if (!j.at("str").is_string()) throw TypeError("{\"str\": ...} takes a string");
        return Value(j.at("str").get<std::string>());
      }
      throw TypeError("unsupported argument object: " + dump_exact(j));
    }
    default:
      throw TypeError("unsupported argument: " + dump_exact(j));
  }
}

// A result Value as an array to write.
Array result_array(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Array:
      return v.as_array();
    case Value::Kind::Bool:
      return Scalar(v.as_bool()).to_array();
    case Value::Kind::Int:
    case Value::Kind::Float:
    case Value::Kind::Str:
      return detail::scalar_of(v, "result").to_array();
    case Value::Kind::List: {
      std::vector<int64_t> ints;
      for (const Value& e : v.as_list())
        ints.push_back(e.as_int("result item"));
      return Array::from_vector(ints);
    }
    default:
      throw TypeError("result of kind " + v.kind_name() + " cannot be written as .npy");
  }
}

json literal_to_json(const py::Literal& lit) {
  switch (lit.kind) {
    case py::Literal::Kind::Str:
      return lit.s;
    case py::Literal::Kind::Int:
      return lit.i;
    case py::Literal::Kind::List:
    case py::Literal::Kind::Tuple: {
      json arr = json::array();
      for (const auto& item : lit.items)
        arr.push_back(literal_to_json(item));
      return arr;
    }
    case py::Literal::Kind::Bool:
      return lit.b;
    default:
      return nullptr;
  }
}

json dtype_json(const DType& t) {
  if (t.has_fields()) return literal_to_json(py::parse_literal(t.descr()));
  return t.str();
}

json describe(const Array& a, const std::vector<Value>& inputs) {
  json o;
  o["dtype"] = dtype_json(a.dtype());
  o["shape"] = a.shape();
  o["strides"] = a.strides();
  o["view_of"] = nullptr;
  o["offset"] = nullptr;
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].kind() != Value::Kind::Array) continue;
    const Array& in = inputs[k].as_array();
    if (in.same_buffer(a)) {
      o["view_of"] = k;
      o["offset"] = a.offset() - in.offset();
      break;
    }
  }
  return o;
}

json describe_dtype(const DType& t) {
  return json{{"kind", std::string(1, t.kind())},
              {"char", std::string(1, t.char_code())},
              {"name", t.name()},
              {"str", t.str()},
              {"descr", t.descr()},
              {"repr", t.repr()},
              {"itemsize", t.itemsize()},
              {"alignment", t.alignment()},
              {"byteorder", std::string(1, t.byteorder())}};
}

json error_json(const std::string& type, const std::string& message) {
  return json{{"type", type}, {"message", message}};
}

// The answer's error for the exception in flight: a malformed request is a ValueError, the
// rest as describe_exception reports them (np::Error as NumPy's type, other C++ exceptions
// as internal errors).
json current_error() {
  try {
    throw;
  } catch (const json::exception& e) {
    return error_json("ValueError", std::string("bad request: ") + e.what());
  } catch (...) {
    ErrorReport r = describe_exception(std::current_exception());
    return error_json(r.type, r.message);
  }
}

const json* member(const json& req, const char* name) {
  if (!req.is_object()) return nullptr;
  auto it = req.find(name);
  return it == req.end() ? nullptr : &*it;
}

CallArgs call_args(const json& req, const ResultStore* memory) {
  CallArgs call;
  if (const json* args = member(req, "args")) {
    if (!args->is_array()) throw ValueError("bad request: 'args' must be a list");
    for (const json& a : *args)
      call.args.push_back(value_from_json(a, false, memory));
  }
  if (const json* kwargs = member(req, "kwargs")) {
    if (!kwargs->is_object()) throw ValueError("bad request: 'kwargs' must be an object");
    for (auto it = kwargs->begin(); it != kwargs->end(); ++it)
      call.kwargs.emplace_back(it.key(), value_from_json(it.value(), true, memory));
  }
  return call;
}

std::vector<std::string> out_paths(const json& req) {
  const json* out = member(req, "out");
  if (out == nullptr) return {};
  if (!out->is_array()) throw ValueError("bad request: 'out' must be a list of paths");
  std::vector<std::string> paths;
  for (const json& p : *out) {
    if (!p.is_string()) throw ValueError("bad request: 'out' must be a list of paths");
    paths.push_back(p.get<std::string>());
  }
  return paths;
}

// Runs one request; returns its outputs and sets `first` to its first array result.
json run_request(const json& req, const ResultStore* memory, std::optional<Array>& first) {
  const json* func = member(req, "func");
  if (func == nullptr || !func->is_string()) throw TypeError("request needs a string 'func'");
  CallArgs call = call_args(req, memory);
  Results results = Registry::global().call(func->get<std::string>(), call);
  const std::vector<std::string> outs = out_paths(req);
  json outputs = json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].kind() == Value::Kind::DType) {
      outputs.push_back(describe_dtype(results[i].as_dtype()));
      continue;
    }
    Array a = result_array(results[i]);
    outputs.push_back(describe(a, call.args));
    if (outputs.size() == 1) first = a;
    if (i < outs.size()) save_npy(outs[i], a);
  }
  return outputs;
}

// The answer line: keys in the order error, id, ok, outputs (the id printed exactly).
std::string answer_line(const json* id, bool ok, const json& body) {
  std::string line = "{";
  if (!ok) line += "\"error\":" + dump_exact(body) + ",";
  if (id != nullptr) line += "\"id\":" + dump_exact(*id) + ",";
  line += ok ? "\"ok\":true,\"outputs\":" + dump_exact(body) : std::string("\"ok\":false");
  return line + "}";
}

}  // namespace

std::string answer_parsed(const json& req, ResultStore* memory) {
  const json* id = member(req, "id");
  try {
    std::optional<Array> first;
    json outputs = run_request(req, memory, first);
    // Kept only once every output is written: a failed request leaves no result behind.
    if (memory != nullptr && id != nullptr && first) memory->put(id_key(*id), *first);
    return answer_line(id, true, outputs);
  } catch (...) {
    return answer_line(id, false, current_error());
  }
}

std::string answer_request(const std::string& line, ResultStore* memory) {
  json req;
  try {
    req = parse_json(line);
  } catch (...) {
    return answer_line(nullptr, false, current_error());
  }
  return answer_parsed(req, memory);
}

int run_batch(std::istream& in, std::ostream& out, int64_t result_memory) {
  std::string line;
  ResultStore memory(result_memory);
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // Flushed per answer: a reader sees each answer at once, and a crash on a later request
    // loses none of the earlier ones.
    out << answer_request(line, &memory) << '\n' << std::flush;
  }
  return 0;
}

namespace {

void single_usage() {
  std::cerr << "usage: numpy-plugins call FUNC [ARG ...] [--kw NAME=JSON ...] [-o OUT.npy ...]\n"
               "       numpy-plugins call --batch FILE|- [--result-memory BYTES]\n";
}

// A command-line argument as JSON, or as a string when it is not JSON. Nesting beyond the
// bound is an error, not a string.
json argument_json(const std::string& text) {
  try {
    return parse_json(text);
  } catch (const JsonSyntaxError&) {
    return text;
  }
}

}  // namespace

int run_single(const std::vector<std::string>& argv, std::ostream& out) {
  if (argv.empty()) {
    single_usage();
    return 2;
  }
  json req;
  req["func"] = argv[0];
  req["args"] = json::array();
  req["kwargs"] = json::object();
  req["out"] = json::array();
  try {
    for (size_t i = 1; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if ((a == "--kw" || a == "-o") && i + 1 == argv.size()) {
        std::cerr << a << " needs a value\n";
        return 2;
      }
      if (a == "--kw") {
        const std::string& kv = argv[++i];
        size_t eq = kv.find('=');
        if (eq == std::string::npos) {
          std::cerr << "--kw needs NAME=JSON, got '" << kv << "'\n";
          return 2;
        }
        req["kwargs"][kv.substr(0, eq)] = argument_json(kv.substr(eq + 1));
      } else if (a == "-o") {
        req["out"].push_back(argv[++i]);
      } else {
        req["args"].push_back(argument_json(a));
      }
    }
  } catch (...) {
    out << answer_line(nullptr, false, current_error()) << '\n' << std::flush;
    return 0;
  }
  // As in batch mode, the exit status says the request was read and answered; the answer's
  // "ok" says how the call went (docs/call-protocol.md).
  out << answer_parsed(req, nullptr) << '\n' << std::flush;
  return 0;
}

bool parse_result_memory(const std::string& text, int64_t& bytes) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  return ec == std::errc() && end == text.data() + text.size() && bytes >= 0;
}

}  // namespace np::tool
