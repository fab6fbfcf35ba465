package dev.silo.core.credential;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** Creating, listing and revoking a tenant's API keys. */
public final class ApiKeyService {
  private final MetadataStore metadata;
  private final IdGenerator ids;
  private final Journal journal;
  private final Clock clock;

  public ApiKeyService(MetadataStore metadata, IdGenerator ids, Journal journal, Clock clock) {
    this.metadata = metadata;
    this.ids = ids;
    this.journal = journal;
    this.clock = clock;
  }

  /** {@code scopes} null or empty: the caller's own (see {@link RequestContext#delegable}). */
  public NewApiKey create(RequestContext ctx, String name, Set<Scope> scopes) {
    ctx.require(Scope.ADMIN);
    String label = validateName(name);
    Set<Scope> granted = ctx.delegable(scopes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return metadata.inTenant(
        ctx.tenant(),
        tx -> {
          Tenant tenant = tx.tenant().get();
          String plaintext = ApiKeyFormat.generate(tenant.slug(), ids);
          ApiKey key =
              new ApiKey(
                  ids.apiKeyId(),
                  tenant.id(),
                  label,
                  ApiKeyFormat.prefixOf(plaintext),
                  ApiKeyFormat.hash(plaintext),
                  granted,
                  now,
                  null,
                  null);
          tx.keys().insert(key);
          journal.in(tx, ctx, now).credential("credential.created", key.id().value());
          return new NewApiKey(key, plaintext);
        });
  }

  public List<ApiKey> list(RequestContext ctx) {
    ctx.require(Scope.ADMIN);
    return metadata.inTenant(ctx.tenant(), tx -> tx.keys().list());
  }

  public void revoke(RequestContext ctx, ApiKeyId id) {
    ctx.require(Scope.ADMIN);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    metadata.inTenant(
        ctx.tenant(),
        tx -> {
          ApiKey key =
              tx.keys()
                  .find(id)
                  .filter(k -> !k.revoked())
                  .orElseThrow(() -> new NotFoundException("key_not_found", "no such key"));
          tx.keys().revoke(key.id(), now);
          journal.in(tx, ctx, now).credential("credential.revoked", key.id().value());
          return null;
        });
  }

  private static String validateName(String name) {
    if (name == null || name.isBlank()) {
      return "key";
    }
    if (name.length() > 100 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new InvalidInputException("invalid_name", "key name must be 1 to 100 printable characters");
    }
    return name.strip();
  }
}
