package dev.silo.core.auth;

import dev.silo.core.audit.Journal;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.HttpUrls;
import java.time.Clock;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person of a tenant signing in to the console through the tenant's identity provider
 * (OpenID Connect, authorization code with PKCE). The console asks where to send the browser
 * ({@link #start}); the provider sends it back with a code, which Silo redeems with the console's
 * PKCE verifier ({@link #finish}). The access token the provider gives is a credential only if
 * Silo's authenticator takes it as one of that tenant, exactly as it would on any request: the
 * sign-in grants nothing a JWT from the provider would not.
 *
 * <p>A tenant that does not exist, is suspended, or has no {@code console_client_id} is the same
 * {@code 404}: the route is anonymous, and says of a tenant only that it offers this sign-in.
 */
public final class ConsoleSignIn {
  /**
   * Where the console sends the browser: the provider's endpoints (to sign in, and to sign out:
   * null when it has none), the client, the scope to ask for, and the audience the access token
   * must be for (sent as {@code audience}, which providers that issue tokens for several APIs, such
   * as Auth0, need and the others ignore).
   */
  public record Start(TenantSlug tenant, String authorizationEndpoint, String endSessionEndpoint, String clientId, String scope,
      String audience) {}

  /**
   * A signed-in person: the token to present as a bearer credential, its lifetime and scopes, and
   * the provider's ID token (null: none) for the hint of a sign-out at the provider.
   */
  public record SignedIn(TenantSlug tenant, String accessToken, long expiresInSeconds, Set<Scope> scopes, String subject,
      String idToken) {}

  /** RFC 7636's code verifier: 43 to 128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final int MAX_CODE = 2048;

  private final MetadataStore metadata;
  private final Authenticator authenticator;
  private final ProviderSignIn provider;
  private final Journal journal;
  private final Clock clock;

  public ConsoleSignIn(MetadataStore metadata, Authenticator authenticator, ProviderSignIn provider, Journal journal, Clock clock) {
    this.metadata = metadata;
    this.authenticator = authenticator;
    this.provider = provider;
    this.journal = journal;
    this.clock = clock;
  }

  public Start start(String slug) {
    Tenant t = offering(slug);
    OidcSettings s = t.oidc();
    ProviderSignIn.Endpoints endpoints = provider.endpoints(s);
    return new Start(t.slug(), endpoints.authorization(), endpoints.endSession(), s.consoleClientId(), s.consoleScope(), s.audience());
  }

  /**
   * Redeems the code the provider sent the browser back with. {@code redirectUri} is the one the
   * authorization request named (the provider checks they match); {@code requestId} and {@code
   * source} go to the audit log, which records the sign-in in the tenant's log or its failure in
   * the operator's.
   */
  public SignedIn finish(String slug, String code, String codeVerifier, String redirectUri, String requestId, String source) {
    if (code == null || code.isBlank() || code.length() > MAX_CODE) {
      throw new InvalidInputException("invalid_sign_in", "code is required (at most " + MAX_CODE + " characters)");
    }
    if (codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches()) {
      throw new InvalidInputException("invalid_sign_in", "code_verifier must be 43 to 128 letters, digits or - . _ ~ (RFC 7636)");
    }
    requireHttpUrl(redirectUri);
    Tenant t = offering(slug);
    ProviderSignIn.Tokens tokens;
    try {
      tokens = provider.redeem(t.oidc(), code, codeVerifier, redirectUri);
    } catch (UnauthenticatedException e) {
      throw failed(t, e, requestId, source);
    }
    if (!JwtVerifier.looksLikeJwt(tokens.accessToken())) {
      throw failed(t, new UnauthenticatedException("sign_in_failed",
          "the identity provider's access token is not a JWT; configure it to issue JWT access tokens for the audience "
              + t.oidc().audience()), requestId, source);
    }
    RequestContext ctx;
    try {
      ctx = authenticator.bearer(tokens.accessToken(), requestId, source); // a refusal is recorded there
    } catch (UnauthenticatedException e) {
      // what the operator has to fix is on the provider's side: say what Silo takes
      throw new UnauthenticatedException("sign_in_failed",
          "the identity provider's access token is not a credential Silo takes for tenant " + t.slug() + ": it must be a JWT from "
              + t.oidc().issuer() + " for the audience " + t.oidc().audience() + ", naming the tenant in the claim "
              + t.oidc().tenantClaim() + " and signed with a key of " + t.oidc().jwksUrl());
    }
    if (!ctx.hasTenant() || !ctx.tenant().equals(t.id())) {
      throw failed(t, new UnauthenticatedException("sign_in_failed",
          "the identity provider's token is not a credential of tenant " + t.slug()), requestId, source);
    }
    metadata.inTenant(t.id(), tx -> {
      journal.in(tx, ctx, clock.instant()).audit("console.signed_in", "oidc:" + t.oidc().issuer());
      return null;
    });
    String subject = ctx.principal() instanceof Principal.JwtSubject j ? j.subject() : ctx.actor();
    return new SignedIn(t.slug(), tokens.accessToken(), tokens.expiresInSeconds(), ctx.scopes(), subject, tokens.idToken());
  }

  /** {@code e}, once recorded in the operator's audit log as a failed sign-in to the tenant. */
  private UnauthenticatedException failed(Tenant t, UnauthenticatedException e, String requestId, String source) {
    authenticator.recordFailure("auth.failed", "console-sign-in:" + t.slug(), requestId, source);
    return e;
  }

  private Tenant offering(String slug) {
    TenantSlug s;
    try {
      s = new TenantSlug(slug);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw notOffered();
    }
    return metadata.readGlobal(tx -> tx.tenants().findBySlug(s))
        .filter(t -> t.active() && t.oidc() != null && t.oidc().consoleSignIn())
        .orElseThrow(ConsoleSignIn::notOffered);
  }

  private static NotFoundException notOffered() {
    return new NotFoundException("sign_in_not_offered", "no such tenant offers sign-in through an identity provider");
  }

  private static void requireHttpUrl(String v) {
    boolean ok = v != null && v.length() <= 2048 && HttpUrls.parse(v).filter(u -> u.getFragment() == null).isPresent();
    if (!ok) {
      throw new InvalidInputException("invalid_sign_in", "redirect_uri must be the http(s) URL the sign-in started with");
    }
  }
}
