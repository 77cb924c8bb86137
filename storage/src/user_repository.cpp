// UserRepository: people and the SHA-256 of their bearer tokens (issue 13).
#include "sciorex/storage/user_repository.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "events.hpp"
#include "sciorex/storage/database.hpp"
#include "sciorex/storage/errors.hpp"

namespace sciorex::storage {

namespace {

constexpr std::size_t kUserMaxName = 64;
constexpr std::size_t kUserTokenBytes = 32;
constexpr std::string_view kUserTokenPrefix = "sxr_";

bool user_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

void check_user_name(const std::string& name) {
  if (name.empty() || name.size() > kUserMaxName || !std::all_of(name.begin(), name.end(), user_name_char))
    throw StoreError::invalid_argument("Invalid name '" + name.substr(0, kUserMaxName) +
                                       "': use 1 to 64 letters, digits, '.', '_' or '-'.");
}

std::string user_sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw StoreError::internal("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4U];
    out += kHex[md[i] & 0xFU];
  }
  return out;
}

std::string user_new_token() {
  std::array<unsigned char, kUserTokenBytes> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
    throw StoreError::internal("The system's random source failed");
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out(kUserTokenPrefix);
  unsigned bits = 0;
  int nbits = 0;
  for (unsigned char b : raw) {  // base64url without padding: 32 bytes -> 43 characters
    bits = (bits << 8U) | b;
    nbits += 8;
    while (nbits >= 6) {
      nbits -= 6;
      out += kB64[(bits >> static_cast<unsigned>(nbits)) & 0x3FU];
    }
  }
  if (nbits > 0) out += kB64[(bits << static_cast<unsigned>(6 - nbits)) & 0x3FU];
  return out;
}

User user_from_row(Stmt& st) {
  return User{st.column(0).str(), st.column(1).int32() != 0, st.column(2).str()};
}

}  // namespace

NewUserToken UserRepository::add(const std::string& name, bool read_only) {
  check_user_name(name);
  NewUserToken out;
  out.token = user_new_token();
  const std::string hash = user_sha256_hex(out.token);
  db_.write([&](Tx& tx) {
    auto& exists = tx.stmt("SELECT 1 FROM users WHERE name = ?");
    exists.bind(1, name);
    if (exists.step())
      throw StoreError::conflict("A person named '" + name +
                                 "' already exists. Remove them first to issue a new token.");
    auto& st = tx.stmt("INSERT INTO users(name, token_hash, read_only, created_at) VALUES (?,?,?,?)");
    st.bind(1, name);
    st.bind(2, hash);
    st.bind(3, read_only ? 1 : 0);
    st.bind(4, tx.now());
    st.exec();
    out.user = User{name, read_only, tx.now()};
    append_event(tx, "user", name, "added", nlohmann::json{{"readOnly", read_only}}, Actor::system(), false);
  });
  return out;
}

std::vector<User> UserRepository::list() {
  std::vector<User> out;
  db_.read([&](Tx& tx) {
    out.clear();
    auto& st = tx.stmt("SELECT name, read_only, created_at FROM users ORDER BY name");
    while (st.step()) out.push_back(user_from_row(st));
  });
  return out;
}

void UserRepository::remove(const std::string& name) {
  db_.write([&](Tx& tx) {
    auto& st = tx.stmt("DELETE FROM users WHERE name = ?");
    st.bind(1, name);
    if (st.exec() == 0)
      throw StoreError::not_found("No person named '" + name.substr(0, kUserMaxName) +
                                  "'. `users list` shows the people of this store.");
    append_event(tx, "user", name, "removed", nlohmann::json::object(), Actor::system(), false);
  });
}

std::optional<User> UserRepository::authenticate(const std::string& token) {
  if (token.size() <= kUserTokenPrefix.size() || token.size() > 256) return std::nullopt;
  const std::string hash = user_sha256_hex(token);
  std::optional<User> out;
  db_.read([&](Tx& tx) {
    out.reset();
    // Looked up by the hash's index; the stored hash is then compared in constant time, so neither
    // the look-up nor the comparison tells an attacker how much of a guess was right (a guess is a
    // token, and its hash differs unpredictably from every stored one anyway).
    auto& st = tx.stmt("SELECT name, read_only, created_at, token_hash FROM users WHERE token_hash = ?");
    st.bind(1, hash);
    if (!st.step()) return;
    const std::string stored = st.column(3).str();
    if (stored.size() == hash.size() && CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) == 0)
      out = user_from_row(st);
  });
  return out;
}

bool UserRepository::any() {
  bool found = false;
  db_.read([&](Tx& tx) {
    auto& st = tx.stmt("SELECT EXISTS(SELECT 1 FROM users)");
    found = st.step() && st.column(0).int32() != 0;
  });
  return found;
}

}  // namespace sciorex::storage
