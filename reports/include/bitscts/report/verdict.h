// Verdicts in reports are the harness's verdicts (bitscts/verdict.h): one registry for both.
#pragma once

#include "bitscts/verdict.h"

namespace bitscts::report {

using ::bitscts::AllVerdicts;
using ::bitscts::IsFailure;
using ::bitscts::Name;
using ::bitscts::ParseVerdict;
using ::bitscts::Verdict;

}  // namespace bitscts::report
