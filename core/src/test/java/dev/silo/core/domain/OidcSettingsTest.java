package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {
  private static OidcSettings console(String clientId, String scope) {
    return new OidcSettings("https://idp.example/a", "silo", "https://idp.example/a/jwks", null, null, Map.of(), clientId, scope);
  }

  @Test
  void consoleSignInIsOfferedOnlyWithAClientAndAsksForOpenidUnlessTold() {
    assertThat(console(null, null).consoleSignIn()).isFalse();
    assertThat(console(null, null).consoleScope()).isNull();
    OidcSettings offered = console("silo-console", null);
    assertThat(offered.consoleSignIn()).isTrue();
    assertThat(offered.consoleScope()).isEqualTo("openid");
    assertThat(console("silo-console", " openid storage:write ").consoleScope()).isEqualTo("openid storage:write");
  }

  @Test
  void aClientIdOrScopeThatCouldNotBeSentAsItIsIsRefused() {
    for (String clientId : new String[] {"", "has space", "tab\there", "x".repeat(256), "naïve"}) {
      assertThatThrownBy(() -> console(clientId, null)).as(clientId).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("console_client_id");
    }
    for (String scope : new String[] {"", "openid  two-spaces", "quote\"d", "back\\slash", "a b c d e f g h i j k l m n o p q r s t u"}) {
      assertThatThrownBy(() -> console("c", scope)).as(scope).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("console_scope");
    }
    assertThatThrownBy(() -> console(null, "openid")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("goes with oidc.console_client_id");
  }
}
