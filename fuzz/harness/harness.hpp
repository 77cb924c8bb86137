// The three fuzz harnesses, as plain functions: the libFuzzer targets (../targets) call them, and
// the normal test suite (tests/hostile/fuzz_replay_tests.cpp) replays every committed input
// (corpus/ and regressions/) through the same code, with g++ and under the sanitizer build.
//
// Each harness returns normally for any input the code under test handles as its contract says,
// and aborts (a crash libFuzzer records) when the contract breaks: a sanitizer report, an
// unexpected exception type, an answer that is not one JSON-RPC message.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sciorex::fuzz {

// One inbound message (a stdio line, a POST body) to a Server with the sciorex-tickets tools on
// an in-memory store, on an initialized 2025 peer. Every request must be answered (within 5 s)
// with a JSON-RPC response carrying its id, and the serialised answer must parse back.
void dispatch_message(const std::uint8_t* data, std::size_t size);

// The argument parser of one sciorex-tickets tool (byte 0 picks the tool, the rest is the JSON
// arguments object): it must accept or throw protocol::ToolError, nothing else.
void tool_arguments(const std::uint8_t* data, std::size_t size);

// One YAML file imported into an in-memory store (byte 0 picks tickets/ or epics/, the rest is
// the file): import_yaml must report problems, never throw, and leave the store consistent.
void yaml_import(const std::uint8_t* data, std::size_t size);

}  // namespace sciorex::fuzz
