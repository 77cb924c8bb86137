// The catalogue of bad input: each case is the raw bytes of one message and what the server must
// answer. The same table runs over stdio and HTTP against the built binaries (stdio_catalogue_tests,
// http_catalogue_tests); after each case the server still answers ping and, unless the case is
// meant to write, the store is unchanged.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sciorex::hostile {

using nlohmann::json;

struct Expect {
  // answered: a result, with or without isError (never a protocol error)
  enum Kind { rpc_error, tool_error, result, answered, no_reply } kind = result;
  int code = 0;          // rpc_error: the JSON-RPC code
  std::string contains;  // rpc_error: in error.message; tool_error: in the text content
};
inline Expect rpc(int code, std::string contains = {}) {
  return {Expect::rpc_error, code, std::move(contains)};
}
inline Expect tool_error(std::string contains) { return {Expect::tool_error, 0, std::move(contains)}; }
inline Expect ok() { return {Expect::result, 0, {}}; }
inline Expect answered() { return {Expect::answered, 0, {}}; }
inline Expect silent() { return {Expect::no_reply, 0, {}}; }

struct Case {
  std::string name;
  std::string bytes;  // one message, without the newline
  json reply_id;      // the id the answer carries (null when the request's id is unreadable)
  Expect expect;
  bool writes = false;  // true: the store may change (e.g. a duplicate key makes a valid create)
  int http_status = 0;  // 0: derived (400 for -32700/-32600, 202 for no reply, else 200)
};

