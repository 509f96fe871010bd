package dev.latchkey.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rule of DESIGN.md: core depends on no module of ours but api; adapters
 * depend on core; only the server wires adapters together; the client depends on api only.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.latchkey");

  @Test
  void api_dependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.latchkey.core..",
            "dev.latchkey.store..",
            "dev.latchkey.redis..",
            "dev.latchkey.server..",
            "dev.latchkey.client..")
        .check(CLASSES);
  }

  @Test
  void core_dependsOnApiOnly_andKnowsNoHttpOrSql() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.latchkey.store..",
            "dev.latchkey.redis..",
            "dev.latchkey.server..",
            "dev.latchkey.client..",
            "io.helidon..",
            "io.lettuce..",
            "java.sql..",
            "javax.sql..",
            "org.jdbi..",
            "org.flywaydb..",
            "java.net.http..")
        .check(CLASSES);
  }

  @Test
  void onlyTheForwardAuthListenerSpeaksNetty() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.server..")
        .and()
        .resideOutsideOfPackage("dev.latchkey.server.gateway..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(CLASSES);
  }

  @Test
  void store_dependsOnCoreNotOnServerOrClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.latchkey.server..", "dev.latchkey.client..", "io.helidon..")
        .check(CLASSES);
  }

  @Test
  void redis_dependsOnCoreNotOnTheStoreServerOrClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.latchkey.store..",
            "dev.latchkey.server..",
            "dev.latchkey.client..",
            "io.helidon..")
        .check(CLASSES);
  }

  @Test
  void onlyTheServerWiresRedisIn() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.latchkey.server..", "dev.latchkey.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.latchkey.redis..")
        .check(CLASSES);
  }

  @Test
  void client_dependsOnApiOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.latchkey.core..", "dev.latchkey.store..", "dev.latchkey.server..")
        .check(CLASSES);
  }

  @Test
  void onlyTheServerWiresTheStoreIn() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.latchkey.server..", "dev.latchkey.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.latchkey.store..")
        .check(CLASSES);
  }

  @Test
  void secrets_dependOnCoreNotOnTheStoreServerOrClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.latchkey.secrets..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.latchkey.store..",
            "dev.latchkey.redis..",
            "dev.latchkey.server..",
            "dev.latchkey.client..",
            "io.helidon..")
        .check(CLASSES);
  }

  @Test
  void onlyTheServerWiresTheSecretStoresIn() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.latchkey.server..", "dev.latchkey.secrets..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.latchkey.secrets..")
        .check(CLASSES);
  }
}
