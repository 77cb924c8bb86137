// UserRepository: the people of a team store and their bearer tokens (issue 13). A token is shown
// once, when the person is added; the store keeps only its SHA-256 (hex), so a copy of the store
// does not give anyone access.
//
// Schema (migration v6; PostgreSQL's schema mirrors it):
//   users(name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, read_only INTEGER NOT NULL,
//         created_at TEXT NOT NULL)
// Adding and removing a person appends a feed-only event (entity "user") in the same transaction.
//
// Thread-safe as Database is. Holds a reference: the Database must outlive it.
// Throws StoreError: InvalidArgument (a name that is not 1..64 of [A-Za-z0-9._-]), Conflict (a
// name already there), NotFound (removing an unknown name), Internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sciorex::storage {

class Database;

struct User {
  std::string name;
  bool read_only = false;
  std::string created_at;  // ISO-8601 UTC, milliseconds
};

struct NewUserToken {
  User user;
  std::string token;  // "sxr_" + 43 base64url characters of 32 random bytes; never stored
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  NewUserToken add(const std::string& name, bool read_only);
  std::vector<User> list();  // by name
  void remove(const std::string& name);
  // The person a bearer token belongs to (compared by hash), or nullopt.
  std::optional<User> authenticate(const std::string& token);
  // Whether any person exists: the HTTP servers then require a person's token on every request.
  bool any();

 private:
  Database& db_;
};

}  // namespace sciorex::storage
