package dev.silo.core.auth;

import dev.silo.core.domain.OidcSettings;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.error.UnavailableException;

/**
 * A tenant's identity provider as a person's sign-in to the console meets it (OpenID Connect,
 * authorization code with PKCE, the console a public client): where the browser is sent to sign
 * in, and the access token a code is redeemed for. Silo redeems the code itself, server to
 * server, so the console's pages talk only to Silo.
 */
public interface ProviderSignIn {
  /**
   * What a redeemed code gave: the provider's access token, how long it lives (0: not said), and
   * its ID token (null: none), which the console only hands back to the provider when signing out.
   */
  record Tokens(String accessToken, long expiresInSeconds, String idToken) {}

  /** Where the browser goes to sign in, and to sign out of the provider (null: it offers no RP-initiated logout). */
  record Endpoints(String authorization, String endSession) {}

  /**
   * The provider's authorization and end-session endpoints, from its discovery document. Throws
   * {@link UnavailableException} when the provider cannot be reached or describes another issuer.
   */
  Endpoints endpoints(OidcSettings settings);

  /**
   * Redeems {@code code} at the provider's token endpoint as the client {@link
   * OidcSettings#consoleClientId()}, proving the PKCE {@code codeVerifier}. Throws {@link
   * UnauthenticatedException} when the provider refuses it, {@link UnavailableException} when it
   * cannot be reached.
   */
  Tokens redeem(OidcSettings settings, String code, String codeVerifier, String redirectUri);

  /** No providers reachable: every sign-in through one is unavailable. */
  ProviderSignIn NONE = new ProviderSignIn() {
    @Override
    public Endpoints endpoints(OidcSettings settings) {
      throw new UnavailableException("sign-in through an identity provider is not set up on this server");
    }

    @Override
    public Tokens redeem(OidcSettings settings, String code, String codeVerifier, String redirectUri) {
      throw new UnavailableException("sign-in through an identity provider is not set up on this server");
    }
  };
}
