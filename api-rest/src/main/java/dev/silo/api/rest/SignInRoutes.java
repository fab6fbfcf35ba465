package dev.silo.api.rest;

import dev.silo.core.auth.ConsoleSignIn;
import dev.silo.core.domain.Scope;
import dev.silo.core.error.NotFoundException;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing in through a tenant's identity provider (authorization code with PKCE), for the console
 * and any other browser application on Silo's origin: where to send the browser, and the code
 * redeemed for the provider's access token. Both are anonymous; the token answer is never cached.
 */
final class SignInRoutes {
  private final ConsoleSignIn signIn;

  SignInRoutes(ConsoleSignIn signIn) {
    this.signIn = signIn;
  }

  private ConsoleSignIn signIn() {
    if (signIn == null) {
      throw new NotFoundException("sign_in_not_offered", "sign-in through an identity provider is not offered here");
    }
    return signIn;
  }

  void start(Exchange ex) throws IOException {
    ConsoleSignIn.Start s = signIn().start(ex.param("tenant"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", s.tenant().value());
    m.put("authorization_endpoint", s.authorizationEndpoint());
    m.put("end_session_endpoint", s.endSessionEndpoint());
    m.put("client_id", s.clientId());
    m.put("scope", s.scope());
    m.put("audience", s.audience());
    m.put("code_challenge_method", "S256");
    ex.header("Cache-Control", "no-store");
    ex.json(200, m);
  }

  void token(Exchange ex) throws IOException {
    Bodies.SignInCode body = ex.readJson(Bodies.SignInCode.class);
    ConsoleSignIn.SignedIn s = signIn().finish(
        ex.param("tenant"), body.code(), body.codeVerifier(), body.redirectUri(), ex.requestId(), ex.clientAddress());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", s.tenant().value());
    m.put("access_token", s.accessToken());
    m.put("token_type", "Bearer");
    m.put("expires_in", s.expiresInSeconds() == 0 ? null : s.expiresInSeconds());
    m.put("scopes", s.scopes().stream().map(Scope::wire).sorted().toList());
    m.put("subject", s.subject());
    m.put("id_token", s.idToken());
    ex.header("Cache-Control", "no-store");
    ex.json(200, m);
  }
}
