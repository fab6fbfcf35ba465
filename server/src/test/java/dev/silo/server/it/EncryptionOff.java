package dev.silo.server.it;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with {@code SILO_ENCRYPTION=off}: for tests of how plain blobs are laid out in
 * the backend (TUS chunks as parts of one S3 multipart upload, which the encrypting store does not
 * use: encrypted TUS chunks are blobs of their own, see {@code TusEncryptedOnS3Test}).
 */
public final class EncryptionOff implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EncryptionOff.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("backend", TestSilo.useBackend(Map.of("SILO_ENCRYPTION", "off")));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    AutoCloseable backend = context.getStore(NS).remove("backend", AutoCloseable.class);
    if (backend != null) {
      backend.close();
    }
  }
}
