// Internal: the file version of QMgr.dll, the documented way to tell which BITS a machine has.
#pragma once

#include <string>

#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Reads QMgr.dll's file version as BITS chooses the DLL: the higher of %windir%\System32 and
// %windir%\System32\Bits. Gives "major.minor.build.revision", or the Win32 error of reading the
// System32 copy as an HRESULT when no copy has a readable version.
Outcome<std::string> ReadQmgrFileVersion(SystemApi& system);

}  // namespace bitscts::com
