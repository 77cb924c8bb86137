#include "api_error.hpp"

#include <spdlog/spdlog.h>

namespace sciorex::board {

ApiError api_error_of(const storage::StoreError& e) {
  switch (e.kind()) {
    case storage::ErrorKind::NotFound:
      return ApiError::not_found(e.what());
    case storage::ErrorKind::InvalidArgument:
      return ApiError::invalid(e.what());
    case storage::ErrorKind::InvalidTransition:
      return {422, "transition", e.what()};
    case storage::ErrorKind::Conflict:
      return {409, "conflict", e.what()};
    case storage::ErrorKind::Unavailable:
      return {503, "unavailable", e.what()};
    case storage::ErrorKind::Internal:
      break;
  }
  spdlog::error("board: store failure: {}", e.what());
  return {500, "internal", "The store failed; the server's log has the detail."};
}

std::string json_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

transport::RouteResponse json_response(int status, const json& body) {
  return {status,
          {{"Content-Type", "application/json; charset=utf-8"}, {"Cache-Control", "no-store"}},
          json_text(body)};
}

transport::RouteResponse error_response(const ApiError& e) {
  json body = e.extra().is_object() ? e.extra() : json::object();
  body["error"] = e.what();
  body["code"] = e.code();
  return json_response(e.status(), body);
}

}  // namespace sciorex::board
