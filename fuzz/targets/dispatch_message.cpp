// libFuzzer entry point of the dispatch_message harness (harness/dispatch_message.cpp).
#include "../harness/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sciorex::fuzz::dispatch_message(data, size);
  return 0;
}
