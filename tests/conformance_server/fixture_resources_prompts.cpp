// Conformance fixture resources, resource templates, prompts and completion.
#include "fixture.hpp"
#include "media.hpp"

namespace sciorex::fixture {

using nlohmann::json;
using protocol::InputRequest;
using protocol::PromptResult;
using protocol::RequestContext;

namespace {

json text_contents(const std::string& uri, const char* mime, const std::string& text) {
  return json::array({{{"uri", uri}, {"mimeType", mime}, {"text", text}}});
}

json user(json content) { return {{"role", "user"}, {"content", std::move(content)}}; }

json argument(const char* name, const char* description, bool required) {
  return {{"name", name}, {"description", description}, {"required", required}};
}

}  // namespace

void register_resources_and_prompts(protocol::Server& s) {
  s.add_resource({{"uri", "test://static-text"},
                  {"name", "static-text"},
                  {"description", "A static text resource"},
                  {"mimeType", "text/plain"}},
                 [](const std::string& uri, RequestContext&) {
                   return text_contents(uri, "text/plain",
                                        "This is the content of the static text resource.");
                 });
  s.add_resource({{"uri", "test://static-binary"},
                  {"name", "static-binary"},
                  {"description", "A static PNG"},
                  {"mimeType", "image/png"}},
                 [](const std::string& uri, RequestContext&) {
                   return json::array({{{"uri", uri}, {"mimeType", "image/png"}, {"blob", kPngBase64}}});
                 });
  s.add_resource({{"uri", "test://watched-resource"},
                  {"name", "watched-resource"},
                  {"description", "A resource to subscribe to"},
                  {"mimeType", "text/plain"}},
                 [](const std::string& uri, RequestContext&) {
                   return text_contents(uri, "text/plain", "Watched resource content");
                 });
  s.add_resource_template(
      {{"uriTemplate", "test://template/{id}/data"},
       {"name", "template"},
       {"description", "A templated resource"},
       {"mimeType", "application/json"}},
      [](const std::string& uri, const std::map<std::string, std::string>& vars, RequestContext&) {
        const std::string& id = vars.at("id");
        json body = {{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
        return text_contents(uri, "application/json", body.dump());
      });

  s.add_prompt({{"name", "test_simple_prompt"}, {"description", "A prompt without arguments"}},
               [](const json&, RequestContext&) {
                 PromptResult r;
                 r.messages.push_back(user(protocol::content::text("This is a simple prompt for testing.")));
                 return r;
               });
  s.add_prompt(
      {{"name", "test_prompt_with_arguments"},
       {"description", "A prompt with two required arguments"},
       {"arguments",
        {argument("arg1", "First test argument", true), argument("arg2", "Second test argument", true)}}},
      [](const json& args, RequestContext&) {
        PromptResult r;
        r.messages.push_back(
            user(protocol::content::text("Prompt with arguments: arg1='" + args.value("arg1", std::string()) +
                                         "', arg2='" + args.value("arg2", std::string()) + "'")));
        return r;
      });
  s.add_prompt_completer("test_prompt_with_arguments",
                         [](const std::string& arg, const std::string& value, const json&) {
                           protocol::Completion c;
                           if (arg == "arg1")
                             for (const char* v : {"paris", "park", "party", "test", "testing"})
                               if (std::string(v).rfind(value, 0) == 0) c.values.push_back(v);
                           return c;
                         });
  s.add_prompt(
      {{"name", "test_prompt_with_embedded_resource"},
       {"description", "A prompt that embeds a resource"},
       {"arguments", {argument("resourceUri", "URI of the resource to embed", true)}}},
      [](const json& args, RequestContext&) {
        PromptResult r;
        r.messages.push_back(
            user(protocol::content::embedded_text(args.value("resourceUri", std::string()), "text/plain",
                                                  "Embedded resource content for testing.")));
        r.messages.push_back(user(protocol::content::text("Please process the embedded resource above.")));
        return r;
      });
  s.add_prompt({{"name", "test_prompt_with_image"}, {"description", "A prompt with an image"}},
               [](const json&, RequestContext&) {
                 PromptResult r;
                 r.messages.push_back(user(protocol::content::image(kPngBase64, "image/png")));
                 r.messages.push_back(user(protocol::content::text("Please analyze the image above.")));
                 return r;
               });
  s.add_prompt({{"name", "test_input_required_result_prompt"},
                {"description", "A prompt that first asks the user for context"}},
               [](const json&, RequestContext& ctx) {
                 json schema = {{"type", "object"},
                                {"properties", {{"context", {{"type", "string"}}}}},
                                {"required", {"context"}}};
                 auto in = ctx.inputs({{"user_context", InputRequest::elicit_form(
                                                            "What context should the prompt use?", schema)}});
                 PromptResult r;
                 std::string context =
                     in.at("user_context").value("content", json::object()).value("context", std::string());
                 r.messages.push_back(user(protocol::content::text("Use this context: " + context)));
                 return r;
               });
}

}  // namespace sciorex::fixture
