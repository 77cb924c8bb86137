// Input templates (servers/flows/template.hpp): placeholders over the run's scope, how each kind
// of value renders, and the errors for malformed text and for paths the scope lacks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "template.hpp"

using nlohmann::json;
using sciorex::flows::Template;
using sciorex::flows::TemplateError;

namespace {

json template_scope() {
  return {{"trigger", {{"ticket", {{"id", "T-042"}, {"labels", {"ui", "api"}}, {"epicId", nullptr}}}}},
          {"nodes",
           {{"plan", {{"output", "1. Add the endpoint\n2. Test it"}}},
            {"review", {{"output", sciorex::flows::agent_output("Looks good.\n{\"passed\": true}")}}},
            {"check", {{"output", {{"result", false}}}}},
            {"count", {{"output", 3}}}}}};
}

std::string template_error(const std::string& text, const json& scope = template_scope()) {
  try {
    const Template t = Template::parse(text);
    t.render(scope);
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the seed's templates render from the trigger and earlier nodes", "[flows][template]") {
  const Template t = Template::parse(
      "Implement based on this plan:\n{{nodes.plan.output}}\n\nTicket: {{trigger.ticket.id}}\n");
  CHECK(t.render(template_scope()) ==
        "Implement based on this plan:\n1. Add the endpoint\n2. Test it\n\nTicket: T-042\n");
  const std::vector<std::vector<std::string>> want{{"nodes", "plan", "output"}, {"trigger", "ticket", "id"}};
  CHECK(t.paths() == want);
  CHECK(t.text() ==
        "Implement based on this plan:\n{{nodes.plan.output}}\n\nTicket: {{trigger.ticket.id}}\n");
}

TEST_CASE("each kind of value renders as the header says", "[flows][template]") {
  const json scope = template_scope();
  SECTION("an agent's output object renders as its text") {
    CHECK(Template::parse("{{nodes.review.output}}").render(scope) == "Looks good.\n{\"passed\": true}");
    CHECK(Template::parse("{{nodes.review.output.passed}}").render(scope) == "true");
  }
  SECTION("other objects and arrays as compact JSON; numbers, booleans and null as JSON") {
    CHECK(Template::parse("{{nodes.check.output}}").render(scope) == R"({"result":false})");
    CHECK(Template::parse("{{trigger.ticket.labels}}").render(scope) == R"(["ui","api"])");
    CHECK(Template::parse("{{nodes.count.output}}|{{trigger.ticket.epicId}}").render(scope) == "3|null");
  }
  SECTION("spaces inside the braces, array indexes, and text without placeholders") {
    CHECK(Template::parse("{{ trigger.ticket.labels.1 }}").render(scope) == "api");
    CHECK(Template::parse("no placeholders }} here").render(scope) == "no placeholders }} here");
    CHECK(Template::parse("").render(scope).empty());
    CHECK(Template::parse("").empty());
  }
}

TEST_CASE("malformed templates are refused at parse", "[flows][template]") {
  CHECK_THROWS_WITH(Template::parse("Ticket {{trigger.ticket.id"), Catch::Contains("never closed"));
  CHECK_THROWS_WITH(Template::parse("{{}}"), Catch::Contains("empty placeholder"));
  CHECK_THROWS_WITH(Template::parse("{{ }}"), Catch::Contains("empty placeholder"));
  CHECK_THROWS_WITH(Template::parse("{{nodes..output}}"), Catch::Contains("empty name"));
  CHECK_THROWS_WITH(Template::parse("{{nodes.plan.output + 1}}"), Catch::Contains("not a path"));
  CHECK_THROWS_WITH(Template::parse("{{trigger.ticket.id}"), Catch::Contains("never closed"));
  std::string many;
  for (int i = 0; i < 201; ++i) many += "{{a}}";
  CHECK_THROWS_WITH(Template::parse(many), Catch::Contains("more than 200"));
}

TEST_CASE("a path the scope lacks is a render error naming it", "[flows][template]") {
  CHECK_THAT(
      template_error("{{nodes.implement.output}}"),
      Catch::Contains("{{nodes.implement.output}}") && Catch::Contains("node 'implement' has no output"));
  CHECK_THAT(template_error("{{trigger.ticket.title}}"), Catch::Contains("trigger.ticket has no 'title'"));
  CHECK_THAT(template_error("{{trigger.ticket.labels.5}}"), Catch::Contains("has no '5'"));
  CHECK_THAT(template_error("{{nodes.plan.output.steps}}"),
             Catch::Contains("nodes.plan.output has no 'steps'"));
  CHECK_THAT(template_error("{{trigger.ticket.id}}", json::object()), Catch::Contains("no 'trigger'"));
}
