package dev.silo.http.tls;

/**
 * A certificate or key file that cannot be served: unreadable, not PEM, or a key that does not
 * belong to the certificate. The message names the file and the problem in one line; {@link #part}
 * says which of the two files it is, so configuration can name its setting.
 */
public final class BadTlsFile extends IllegalArgumentException {
  /** Which of the two files is at fault. */
  public enum Part {
    CERTIFICATE,
    KEY
  }

  private final Part part;

  BadTlsFile(Part part, String message) {
    super(message);
    this.part = part;
  }

  public Part part() {
    return part;
  }
}
