// What an agent process printed, read as its outcome (issue 12): Claude Code's
// `--output-format json` object ({type: "result", subtype, is_error, result, session_id, ...}),
// or, for another runner, a JSON object with `result` and/or `session_id` when it printed one
// (the whole output or its last line), else its whole output as the text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sciorex::flows {

struct RunnerOutput {
  std::string text;
  std::optional<std::string> session_id;
  std::optional<std::string> error;  // the agent said it failed (Claude's is_error / subtype)
};

// nullopt when `out` holds no result object at all.
std::optional<RunnerOutput> parse_claude_output(std::string_view out);

RunnerOutput parse_runner_output(std::string_view out);

// `text` cut to at most `max_chars` characters (on a character boundary), "…" marking a cut.
std::string shortened(std::string_view text, std::size_t max_chars);

}  // namespace sciorex::flows
