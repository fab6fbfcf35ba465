package dev.silo.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of ARCHITECTURE.md: protocols over core over SPIs; nothing imports the server. */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = SiloClasses.get();
  }

  @Test
  void coreDependsOnNothingOfOurs() {
    noClasses().that().resideInAPackage("dev.silo.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.silo.http..", "dev.silo.api..", "dev.silo.store..", "dev.silo.metadata..", "dev.silo.cache..",
            "dev.silo.server..")
        .check(classes);
  }

  @Test
  void coreHasNoHttpNoSqlNoSdk() {
    noClasses().that().resideInAPackage("dev.silo.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.sql..", "javax.sql..", "org.eclipse.jetty..", "com.fasterxml..", "software.amazon..", "org.slf4j..")
        .check(classes);
  }

  @Test
  void protocolsNeverTouchAStore() {
    noClasses().that().resideInAnyPackage("dev.silo.api..", "dev.silo.http..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.silo.store..", "dev.silo.metadata..", "dev.silo.cache..", "dev.silo.core.spi..")
        .check(classes);
  }

  @Test
  void protocolsNeverImportEachOther() {
    noClasses().that().resideInAPackage("dev.silo.http..")
        .should().dependOnClassesThat().resideInAPackage("dev.silo.api..")
        .check(classes);
  }

  @Test
  void protocolModulesNeverImportEachOther() {
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
        .matching("dev.silo.api.(*)..")
        .should().notDependOnEachOther()
        .check(classes);
  }

  @Test
  void theConsoleIsAClientOfTheApiNotAPartOfIt() {
    // it serves files; everything it shows comes through the public REST API, in the browser
    noClasses().that().resideInAPackage("dev.silo.console..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.silo.api..", "dev.silo.store..", "dev.silo.metadata..", "dev.silo.cache..", "dev.silo.core.spi..",
            "dev.silo.server..")
        .check(classes);
    noClasses().that().resideOutsideOfPackages("dev.silo.console..", "dev.silo.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.silo.console..")
        .check(classes);
  }

  @Test
  void storesDependOnlyOnTheCore() {
    noClasses().that().resideInAnyPackage("dev.silo.store..", "dev.silo.metadata..", "dev.silo.cache..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.silo.http..", "dev.silo.api..", "dev.silo.server..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.silo.store..")
        .should().dependOnClassesThat().resideInAPackage("dev.silo.metadata..")
        .check(classes);
  }

  @Test
  void nothingImportsTheServer() {
    noClasses().that().resideOutsideOfPackage("dev.silo.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.silo.server..")
        .check(classes);
  }
}
