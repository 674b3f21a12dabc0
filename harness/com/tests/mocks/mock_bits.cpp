// Constructors and destructors of the BITS doubles, compiled once here rather than in every test.
#include "mocks/mock_enum_jobs.h"
#include "mocks/mock_error.h"
#include "mocks/mock_file.h"
#include "mocks/mock_http_options.h"
#include "mocks/mock_job.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_token_options.h"

namespace bitscts::mocks {

MockJob::MockJob() : MockComObject("IBackgroundCopyJob double") {}
MockJob::~MockJob() = default;

MockManager::MockManager() : MockComObject("IBackgroundCopyManager double") {}
MockManager::~MockManager() = default;

MockTokenOptions::MockTokenOptions() : MockComObject("IBitsTokenOptions double") {}
MockTokenOptions::~MockTokenOptions() = default;

MockError::MockError() : MockComObject("IBackgroundCopyError double") {}
MockError::~MockError() = default;

MockFile::MockFile() : MockComObject("IBackgroundCopyFile double") {}
MockFile::~MockFile() = default;

MockHttpOptions::MockHttpOptions() : MockComObject("IBackgroundCopyJobHttpOptions double") {}
MockHttpOptions::~MockHttpOptions() = default;

MockEnumJobs::MockEnumJobs() : MockComObject("IEnumBackgroundCopyJobs double") {}
MockEnumJobs::~MockEnumJobs() = default;

}  // namespace bitscts::mocks
