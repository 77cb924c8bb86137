// to_postgres: SQLite's placeholders rewritten into PostgreSQL's, strings and identifiers untouched.
#include <catch2/catch.hpp>

#include "pg_stmt.hpp"
#include "sciorex/storage/errors.hpp"

using sciorex::storage::StoreError;
using sciorex::storage::pg::to_postgres;
using sciorex::storage::pg::to_postgres_cached;

TEST_CASE("to_postgres numbers ? in order and keeps ?NNN's number", "[pg][stmt]") {
  auto a = to_postgres("SELECT x FROM t WHERE a = ? AND b = ? LIMIT ?");
  CHECK(a.text == "SELECT x FROM t WHERE a = $1 AND b = $2 LIMIT $3");
  CHECK(a.parameters == 3);
  auto b = to_postgres("SELECT x FROM t WHERE pk > ?2 AND (id LIKE ?1 OR title LIKE ?1) LIMIT ?3");
  CHECK(b.text == "SELECT x FROM t WHERE pk > $2 AND (id LIKE $1 OR title LIKE $1) LIMIT $3");
  CHECK(b.parameters == 3);
  // a bare ? after ?1 takes the next number, as SQLite numbers it
  CHECK(to_postgres("VALUES (?1, (SELECT n FROM s WHERE id = ?1), ?)").text ==
        "VALUES ($1, (SELECT n FROM s WHERE id = $1), $2)");
}

TEST_CASE("to_postgres gives each :name one number and leaves :: casts alone", "[pg][stmt]") {
  auto s = to_postgres(
      "SELECT a FROM t WHERE s = :status AND (x = :q OR y = :q) AND z::text = :status LIMIT :limit");
  CHECK(s.text == "SELECT a FROM t WHERE s = $1 AND (x = $2 OR y = $2) AND z::text = $1 LIMIT $3");
  CHECK(s.parameters == 3);
  CHECK(s.names.at(":q") == 2);
  CHECK(s.names.at(":limit") == 3);
}

TEST_CASE("to_postgres leaves ? and :name inside strings and quoted identifiers", "[pg][stmt]") {
  auto s = to_postgres("SELECT '?', 'a '':b'' c', \"odd?:name\" FROM t WHERE x LIKE ? ESCAPE '\\'");
  CHECK(s.text == "SELECT '?', 'a '':b'' c', \"odd?:name\" FROM t WHERE x LIKE $1 ESCAPE '\\'");
  CHECK(s.parameters == 1);
}

TEST_CASE("to_postgres refuses SQL it cannot rewrite", "[pg][stmt]") {
  CHECK_THROWS_AS(to_postgres("SELECT 'unterminated"), StoreError);
  CHECK_THROWS_AS(to_postgres("SELECT a FROM t WHERE a = ? AND b = :b"), StoreError);
  CHECK_THROWS_AS(to_postgres("SELECT ?1000"), StoreError);
}

TEST_CASE("to_postgres_cached rewrites each text once and refuses bad SQL as to_postgres does",
          "[pg][stmt]") {
  const std::string sql = "SELECT x FROM t WHERE a = ? AND b = :name_cache_test";
  CHECK_THROWS_AS(to_postgres_cached(sql), StoreError);  // mixed: refused, and not kept
  CHECK_THROWS_AS(to_postgres_cached(sql), StoreError);
  const auto a = to_postgres_cached("SELECT x FROM t WHERE a = ? AND b = ?");
  const auto b = to_postgres_cached("SELECT x FROM t WHERE a = ? AND b = ?");
  CHECK(a == b);  // the same rewrite, not a second one
  CHECK(a->text == "SELECT x FROM t WHERE a = $1 AND b = $2");
  CHECK(a->parameters == 2);
  CHECK(to_postgres_cached("SELECT ?")->text == "SELECT $1");
}
