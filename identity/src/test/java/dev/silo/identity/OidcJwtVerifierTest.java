package dev.silo.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.silo.core.auth.JwtVerifier;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.support.OutboundGuard;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real JWKS endpoints over HTTP, keys made here, tokens signed here. */
class OidcJwtVerifierTest {
  private HttpServer server;
  private final AtomicReference<String> jwksA = new AtomicReference<>();
  private final AtomicReference<String> jwksB = new AtomicReference<>();
  private final AtomicInteger fetchesA = new AtomicInteger();
  private String base;
  private RSAKey rsa;
  private ECKey ec;
  private OctetKeyPair ed;
  private RSAKey rsaB;
  private Tenant acme;
  private Tenant beta;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private OidcJwtVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/a/jwks", ex -> {
      fetchesA.incrementAndGet();
      byte[] body = jwksA.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/b/jwks", ex -> {
      byte[] body = jwksB.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
    rsaB = new RSAKeyGenerator(2048).keyID("rsa-b").generate();
    publishA(rsa, ec, ed);
    jwksB.set(new JWKSet(rsaB.toPublicJWK()).toString());
    acme = tenant("acme", new OidcSettings(base + "/a", "silo", base + "/a/jwks", "tenant", null, null));
    beta = tenant("beta", new OidcSettings(base + "/b", "silo", base + "/b/jwks", "org", "permissions",
        Map.of("storage.read", Set.of(Scope.READ), "storage.all", Set.of(Scope.READ, Scope.WRITE, Scope.DELETE))));
    verifier = new OidcJwtVerifier(new OutboundGuard(true), clock, Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void acceptsRs256Es256AndEdDsaFromTheClaimedTenantsIssuer() throws Exception {
    for (JWK key : List.of(rsa, ec, ed)) {
      JwtVerifier.Verified v = verifier.verify(token(key, claims(acme).claim("scope", "read write").build()), directory());
      assertThat(v.tenant().slug().value()).isEqualTo("acme");
      assertThat(v.subject()).isEqualTo("user-1");
      assertThat(v.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
    }
  }

  @Test
  void mapsClaimValuesToScopesThroughTheTenantsMap() throws Exception {
    var claims = claims(beta).claim("org", "beta").claim("permissions", List.of("storage.read", "other")).build();
    assertThat(verifier.verify(token(rsaB, claims), directory()).scopes()).containsExactly(Scope.READ);
  }

  @Test
  void refusesExpiredNotYetValidAndWrongAudience() throws Exception {
    Instant now = Instant.now();
    assertRefused(token(rsa, claims(acme).expirationTime(Date.from(now.minusSeconds(120))).build()));
    assertRefused(token(rsa, claims(acme).notBeforeTime(Date.from(now.plusSeconds(300))).build()));
    assertRefused(token(rsa, claims(acme).audience("someone-else").build()));
    // within the leeway
    verifier.verify(token(rsa, claims(acme).expirationTime(Date.from(now.minusSeconds(5))).build()), directory());
  }

  @Test
  void aTokenFromTenantAsIssuerClaimingTenantBIsRefused() throws Exception {
    // signed by A's key, issued by A, claiming beta under both claim names
    var claims = claims(acme).claim("tenant", "beta").claim("org", "beta").build();
    assertRefused(token(rsa, claims));
    // and B's issuer and audience with A's key: the signature does not verify against B's JWKS
    assertRefused(token(rsa, claims(beta).claim("org", "beta").build()));
    // a token claiming a tenant that has no such issuer at all
    assertRefused(token(rsa, claims(acme).issuer(base + "/unknown").build()));
  }

  @Test
  void refusesAlgNoneAndHmacWithThePublicKey() throws Exception {
    assertRefused(new PlainJWT(claims(acme).build()).serialize());
    byte[] publicKeyBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims(acme).build());
    hs.sign(new MACSigner(publicKeyBytes));
    assertRefused(hs.serialize());
    SignedJWT hs2 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims(acme).build());
    hs2.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
    assertRefused(hs2.serialize());
    // a tampered payload
    String good = token(rsa, claims(acme).build());
    String[] parts = good.split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims(acme).claim("scope", "admin").build().toString().getBytes(StandardCharsets.UTF_8));
    assertRefused(parts[0] + "." + forged + "." + parts[2]);
  }

  @Test
  void rotationRefetchesOnAnUnknownKidAtMostOncePerInterval() throws Exception {
    verifier.verify(token(rsa, claims(acme).build()), directory());
    assertThat(fetchesA.get()).isEqualTo(1);
    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    // an unknown kid before rotation is published: one refetch, and then none for a minute
    clock.advance(Duration.ofSeconds(61));
    assertRefused(token(next, claims(acme).build()));
    assertRefused(token(next, claims(acme).build()));
    assertThat(fetchesA.get()).isEqualTo(2);
    publishA(next);
    assertRefused(token(next, claims(acme).build()));
    assertThat(fetchesA.get()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(61));
    assertThat(verifier.verify(token(next, claims(acme).build()), directory()).tenant().slug().value()).isEqualTo("acme");
    assertThat(fetchesA.get()).isEqualTo(3);
    // the retired key is gone from the set
    assertRefused(token(rsa, claims(acme).build()));
  }

  @Test
  void jwksOnAPrivateAddressIsRefusedUnlessAllowed() throws Exception {
    OidcJwtVerifier strict = new OidcJwtVerifier(new OutboundGuard(false), clock, Duration.ofSeconds(60));
    String token = token(rsa, claims(acme).build());
    assertThatThrownBy(() -> strict.verify(token, directory())).isInstanceOf(UnauthenticatedException.class);
    assertThat(fetchesA.get()).isZero();
  }

  // ---------------------------------------------------------------- helpers

  private void publishA(JWK... keys) {
    List<JWK> pub = new ArrayList<>();
    for (JWK k : keys) {
      pub.add(k.toPublicJWK());
    }
    jwksA.set(new JWKSet(pub).toString());
  }

  private void assertRefused(String token) {
    assertThatThrownBy(() -> verifier.verify(token, directory())).isInstanceOf(UnauthenticatedException.class);
  }

  private JWTClaimsSet.Builder claims(Tenant t) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(t.oidc().issuer())
        .audience("silo")
        .subject("user-1")
        .claim(t.oidc().tenantClaim(), t.slug().value())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
  }

  static String token(JWK key, JWTClaimsSet claims) throws Exception {
    JWSAlgorithm alg;
    JWSSigner signer;
    if (key instanceof RSAKey r) {
      alg = JWSAlgorithm.RS256;
      signer = new RSASSASigner(r);
    } else if (key instanceof ECKey e) {
      alg = JWSAlgorithm.ES256;
      signer = new ECDSASigner(e);
    } else {
      alg = JWSAlgorithm.EdDSA;
      signer = new Ed25519Signer((OctetKeyPair) key);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private JwtVerifier.Directory directory() {
    return new JwtVerifier.Directory() {
      @Override
      public List<Tenant> byIssuer(String issuer) {
        return List.of(acme, beta).stream().filter(t -> t.oidc().issuer().equals(issuer)).toList();
      }

      @Override
      public Optional<Tenant> bySlug(TenantSlug slug) {
        return List.of(acme, beta).stream().filter(t -> t.slug().equals(slug)).findFirst();
      }
    };
  }

  private static Tenant tenant(String slug, OidcSettings oidc) {
    Instant now = Instant.now();
    return new Tenant(new TenantId("t" + slug), new TenantSlug(slug), slug, TenantStatus.ACTIVE, Limits.DEFAULT, now, now, oidc);
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