inline std::string request_text(const json& id, const std::string& method, const json& params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
}
inline std::string call_text(const json& id, const std::string& tool, const json& arguments) {
  return request_text(id, "tools/call", {{"name", tool}, {"arguments", arguments}});
}
inline std::string nested_arrays(std::size_t n) { return std::string(n, '[') + std::string(n, ']'); }
inline std::string nested_objects(std::size_t n) {
  std::string s;
  s.reserve(n * 6 + 1);
  for (std::size_t i = 0; i < n; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(n, '}');
  return s;
}

// Envelope-level cases: any server built on the protocol library answers these the same way.
// `tool`: a read tool of the server, called with well-formed arguments where a case needs one.
inline std::vector<Case> envelope_cases(const std::string& tool, const json& tool_args) {
  const std::string ping = R"("method":"ping")";
  std::vector<Case> c;
  auto add = [&](std::string name, std::string bytes, json id, Expect e) {
    c.push_back({std::move(name), std::move(bytes), std::move(id), std::move(e)});
  };
  // --- malformed JSON: -32700, null id
  add("not JSON at all", "{not json", nullptr, rpc(-32700, "not valid JSON"));
  add("truncated object", R"({"jsonrpc":"2.0","id":1,"method":"ping")", nullptr, rpc(-32700));
  add("trailing garbage", R"({"jsonrpc":"2.0","id":1,"method":"ping"}})", nullptr, rpc(-32700));
  add("two objects on one line",
      R"({"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"})", nullptr,
      rpc(-32700));
  add("trailing comma", R"({"jsonrpc":"2.0","id":1,"method":"ping",})", nullptr, rpc(-32700));
  add("single quotes", R"({'jsonrpc':'2.0','id':1,'method':'ping'})", nullptr, rpc(-32700));
  add("a comment", R"({"jsonrpc":"2.0","id":1,"method":"ping"} // hi)", nullptr, rpc(-32700));
  add("a leading zero", R"({"jsonrpc":"2.0","id":01,"method":"ping"})", nullptr, rpc(-32700));
  add("NaN", R"({"jsonrpc":"2.0","id":NaN,"method":"ping"})", nullptr, rpc(-32700));
  add("Infinity", R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":Infinity}})", nullptr,
      rpc(-32700));
  add("an unterminated string", R"({"jsonrpc":"2.0","id":"abc,"method":"ping"})", nullptr, rpc(-32700));
  add("a raw control character in a string",
      std::string(R"({"jsonrpc":"2.0","id":"a)") + '\x01' + R"(b",)" + ping + "}", nullptr, rpc(-32700));
  add("a NUL byte", std::string(R"({"jsonrpc":"2.0","id":1,)") + '\0' + ping + "}", nullptr, rpc(-32700));
  add("a bad escape", R"({"jsonrpc":"2.0","id":"\q","method":"ping"})", nullptr, rpc(-32700));
  add("a lone surrogate escape", R"({"jsonrpc":"2.0","id":"\ud800","method":"ping"})", nullptr, rpc(-32700));
  add("binary garbage", std::string("\x8f\xff\xfe\x00\x13garbage", 12), nullptr, rpc(-32700));
  // --- invalid UTF-8 (the parser validates every string): -32700
  add("invalid UTF-8: a 0xFF byte in a string",
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":")"
      "\xff"
      R"("}})",
      nullptr, rpc(-32700));
  add("invalid UTF-8: an overlong '/'",
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":")"
      "\xc0\xaf"
      R"("}})",
      nullptr, rpc(-32700));
  add("invalid UTF-8: a truncated sequence",
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":")"
      "\xe2\x82"
      R"("}})",
      nullptr, rpc(-32700));
  add("invalid UTF-8: an encoded surrogate",
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":")"
      "\xed\xa0\x80"
      R"("}})",
      nullptr, rpc(-32700));
  add("invalid UTF-8: a lone continuation byte in a key",
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{")"
      "\x80"
      R"(":1}})",
      nullptr, rpc(-32700));
  add("invalid UTF-8 in a tool argument",
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":")" + tool +
          R"(","arguments":{"x":")"
          "\xf8\x88\x80\x80\x80"
          R"("}}})",
      nullptr, rpc(-32700));
  // --- wrong JSON-RPC shapes: -32600
  add("an empty object", "{}", nullptr, rpc(-32600));
  add("a number", "42", nullptr, rpc(-32600));
  add("a string", R"("ping")", nullptr, rpc(-32600));
  add("null", "null", nullptr, rpc(-32600));
  add("true", "true", nullptr, rpc(-32600));
  add("an empty batch", "[]", nullptr, rpc(-32600, "batches are not supported"));
  add("a batch of pings",
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])", nullptr,
      rpc(-32600, "batches"));
  add("no jsonrpc member", R"({"id":11,"method":"ping"})", 11, rpc(-32600, "jsonrpc"));
  add("jsonrpc 1.0", R"({"jsonrpc":"1.0","id":12,"method":"ping"})", 12, rpc(-32600));
  add("jsonrpc as a number", R"({"jsonrpc":2.0,"id":13,"method":"ping"})", 13, rpc(-32600));
  add("method is a number", R"({"jsonrpc":"2.0","id":14,"method":5})", 14, rpc(-32600, "method"));
  add("method is null", R"({"jsonrpc":"2.0","id":15,"method":null})", 15, rpc(-32600, "method"));
  add("method is an array", R"({"jsonrpc":"2.0","id":16,"method":["ping"]})", 16, rpc(-32600, "method"));
  add("method is an object", R"({"jsonrpc":"2.0","id":17,"method":{"name":"ping"}})", 17,
      rpc(-32600, "method"));
  add("params is an array", R"({"jsonrpc":"2.0","id":18,"method":"ping","params":[1,2]})", 18,
      rpc(-32600, "params"));
  add("params is a string", R"({"jsonrpc":"2.0","id":19,"method":"ping","params":"x"})", 19,
      rpc(-32600, "params"));
  add("params is null", R"({"jsonrpc":"2.0","id":20,"method":"ping","params":null})", 20,
      rpc(-32600, "params"));
  add("an id without method, result or error", R"({"jsonrpc":"2.0","id":21})", nullptr, rpc(-32600));
  add("an unknown method", request_text(22, "tickets/steal", json::object()), 22,
      rpc(-32601, "tickets/steal"));
  add("an empty method name", request_text(23, "", json::object()), 23, rpc(-32601));
  add("a 10,000-character method name", request_text(24, std::string(10'000, 'm'), json::object()), 24,
      rpc(-32601));
  add("a 2026-only method in a 2025 session", request_text(25, "subscriptions/listen", json::object()), 25,
      rpc(-32601));
  // --- ids of every type: valid ones are echoed, others refused with a null id
  add("id: a string", R"({"jsonrpc":"2.0","id":"abc",)" + ping + "}", "abc", ok());
  add("id: an empty string", R"({"jsonrpc":"2.0","id":"",)" + ping + "}", "", ok());
  add("id: a string with escapes and emoji", R"({"jsonrpc":"2.0","id":"a\"b\\c\u0000\n😀",)" + ping + "}",
      "a\"b\\c" + std::string(1, '\0') + "\n😀", ok());
  add("id: a 100,000-character string",
      R"({"jsonrpc":"2.0","id":")" + std::string(100'000, 'i') + R"(",)" + ping + "}",
      std::string(100'000, 'i'), ok());
  add("id: zero", R"({"jsonrpc":"2.0","id":0,)" + ping + "}", 0, ok());
  add("id: negative", R"({"jsonrpc":"2.0","id":-5,)" + ping + "}", -5, ok());
  add("id: INT64_MAX", R"({"jsonrpc":"2.0","id":9223372036854775807,)" + ping + "}", INT64_MAX, ok());
  add("id: INT64_MIN", R"({"jsonrpc":"2.0","id":-9223372036854775808,)" + ping + "}", INT64_MIN, ok());
  add("id: UINT64_MAX", R"({"jsonrpc":"2.0","id":18446744073709551615,)" + ping + "}", UINT64_MAX, ok());
  add("id: past UINT64_MAX (a float)",
      R"({"jsonrpc":"2.0","id":123456789012345678901234567890,)" + ping + "}", nullptr,
      rpc(-32600, "\"id\""));
  add("id: a float", R"({"jsonrpc":"2.0","id":1.5,)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("id: 1.0", R"({"jsonrpc":"2.0","id":1.0,)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("id: 1e400 (past a double: a parse error)", R"({"jsonrpc":"2.0","id":1e400,)" + ping + "}", nullptr,
      rpc(-32700));
  add("id: true", R"({"jsonrpc":"2.0","id":true,)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("id: null", R"({"jsonrpc":"2.0","id":null,)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("id: an object", R"({"jsonrpc":"2.0","id":{"a":1},)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("id: an array", R"({"jsonrpc":"2.0","id":[1],)" + ping + "}", nullptr, rpc(-32600, "\"id\""));
  add("a duplicate id key: the last one counts", R"({"jsonrpc":"2.0","id":30,"id":31,)" + ping + "}", 31,
      ok());
  add("a UTF-8 byte-order mark before the message",
      "\xef\xbb\xbf"
      R"({"jsonrpc":"2.0","id":32,)" +
          ping + "}",
      32, ok());
  // --- messages that get no answer
  add("an unknown notification", R"({"jsonrpc":"2.0","method":"notifications/whatever","params":{"x":1}})",
      nullptr, silent());
  add("a cancellation of an unknown request",
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"nope"}})", nullptr,
      silent());
  add("a cancellation with an object requestId",
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"a":1}}})", nullptr,
      silent());
  add("a response to a request never sent", R"({"jsonrpc":"2.0","id":"sciorex-999","result":{}})", nullptr,
      silent());
  add("an error response to a request never sent",
      R"({"jsonrpc":"2.0","id":77,"error":{"code":1,"message":"x"}})", nullptr, silent());
  // --- deep nesting: refused before anything copies it (it used to overflow the stack)
  add("100,000 nested arrays", nested_arrays(100'000), nullptr, rpc(-32700, "deeper than 128"));
  add("100,000 nested arrays as params",
      R"({"jsonrpc":"2.0","id":40,"method":"ping","params":)" + nested_arrays(100'000) + "}", nullptr,
      rpc(-32700, "deeper than 128"));
  add("200,000 nested arrays in a tool's arguments",
      R"({"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":")" + tool +
          R"(","arguments":{"x":)" + nested_arrays(200'000) + "}}}",
      nullptr, rpc(-32700, "deeper than 128"));
  add("100,000 nested objects in a notification",
      R"({"jsonrpc":"2.0","method":"notifications/x","params":)" + nested_objects(100'000) + "}", nullptr,
      rpc(-32700, "deeper than 128"));
  add("100,000 nested arrays as the id",
      R"({"jsonrpc":"2.0","id":)" + nested_arrays(100'000) + "," + ping + "}", nullptr,
      rpc(-32700, "deeper than 128"));
  add("126 nested arrays in params: within the bound",
      R"({"jsonrpc":"2.0","id":42,"method":"ping","params":{"a":)" + nested_arrays(126) + "}}", 42, ok());
  add("brackets inside strings do not count",
      R"({"jsonrpc":"2.0","id":43,"method":"ping","params":{"a":")" + std::string(100'000, '[') + R"("}})",
      43, ok());
  // --- tools/call shapes: -32602 (not envelope errors)
  add("tools/call without a name", request_text(50, "tools/call", {{"arguments", json::object()}}), 50,
      rpc(-32602));
  add("tools/call with a numeric name", request_text(51, "tools/call", {{"name", 5}}), 51, rpc(-32602));
  add("tools/call of an unknown tool", request_text(52, "tools/call", {{"name", "sciorex_drop_tables"}}), 52,
      rpc(-32602, "Unknown tool"));
  add("tools/call with array arguments",
      request_text(53, "tools/call", {{"name", tool}, {"arguments", {1, 2}}}), 53, rpc(-32602, "arguments"));
  add("tools/call with string arguments",
      request_text(54, "tools/call", {{"name", tool}, {"arguments", "x"}}), 54, rpc(-32602, "arguments"));
  add("tools/call with null arguments",
      request_text(55, "tools/call", {{"name", tool}, {"arguments", nullptr}}), 55, rpc(-32602, "arguments"));
  add("tools/call of a 100,000-character tool name",
      request_text(56, "tools/call", {{"name", std::string(100'000, 't')}}), 56, rpc(-32602, "Unknown tool"));
  add("a good call, for contrast", call_text(57, tool, tool_args), 57, ok());
  // --- other methods with bad params
  add("resources/read of an unknown URI",
      request_text(60, "resources/read", {{"uri", "sciorex://nothing/here"}}), 60, rpc(-32002));
  add("resources/read without a uri", request_text(61, "resources/read", json::object()), 61, rpc(-32602));
  add("resources/read with a numeric uri", request_text(62, "resources/read", {{"uri", 5}}), 62, rpc(-32602));
  add("prompts/get of an unknown prompt", request_text(63, "prompts/get", {{"name", "nope"}}), 63,
      rpc(-32602));
  add("a list with a forged cursor", request_text(64, "tools/list", {{"cursor", "!!!not-a-cursor"}}), 64,
      rpc(-32602, "cursor"));
  add("a list with a numeric cursor", request_text(65, "tools/list", {{"cursor", 5}}), 65, rpc(-32602));
  add("logging/setLevel to an unknown level", request_text(66, "logging/setLevel", {{"level", "loud"}}), 66,
      rpc(-32602));
  add("logging/setLevel with a numeric level", request_text(67, "logging/setLevel", {{"level", 3}}), 67,
      rpc(-32602));
  add("completion/complete with a bad ref",
      request_text(68, "completion/complete", {{"ref", 5}, {"argument", {{"name", "a"}, {"value", ""}}}}), 68,
      rpc(-32602));
  add("resources/subscribe without a uri", request_text(69, "resources/subscribe", json::object()), 69,
      rpc(-32602));
  // --- the 2026 envelope on a request (-32602 or -32022, an envelope error: HTTP 400)
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  auto with_meta = [&](json m) { return json{{"_meta", std::move(m)}}; };
  Case m1{"2026: a numeric protocolVersion",
          request_text(70, "tools/list", with_meta({{"io.modelcontextprotocol/protocolVersion", 2026}})), 70,
          rpc(-32602, "protocolVersion")};
  Case m2{"2026: an unsupported version",
          request_text(71, "tools/list",
                       with_meta({{"io.modelcontextprotocol/protocolVersion", "2099-01-01"},
                                  {"io.modelcontextprotocol/clientCapabilities", json::object()}})),
          71, rpc(-32022)};
  Case m3{
      "2026: capabilities missing",
      request_text(72, "tools/list", with_meta({{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}})),
      72, rpc(-32602, "clientCapabilities")};
  json bad_level = meta;
  bad_level["io.modelcontextprotocol/logLevel"] = 7;
  Case m4{"2026: a numeric logLevel", request_text(73, "tools/list", with_meta(bad_level)), 73,
          rpc(-32602, "logLevel")};
  json forged = {{"name", tool}, {"arguments", tool_args}, {"requestState", "forged.state"}, {"_meta", meta}};
  Case m5{"2026: a forged requestState", request_text(74, "tools/call", forged), 74,
          rpc(-32602, "requestState")};
  for (Case* m : {&m1, &m2, &m3, &m4, &m5}) {
    m->http_status = m == &m5 ? 200 : 400;
    c.push_back(*m);
  }
  return c;
}

// One case per (tool, argument) and wrong type, from the tool's input schema: the required
// arguments get valid values from `valid`, the argument under test a value of the wrong type.
// Each must be a tool error naming the argument, and write nothing.
inline std::vector<Case> argument_type_cases(const std::filesystem::path& schema_dir,
                                             const std::map<std::string, json>& valid, int first_id) {
  std::vector<Case> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(schema_dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int id = first_id;
  for (const auto& f : files) {
    std::ifstream in(f);
    json schema = json::parse(in);
    const std::string tool = schema.at("name");
    const json& input = schema.at("inputSchema");
    json base = json::object();
    // Optional arguments some tools need one of (e.g. subtaskId or title): "tool+key" in `valid`.
    for (const auto& [k, v] : valid)
      if (k.rfind(tool + "+", 0) == 0) base[k.substr(tool.size() + 1)] = v;
    for (const auto& r : input.value("required", json::array())) {
      const std::string key = r;
      const json prop = input.at("properties").value(key, json::object());
      if (valid.count(tool + "." + key))
        base[key] = valid.at(tool + "." + key);
      else if (valid.count(key))
        base[key] = valid.at(key);
      else if (prop.contains("enum"))
        base[key] = prop["enum"][0];
      else
        base[key] = "x";
    }
    const json properties = input.value("properties", json::object());
    for (const auto& [key, prop] : properties.items()) {
      json type = prop.value("type", json());
      auto is = [&](const char* t) {
        return type == t || (type.is_array() && std::find(type.begin(), type.end(), t) != type.end());
      };
      std::vector<std::pair<std::string, json>> wrong;
      if (!is("string")) wrong.push_back({"a string", "x"});
      if (!is("integer") && !is("number")) wrong.push_back({"a number", 42});
      if (is("integer")) wrong.push_back({"a float", 1.5}), wrong.push_back({"a numeric string", "5"});
      if (!is("boolean")) wrong.push_back({"a boolean", true});
      if (!is("array")) wrong.push_back({"an array", json::array({"x"})});
      wrong.push_back({"an object", json::object({{"x", 1}})});
      if (is("array")) wrong.push_back({"an array of numbers", json::array({1, 2})});
      if (prop.contains("enum") || (is("array") && prop.contains("items") && prop["items"].contains("enum")))
        wrong.push_back({"a value outside the enum",
                         prop.contains("enum") ? json("no-such-value") : json::array({"no-such-value"})});
      if (prop.contains("maxLength"))
        wrong.push_back(
            {"a string past maxLength", std::string(prop["maxLength"].get<std::size_t>() + 1, 'x')});
      if (prop.contains("uniqueItems") && prop["uniqueItems"] == true)
        wrong.push_back({"an array with a duplicate item", json::array({"x", "x"})});
      if (is("array") && prop.contains("items") && prop["items"].value("minLength", 0) > 0)
        wrong.push_back({"an array with an empty item", json::array({""})});
      if (prop.contains("maxItems"))
        wrong.push_back({"an array past maxItems",
                         json(std::vector<std::string>(prop["maxItems"].get<std::size_t>() + 1, "x"))});
      if (prop.contains("minimum"))
        wrong.push_back({"a number below the minimum", prop["minimum"].get<long long>() - 1});
      if (prop.contains("maximum"))
        wrong.push_back({"a number above the maximum", prop["maximum"].get<long long>() + 1});
      for (auto& [what, value] : wrong) {
        json args = base;
        args[key] = value;
        out.push_back(
            {tool + "." + key + " as " + what, call_text(id, tool, args), id, tool_error("\"" + key + "\"")});
        ++id;
      }
    }
    json unknown = base;
    unknown["noSuchArgument"] = 1;
    out.push_back(
        {tool + " with an unknown argument", call_text(id, tool, unknown), id, tool_error("noSuchArgument")});
    ++id;
    if (!input.value("required", json::array()).empty()) {
      out.push_back(
          {tool + " without its arguments", call_text(id, tool, json::object()), id, tool_error("required")});
      ++id;
    }
  }
  return out;
}

}  // namespace sciorex::hostile
