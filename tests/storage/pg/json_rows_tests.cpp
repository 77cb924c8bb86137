// JsonRows: PostgreSQL's json_agg rows read through the Stmt interface (the one-query ticket
// detail on PostgreSQL, ticket_rows.cpp).
#include <catch2/catch.hpp>

#include "json_rows.hpp"
#include "sciorex/storage/errors.hpp"

using sciorex::storage::ErrorKind;
using sciorex::storage::JsonRows;
using sciorex::storage::StoreError;

TEST_CASE("JsonRows reads strings, numbers and nulls row by row", "[json_rows]") {
  JsonRows rows(R"([["sub-001", "Fix", 3, null, 2.5], ["sub-002", "Test", "7", "note", 1]])");
  REQUIRE(rows.step());
  CHECK(rows.column(0).str() == "sub-001");
  CHECK(rows.column(2).int64() == 3);
  CHECK(rows.column(3).is_null());
  CHECK(rows.column(3).str().empty());
  CHECK(rows.column(4).real() == 2.5);
  CHECK(rows.column(2).str() == "3");  // a number's text, as a statement's column gives it
  REQUIRE(rows.step());
  CHECK(rows.column(1).str() == "Test");
  CHECK(rows.column(2).int64() == 7);
  CHECK(rows.column(3).str() == "note");
  CHECK_FALSE(rows.step());
  CHECK_FALSE(rows.step());
}

TEST_CASE("JsonRows: no rows from NULL, and a clear error for anything but an array of arrays",
          "[json_rows]") {
  CHECK_FALSE(JsonRows("").step());
  CHECK_FALSE(JsonRows("null").step());
  CHECK_FALSE(JsonRows("[]").step());
  for (const char* bad : {"{\"a\": 1}", "[1, 2]", "[[1], 2]", "[[1]", "not json"}) {
    INFO(bad);
    try {
      JsonRows rows(bad);
      FAIL("accepted");
    } catch (const StoreError& e) {
      CHECK(e.kind() == ErrorKind::Internal);
    }
  }
  JsonRows rows(R"([["only"]])");
  CHECK_THROWS_AS(rows.column(0).str(), StoreError);  // before the first step
  REQUIRE(rows.step());
  CHECK_THROWS_AS(rows.column(1).str(), StoreError);  // past the row's end
  CHECK_THROWS_AS(rows.bind(1, std::string("x")), StoreError);
  CHECK_THROWS_AS(rows.exec(), StoreError);
}

TEST_CASE("JsonRows::by_list parts rows by their leading list number, in order, without it", "[json_rows]") {
  auto lists = JsonRows::by_list(R"([[0, "a", 1], [2, "c"], [0, "b", 2], [2, "d"]])", 3);
  REQUIRE(lists.size() == 3);
  REQUIRE(lists[0].step());
  CHECK(lists[0].column(0).str() == "a");
  CHECK(lists[0].column(1).int64() == 1);
  REQUIRE(lists[0].step());
  CHECK(lists[0].column(0).str() == "b");
  CHECK_FALSE(lists[0].step());
  CHECK_FALSE(lists[1].step());  // none of list 1
  REQUIRE(lists[2].step());
  CHECK(lists[2].column(0).str() == "c");
  CHECK_THROWS_AS(lists[2].column(1).str(), StoreError);  // the number is gone: one column
  REQUIRE(lists[2].step());
  CHECK(lists[2].column(0).str() == "d");

  for (const char* none : {"", "null", "[]"}) {
    auto empty = JsonRows::by_list(none, 2);
    CHECK(empty.size() == 2);
    CHECK_FALSE(empty[0].step());
    CHECK_FALSE(empty[1].step());
  }
  for (const char* bad : {R"([[3, "x"]])", R"([[-1, "x"]])", R"([["0", "x"]])", R"([[]])", R"([[1.5]])"}) {
    INFO(bad);
    CHECK_THROWS_AS(JsonRows::by_list(bad, 3), StoreError);
  }
}
