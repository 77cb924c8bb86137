#pragma once
// Text written by agents, made safe to print on a person's terminal: control characters become
// visible escapes (ESC as \x1b, a newline as \n, ...), so no escape sequence reaches the terminal
// and no newline or carriage return forges a line of output.

#include <string>
#include <string_view>

namespace sciorex::common {

enum class Lines { one, many };

// `text` with every C0/C1 control, DEL, bidirectional override and line separator written as an
// escape (\n \r \t \x1b \u202e ...) and each invalid UTF-8 byte as \xNN. With Lines::many,
// newlines and tabs stay as they are (descriptions, comments); carriage returns never do.
std::string visible(std::string_view text, Lines lines = Lines::one);

}  // namespace sciorex::common
