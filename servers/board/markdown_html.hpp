// Markdown to HTML for the page, by cmark-gfm with its table, strikethrough, autolink and tasklist
// extensions. Safe mode: raw HTML in the text is never passed through (cmark writes a comment in
// its place) and links with dangerous schemes (javascript:, vbscript:, file:, data: other than
// images) are dropped. Thread-safe.
#pragma once

#include <string>

namespace sciorex::board {

std::string markdown_html(const std::string& markdown);

}  // namespace sciorex::board
