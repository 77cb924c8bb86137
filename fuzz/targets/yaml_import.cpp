// libFuzzer entry point of the yaml_import harness (harness/yaml_import.cpp).
#include "../harness/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sciorex::fuzz::yaml_import(data, size);
  return 0;
}
