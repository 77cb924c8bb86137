// The interaction server's toolsets (toolsets.hpp). A new tool gets its line here.
#include "interaction_toolsets.hpp"

namespace sciorex::interactions {

const common::ToolsetTable& toolsets() {
  static const common::ToolsetTable table{
      {"questions",
       "ask a person a question or an approval and read the answer",
       {"sciorex_ask_user", "sciorex_request_approval", "sciorex_get_interaction",
        "sciorex_ui_pending_interactions", "sciorex_ui_answer_interaction"}},
      {"notifications", "tell a person something without waiting", {"sciorex_notify_user"}},
  };
  return table;
}

}  // namespace sciorex::interactions
