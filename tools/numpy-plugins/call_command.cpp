// Implementation of the call protocol: JSON request -> Registry::call -> .npy outputs + answer.
#include "call_command.hpp"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "np/errors.hpp"
#include "np/io.hpp"
#include "np/registry.hpp"
#include "np/scalar.hpp"
#include "util/pyrepr.hpp"

namespace np::tool {

using nlohmann::json;

struct BatchMemory {
  std::map<std::string, Array> first_output;  // request id -> its first array result
};

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Value value_from_json(const json& j, bool keyword, const BatchMemory* memory) {
  switch (j.type()) {
    case json::value_t::null:
      return Value();
    case json::value_t::boolean:
      return Value(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return Value(j.get<int64_t>());
    case json::value_t::number_float:
      return Value(j.get<double>());
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
      if (j.contains("result_of")) {
        std::string id = j.at("result_of").is_string() ? j.at("result_of").get<std::string>()
                                                       : j.at("result_of").dump();
        if (memory == nullptr || memory->first_output.count(id) == 0) {
          throw ValueError("result_of: no earlier array result with id " + id);
        }
        return Value(memory->first_output.at(id));
      }
      if (j.contains("scalar")) {
        DType t = j.contains("dtype") ? DType::parse(j.at("dtype").get<std::string>()) : DType();
        const json& v = j.at("scalar");
        Scalar s = v.is_boolean()          ? Scalar(v.get<bool>())
                   : v.is_number_integer() ? Scalar(v.get<int64_t>())
                   : v.is_number()         ? Scalar(v.get<double>())
                   : v.is_string()         ? Scalar::unicode(v.get<std::string>())
                                           : throw TypeError("unsupported scalar value");
        return Value(s.astype(t).to_array());
      }
      throw TypeError("unsupported argument object: " + j.dump());
    }
    default:
      throw TypeError("unsupported argument: " + j.dump());
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
      return Scalar(v.as_int()).to_array();
    case Value::Kind::Float:
      return Scalar(v.as_double()).to_array();
    case Value::Kind::Str:
      return Scalar::unicode(v.as_str()).to_array();
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

json error_json(const std::string& type, const std::string& message) {
  return json{{"type", type}, {"message", message}};
}

}  // namespace

std::string answer_request(const std::string& line, BatchMemory* memory) {
  json answer;
  try {
    json req = json::parse(line);
    if (req.contains("id")) answer["id"] = req["id"];
    if (!req.is_object() || !req.contains("func") || !req["func"].is_string()) {
      throw TypeError("request needs a string 'func'");
    }
    CallArgs call;
    if (req.contains("args")) {
      for (const json& a : req["args"])
        call.args.push_back(value_from_json(a, false, memory));
    }
    if (req.contains("kwargs")) {
      for (auto it = req["kwargs"].begin(); it != req["kwargs"].end(); ++it) {
        call.kwargs.emplace_back(it.key(), value_from_json(it.value(), true, memory));
      }
    }
    Results results = Registry::global().call(req["func"].get<std::string>(), call);
    std::vector<std::string> outs;
    if (req.contains("out")) outs = req["out"].get<std::vector<std::string>>();
    json outputs = json::array();
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].kind() == Value::Kind::DType) {
        DType t = results[i].as_dtype();
        outputs.push_back(json{{"kind", std::string(1, t.kind())},
                               {"char", std::string(1, t.char_code())},
                               {"name", t.name()},
                               {"str", t.str()},
                               {"descr", t.descr()},
                               {"repr", t.repr()},
                               {"itemsize", t.itemsize()},
                               {"alignment", t.alignment()},
                               {"byteorder", std::string(1, t.byteorder())}});
        continue;
      }
      Array a = result_array(results[i]);
      outputs.push_back(describe(a, call.args));
      if (memory != nullptr && req.contains("id") && outputs.size() == 1) {
        std::string id = req["id"].is_string() ? req["id"].get<std::string>() : req["id"].dump();
        memory->first_output.insert_or_assign(id, a);
      }
      if (i < outs.size()) save_npy(outs[i], a);
    }
    answer["ok"] = true;
    answer["outputs"] = outputs;
  } catch (const Error& e) {
    answer["ok"] = false;
    answer["error"] = error_json(e.type_name(), e.what());
  } catch (const json::exception& e) {
    answer["ok"] = false;
    answer["error"] = error_json("ValueError", std::string("bad request: ") + e.what());
  } catch (const std::bad_alloc&) {
    answer["ok"] = false;
    answer["error"] = error_json("MemoryError", "out of memory");
  } catch (const std::exception& e) {
    answer["ok"] = false;
    answer["error"] = error_json("RuntimeError", e.what());
  }
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

int run_batch(std::istream& in, std::ostream& out) {
  std::string line;
  BatchMemory memory;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    out << answer_request(line, &memory) << '\n';
  }
  out.flush();
  return 0;
}

int run_single(const std::vector<std::string>& argv, std::ostream& out) {
  if (argv.empty()) {
    std::cerr
        << "usage: numpy-plugins call FUNC [ARG.npy ...] [--kw NAME=JSON ...] [-o OUT.npy ...]\n"
           "       numpy-plugins call --batch FILE|-\n";
    return 2;
  }
  json req;
  req["func"] = argv[0];
  req["args"] = json::array();
  req["kwargs"] = json::object();
  req["out"] = json::array();
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--kw" && i + 1 < argv.size()) {
      const std::string& kv = argv[++i];
      size_t eq = kv.find('=');
      if (eq == std::string::npos) {
        std::cerr << "--kw needs NAME=JSON, got '" << kv << "'\n";
        return 2;
      }
      try {
        req["kwargs"][kv.substr(0, eq)] = json::parse(kv.substr(eq + 1));
      } catch (const json::exception&) {
        req["kwargs"][kv.substr(0, eq)] = kv.substr(eq + 1);
      }
    } else if (a == "-o" && i + 1 < argv.size()) {
      req["out"].push_back(argv[++i]);
    } else {
      try {
        req["args"].push_back(json::parse(a));
      } catch (const json::exception&) {
        req["args"].push_back(a);
      }
    }
  }
  std::string answer = answer_request(req.dump());
  out << answer << '\n';
  return json::parse(answer).value("ok", false) ? 0 : 1;
}

}  // namespace np::tool
