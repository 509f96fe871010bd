package dev.latchkey.secrets.kubernetes;

/**
 * A self-signed P-256 CA certificate for settings tests (public; its private key was discarded).
 */
final class TestCertificate {
  static final String PEM =
      """
      -----BEGIN CERTIFICATE-----
      MIIBjTCCATOgAwIBAgIUMp5mCG/NjSN/2YP1XewVWXNhO5AwCgYIKoZIzj0EAwIw
      GzEZMBcGA1UEAwwQbGF0Y2hrZXktdGVzdC1jYTAgFw0yNjExMjgxMDI5MDJaGA8y
      MTI2MTEwNDEwMjkwMlowGzEZMBcGA1UEAwwQbGF0Y2hrZXktdGVzdC1jYTBZMBMG
      ByqGSM49AgEGCCqGSM49AwEHA0IABG9GdCD91N/MQGE4pFxeOTVx85v4yTsbO8rf
      ac64q6uyPxRWbpEL/bnz/WNiGmbV+kjVYJKfFugI2h5EecM35vmjUzBRMB0GA1Ud
      DgQWBBS4H0P3MDmqIO5S/FjYjoqGjFr6/zAfBgNVHSMEGDAWgBS4H0P3MDmqIO5S
      /FjYjoqGjFr6/zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIF7v
      69+42bFT9Z8YrvhRw/xw+2Z57lLaFv6xHf74EfLXAiEA0TITFrxfv1r52QNohGgZ
      NgMGRmLeyD2f8smZCMeOWHU=
      -----END CERTIFICATE-----
      """;

  private TestCertificate() {}
}
