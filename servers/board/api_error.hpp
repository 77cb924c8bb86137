// The board API's errors, made in one place: every refusal is an ApiError thrown by a handler (or
// a StoreError, mapped here), answered as {"error": "<a sentence for a person>", "code": "..."}
// with its status: 400 invalid, 403 forbidden, 404 not_found, 405 method, 409 conflict (a stale
// edit also carries "current": the ticket as it is now), 413 too_large, 422 transition.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "sciorex/storage/errors.hpp"
#include "sciorex/transport/http_routes.hpp"

namespace sciorex::board {

using nlohmann::json;

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, json extra = json::object())
      : std::runtime_error(message), status_(status), code_(std::move(code)), extra_(std::move(extra)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const json& extra() const { return extra_; }

  static ApiError invalid(const std::string& m) { return {400, "invalid", m}; }
  static ApiError forbidden(const std::string& m) { return {403, "forbidden", m}; }
  static ApiError not_found(const std::string& m) { return {404, "not_found", m}; }
  static ApiError too_large(const std::string& m) { return {413, "too_large", m}; }

 private:
  int status_;
  std::string code_;
  json extra_;
};

// The API error for a store error: NotFound 404, InvalidArgument 400, InvalidTransition 422,
// Conflict 409; Internal 500 (its detail goes to the log, not to the page).
ApiError api_error_of(const storage::StoreError& e);

// JSON text for an answer (invalid UTF-8 from the store replaced, never thrown on).
std::string json_text(const json& j);
// A JSON response, and the response of an error.
transport::RouteResponse json_response(int status, const json& body);
transport::RouteResponse error_response(const ApiError& e);

}  // namespace sciorex::board
