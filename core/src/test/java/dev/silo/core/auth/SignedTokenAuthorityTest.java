package dev.silo.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.TenantRepository;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The signed-token authority in isolation: a token's MAC is checked before anything is looked
 * up, so a forged token costs no query and names no tenant that gets read; a genuine one costs
 * exactly one query, which asks for the tenant together with the minting credential.
 */
class SignedTokenAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final TenantId TENANT = new TenantId("t0000000000000000001");
  private static final BucketName BUCKET = new BucketName("photos");
  private static final ObjectKey KEY = new ObjectKey("cat.jpg");
  private static final ApiKeyId MINTER = new ApiKeyId("key_0123456789abcdef");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final UrlSigner signer = new UrlSigner(new SigningKeys(new byte[32], List.of()), clock);
  private final List<String> lookups = new ArrayList<>();
  /** What the recording store's S3 credential lookup finds. */
  private Optional<S3CredentialRepository.Live> live = Optional.empty();
  private final Authenticator authenticator = new Authenticator(recording(), signer, "operator-token-0123456789", clock);

  @Test
  void aForgedOrAlteredTokenIsRefusedWithoutALookup() {
    String genuine = signer.sign(new SignedClaims(TENANT, BUCKET, KEY, "GET", NOW.plusSeconds(600), null, new Lineage.ApiKey(MINTER)));
    String[] parts = genuine.split("\\.", -1);
    List<String> forged = new ArrayList<>();
    forged.add("v1." + String.join(".", Arrays.copyOfRange(parts, 1, 5)) + "." + parts[6]); // the format without lineage
    forged.add(genuine.replace(TENANT.value(), "t0000000000000000002")); // another tenant
    forged.add(genuine.replace(parts[5], new Lineage.Operator().encode())); // another issuer
    forged.add(genuine.substring(0, genuine.length() - 2) + "xx");
    forged.add("garbage");
    for (String token : forged) {
      assertThatThrownBy(() -> authenticator.signed(token, new Authenticator.TokenTarget(BUCKET, KEY, "GET"), "r", "s"))
          .as(token).isInstanceOf(ForbiddenException.class).hasMessage("the signed URL is invalid");
    }
    // a genuine token for another method, key or kind of target
    for (Authenticator.TokenTarget target : List.of(
        new Authenticator.TokenTarget(BUCKET, KEY, "PUT"),
        new Authenticator.TokenTarget(BUCKET, new ObjectKey("dog.jpg"), "GET"),
        new Authenticator.TokenTarget(null, KEY, "GET"),
        Authenticator.TokenTarget.upload())) {
      assertThatThrownBy(() -> authenticator.signed(genuine, target, "r", "s")).isInstanceOf(ForbiddenException.class);
    }
    assertThat(lookups).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedWithoutALookup() {
    String expired = signer.sign(new SignedClaims(TENANT, BUCKET, KEY, "GET", NOW, null, new Lineage.ApiKey(MINTER)));
    assertThatThrownBy(() -> authenticator.signed(expired, new Authenticator.TokenTarget(BUCKET, KEY, "GET"), "r", "s"))
        .isInstanceOf(ForbiddenException.class).hasMessage("the signed URL has expired");
    assertThat(lookups).isEmpty();
  }

  @Test
  void aGenuineTokenCostsOneQueryForTheTenantWithItsMintingCredential() {
    String url = signer.sign(new SignedClaims(TENANT, BUCKET, KEY, "GET", NOW.plusSeconds(600), null, new Lineage.ApiKey(MINTER)));
    // the recording store knows no tenant: the credential is taken as revoked
    assertThatThrownBy(() -> authenticator.signed(url, new Authenticator.TokenTarget(BUCKET, KEY, "GET"), "r", "s"))
        .isInstanceOf(ForbiddenException.class);
    assertThat(lookups).containsExactly("findWithLiveKey " + TENANT + " " + MINTER);

    lookups.clear();
    String upload = signer.sign(new SignedClaims(
        TENANT, null, null, SignedClaims.UPLOAD, NOW.plusSeconds(600), new ObjectId("obj_00000000000000000001"), new Lineage.S3Key("SILO1ABCDEFGHIJKLMNOP")));
    assertThatThrownBy(() -> authenticator.signed(upload, Authenticator.TokenTarget.upload(), "r", "s"))
        .isInstanceOf(ForbiddenException.class);
    assertThat(lookups).containsExactly("findLive SILO1ABCDEFGHIJKLMNOP");
  }

  @Test
  void anS3MintedTokenHoldsOnlyWhileItsCredentialLivesInTheTokensTenant() {
    String upload = signer.sign(new SignedClaims(
        TENANT, null, null, SignedClaims.UPLOAD, NOW.plusSeconds(600), new ObjectId("obj_00000000000000000001"), new Lineage.S3Key("SILO1ABCDEFGHIJKLMNOP")));
    S3Credential credential = new S3Credential("SILO1ABCDEFGHIJKLMNOP", TENANT, "laptop", null, NOW, null, null);
    live = Optional.of(new S3CredentialRepository.Live(credential, tenant(TENANT)));
    assertThat(authenticator.signed(upload, Authenticator.TokenTarget.upload(), "r", "s").tenant()).isEqualTo(TENANT);

    TenantId other = new TenantId("t0000000000000000002");
    live = Optional.of(new S3CredentialRepository.Live(
        new S3Credential("SILO1ABCDEFGHIJKLMNOP", other, "laptop", null, NOW, null, null), tenant(other)));
    assertThatThrownBy(() -> authenticator.signed(upload, Authenticator.TokenTarget.upload(), "r", "s"))
        .as("a live credential of another tenant vouches for nothing").isInstanceOf(ForbiddenException.class);
  }

  private static Tenant tenant(TenantId id) {
    return new Tenant(id, new TenantSlug("t-" + id.value().substring(17)), "T", TenantStatus.ACTIVE, Limits.DEFAULT, NOW, NOW);
  }

  @Test
  void lineageSurvivesItsEncoding() {
    for (Lineage l : List.of(
        new Lineage.ApiKey(MINTER), new Lineage.S3Key("SILO1ABC"), new Lineage.Operator(),
        new Lineage.Jwt("https://idp.example/realms/a.b~c", "user.1~x"))) {
      assertThat(l.encode()).doesNotContain(".").matches("[A-Za-z0-9_~-]+");
      assertThat(Lineage.decode(l.encode())).isEqualTo(l);
    }
  }

  /** A store that records the tenant and S3 credential lookups of global work (read or not) and finds nothing. */
  private MetadataStore recording() {
    TenantRepository tenants = proxy(TenantRepository.class, (name, args) -> {
      lookups.add(name + " " + String.join(" ", Arrays.stream(args).map(String::valueOf).toList()));
      return Optional.empty();
    });
    S3CredentialRepository.Lookup s3Credentials = proxy(S3CredentialRepository.Lookup.class, (name, args) -> {
      lookups.add(name + " " + String.join(" ", Arrays.stream(args).map(String::valueOf).toList()));
      return live;
    });
    GlobalTx tx = proxy(GlobalTx.class, (name, args) -> {
      if (name.equals("tenants")) {
        return tenants;
      }
      if (name.equals("s3Credentials")) {
        return s3Credentials;
      }
      throw new AssertionError("unexpected " + name);
    });
    return proxy(MetadataStore.class, (name, args) -> {
      if (name.equals("global") || name.equals("readGlobal")) {
        return ((MetadataStore.GlobalWork<?>) args[0]).run(tx);
      }
      throw new AssertionError("unexpected " + name);
    });
  }

  private interface Call {
    Object on(String name, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Call call) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> call.on(m.getName(), args == null ? new Object[0] : args)));
  }
}
