// The properties of every suite a bitscts run writes: which target ran, when, with which
// expectations and which version of bitscts. The runner writes them; the report tool reads them.
#pragma once

#include <string_view>

namespace bitscts::junit::property {

// The target's id, "model-19045", and its family: model, wine or windows.
inline constexpr std::string_view kTargetId = "bitscts.target.id";
inline constexpr std::string_view kTargetFamily = "bitscts.target.family";
// What answered the calls ("bitscts reference model"), and the Windows it is or emulates: its
// name, its build ("19045") and its BITS version ("10.3").
inline constexpr std::string_view kTargetImplementation = "bitscts.target.implementation";
inline constexpr std::string_view kTargetOsName = "bitscts.target.os_name";
inline constexpr std::string_view kTargetOsBuild = "bitscts.target.os_build";
inline constexpr std::string_view kTargetBitsVersion = "bitscts.target.bits_version";
// When the run started (ISO 8601 UTC, "2026-11-23T10:00:00Z") and the expectations it applied.
inline constexpr std::string_view kRunDate = "bitscts.run.date";
inline constexpr std::string_view kExpectations = "bitscts.expectations";
// The version of bitscts that ran.
inline constexpr std::string_view kVersion = "bitscts.version";

}  // namespace bitscts::junit::property
