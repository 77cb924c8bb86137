// sciorex-conformance-server: the protocol library serving the conformance suite's fixtures.
#include <CLI/CLI.hpp>

#include "fixture.hpp"
#include "sciorex/common/runner.hpp"

int main(int argc, char** argv) {
  CLI::App app{"MCP conformance fixture on the sciorex protocol library (a test fixture, not a product)"};
  sciorex::common::TransportOptions options;
  sciorex::common::add_transport_options(app, options, "0.1.0");
  CLI11_PARSE(app, argc, argv);
  sciorex::common::setup_logging(options.log_level);

  auto server_options = sciorex::common::server_options_with_logging();
  sciorex::protocol::Server server(
      {"sciorex-conformance-server", "0.1.0", "Sciorex conformance fixture", "", ""}, server_options);
  sciorex::fixture::register_tools(server);
  sciorex::fixture::register_input_required_tools(server);
  sciorex::fixture::register_resources_and_prompts(server);
  sciorex::fixture::register_task_tools(server);
  return sciorex::common::serve(server, options);
}
