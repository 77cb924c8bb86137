#pragma once
// Tiny media payloads for the fixture: a 1x1 PNG and a silent WAV header, base64.
namespace sciorex::fixture {
inline constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
inline constexpr const char* kWavBase64 = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=";
}  // namespace sciorex::fixture
