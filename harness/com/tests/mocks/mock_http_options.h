// A GoogleMock double of IBackgroundCopyJobHttpOptions (BITS 2.5) with counted references.
#pragma once

#include "mocks/com_object.h"

namespace bitscts::mocks {

class MockHttpOptions : public MockComObject<IBackgroundCopyJobHttpOptions> {
 public:
  MockHttpOptions();
  ~MockHttpOptions() override;

  MOCK_METHOD(HRESULT, SetClientCertificateByID,
              (BG_CERT_STORE_LOCATION location, LPCWSTR store, BYTE* hash), (override));
  MOCK_METHOD(HRESULT, SetClientCertificateByName,
              (BG_CERT_STORE_LOCATION location, LPCWSTR store, LPCWSTR subject), (override));
  MOCK_METHOD(HRESULT, RemoveClientCertificate, (), (override));
  MOCK_METHOD(HRESULT, GetClientCertificate,
              (BG_CERT_STORE_LOCATION * location, LPWSTR* store, BYTE** hash, LPWSTR* subject),
              (override));
  MOCK_METHOD(HRESULT, SetCustomHeaders, (LPCWSTR headers), (override));
  MOCK_METHOD(HRESULT, GetCustomHeaders, (LPWSTR * headers), (override));
  MOCK_METHOD(HRESULT, SetSecurityFlags, (ULONG flags), (override));
  MOCK_METHOD(HRESULT, GetSecurityFlags, (ULONG * flags), (override));
};

}  // namespace bitscts::mocks
