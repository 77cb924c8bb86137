// libFuzzer entry point of the tool_arguments harness (harness/tool_arguments.cpp).
#include "../harness/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sciorex::fuzz::tool_arguments(data, size);
  return 0;
}
