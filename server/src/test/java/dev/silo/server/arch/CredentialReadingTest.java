package dev.silo.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.Lineage;
import dev.silo.core.signing.UrlSigner;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One authority: credentials become a request context in {@code http.Authentication} (REST, TUS)
 * and {@code api.s3.RequestAuth} (S3's signature schemes), both through {@link Authenticator}, and
 * the console's sign-in through a provider checks the token it got the same way; no handler or
 * service resolves a credential or checks a token itself.
 */
class CredentialReadingTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = SiloClasses.get();
  }

  @Test
  void onlyTheAuthenticationStepsResolveCredentials() {
    noClasses()
        .that().doNotHaveFullyQualifiedName("dev.silo.http.Authentication")
        .and().doNotHaveFullyQualifiedName("dev.silo.api.s3.RequestAuth")
        // the tenants file is applied at start-up as the operator
        .and().doNotHaveFullyQualifiedName("dev.silo.server.Silo")
        // a sign-in through a tenant's provider checks the token it got as a request's bearer is checked
        .and().doNotHaveFullyQualifiedName("dev.silo.core.auth.ConsoleSignIn")
        .should().callMethodWhere(calling(Authenticator.class, Set.of("bearer", "signed", "s3", "actAs")))
        .check(classes);
  }

  @Test
  void onlyTheAuthenticatorVerifiesTokens() {
    noClasses()
        .that().doNotHaveFullyQualifiedName(Authenticator.class.getName())
        .and().doNotHaveFullyQualifiedName(UrlSigner.class.getName())
        .should().callMethodWhere(calling(UrlSigner.class, Set.of("verify", "authenticIgnoringExpiry")))
        .check(classes);
    noClasses()
        .that().doNotHaveFullyQualifiedName(UrlSigner.class.getName())
        .should().callMethodWhere(calling(Lineage.class, Set.of("decode")))
        .check(classes);
  }

  private static DescribedPredicate<JavaAccess<?>> calling(Class<?> owner, Set<String> methods) {
    return DescribedPredicate.describe(
        owner.getSimpleName() + "." + methods,
        call -> call.getTargetOwner().isEquivalentTo(owner) && methods.contains(call.getName()));
  }
}
