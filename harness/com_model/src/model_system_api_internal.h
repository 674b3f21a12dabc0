// What the files of ModelSystemApi (model_system_api*.cpp) share.
#pragma once

#include "model_system_api.h"

namespace bitscts::com_model::internal {

// Returns the TOKEN_ELEVATION_TYPE of `token`: limited for a UAC-filtered administrator, full for
// an administrator's full token, default otherwise (a standard user, the service accounts).
DWORD ElevationTypeOf(const model::Token& token);

}  // namespace bitscts::com_model::internal
