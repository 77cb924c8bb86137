// Golden transcripts: client lines in, server lines out. Each file in tests/transcripts holds
// "> message" lines (from the client) each followed by the "< message" lines the server must send
// for it, in order. A string "<any>" in an expected message matches any value; everything else
// must match exactly (no extra keys). A string "<requestState>" in a client message stands for the
// requestState of the server's last input_required result (a retry echoes it).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../conformance_server/fixture.hpp"
#include "test_support.hpp"

using namespace sciorex;
using test::json;

namespace {

bool matches(const json& expected, const json& actual, std::string& where) {
  if (expected.is_string() && expected == "<any>") return true;
  if (expected.type() != actual.type() && !(expected.is_number() && actual.is_number())) {
    where += " (type)";
    return false;
  }
  if (expected.is_object()) {
    if (expected.size() != actual.size()) {
      where += " (keys: expected " + std::to_string(expected.size()) + ", got " +
               std::to_string(actual.size()) + ")";
      return false;
    }
    for (auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) {
        where += "." + k + " (missing)";
        return false;
      }
      std::string sub = where + "." + k;
      if (!matches(v, actual[k], sub)) {
        where = sub;
        return false;
      }
    }
    return true;
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string sub = where + "[" + std::to_string(i) + "]";
      if (!matches(expected[i], actual[i], sub)) {
        where = sub;
        return false;
      }
    }
    return true;
  }
  return expected == actual;
}

// `message` with each "<requestState>" replaced by `state`.
json with_state(json message, const std::string& state) {
  if (message.is_string() && message == "<requestState>") return state;
  if (message.is_structured())
    for (auto& v : message) v = with_state(std::move(v), state);
  return message;
}

struct Step {
  json input;
  std::vector<json> outputs;
  int line = 0;
};

std::vector<Step> load(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<Step> steps;
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (text.size() < 2 || text[0] == '#') continue;
    json j = json::parse(text.substr(2));
    if (text[0] == '>')
      steps.push_back({j, {}, n});
    else if (text[0] == '<' && !steps.empty())
      steps.back().outputs.push_back(j);
  }
  return steps;
}

}  // namespace

TEST_CASE("golden transcripts replay exactly", "[protocol][transcripts]") {
  std::vector<std::filesystem::path> files;
  for (auto& e : std::filesystem::directory_iterator(SCIOREX_TRANSCRIPTS_DIR))
    if (e.path().extension() == ".transcript") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 3);
  for (const auto& file : files) {
    protocol::Server server({"sciorex-test", "1.0.0", "", "", ""});
    fixture::register_tools(server);
    fixture::register_input_required_tools(server);
    fixture::register_resources_and_prompts(server);
    test::Client client(server);
    std::string state;
    for (const auto& step : load(file)) {
      auto sink = client.post(with_state(step.input, state));
      auto got = sink->wait_for(step.outputs.size(), std::chrono::seconds(3));
      INFO(file.filename().string() << ":" << step.line << " sent " << step.input.dump());
      REQUIRE(got.size() == step.outputs.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        std::string where = "$";
        INFO("expected " << step.outputs[i].dump() << "\n     got " << got[i].dump());
        CHECK(matches(step.outputs[i], got[i], where));
        INFO(where);
        const json r = got[i].value("result", json::object());
        if (r.is_object() && r.contains("requestState") && r["requestState"].is_string())
          state = r["requestState"];
      }
    }
  }
}
