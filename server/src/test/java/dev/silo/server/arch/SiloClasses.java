package dev.silo.server.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Silo's production classes, imported once per test JVM: the import is most of an ArchUnit test's time. */
final class SiloClasses {
  private static JavaClasses classes;

  private SiloClasses() {}

  static synchronized JavaClasses get() {
    if (classes == null) {
      classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.silo");
    }
    return classes;
  }
}
