#include "store.hpp"

namespace sciorex::tickets {

Store::Store(const std::string& db_path, const storage::StoreConfig& config)
    : writer_(std::make_unique<storage::Database>(db_path, config)),
      reader_(db_path == ":memory:" ? nullptr : std::make_unique<storage::Database>(db_path, config)) {}

}  // namespace sciorex::tickets
