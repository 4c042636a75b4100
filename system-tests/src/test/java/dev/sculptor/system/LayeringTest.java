package dev.sculptor.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering docs/architecture.md states, checked on the compiled classes (fully qualified names
 * and annotations included, which an import-line check misses). A module whose classes are missing
 * fails the test instead of passing it vacuously.
 */
class LayeringTest {
  /** module folder → its root package. */
  private static final Map<String, String> MODULES =
      Map.of(
          "core", "dev.sculptor.core",
          "messaging", "dev.sculptor.messaging",
          "store", "dev.sculptor.store",
          "api", "dev.sculptor.api",
          "search-worker", "dev.sculptor.worker",
          "evaluator", "dev.sculptor.evaluator",
          "local-stack", "dev.sculptor.local");

  private static JavaClasses all;

  @BeforeAll
  static void importProductClasses() {
    ClassFileImporter importer = new ClassFileImporter();
    Path[] folders =
        MODULES.keySet().stream()
            .map(m -> Repo.root().resolve(m).resolve("target/classes"))
            .toArray(Path[]::new);
    for (Path folder : folders) {
      assertThat(folder)
          .as("compiled classes of %s (build the module first)", folder)
          .isDirectory();
    }
    all = importer.importPaths(folders);
    MODULES.forEach(
        (module, pkg) ->
            assertThat(all.stream().filter(c -> c.getPackageName().startsWith(pkg)).count())
                .as("classes of %s in %s", module, pkg)
                .isPositive());
  }

  @Test
  void coreIsPlainJavaWithJackson() {
    classes()
        .that()
        .resideInAPackage("dev.sculptor.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.sculptor.core..", "com.fasterxml.jackson..")
        .because(
            "core is the domain every module shares: no framework, no broker client, no database,"
                + " no runtime beans")
        .check(all);
  }

  @Test
  void messagingIsThePlainKafkaClientWithoutAFramework() {
    noClasses()
        .that()
        .resideInAPackage("dev.sculptor.messaging..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "jakarta..",
            "org.hibernate..",
            "io.smallrye..",
            "ai.djl..",
            "dev.sculptor.store..",
            "dev.sculptor.api..",
            "dev.sculptor.worker..",
            "dev.sculptor.evaluator..",
            "dev.sculptor.local..")
        .because(
            "api, workers and evaluators share it, and an evaluator runs next to nothing but a"
                + " broker")
        .check(all);
  }

  @Test
  void evaluatorTalksOnlyToKafkaAndTheArtifactStore() {
    noClasses()
        .that()
        .resideInAPackage("dev.sculptor.evaluator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sculptor.store..",
            "dev.sculptor.api..",
            "dev.sculptor.worker..",
            "java.sql..",
            "jakarta.persistence..",
            "org.hibernate..",
            "io.quarkus..",
            "org.postgresql..")
        .because("an evaluator runs on a board next to nothing but a broker")
        .check(all);
  }

  @Test
  void onlyTheApiServesHttpAndNothingDependsOnTheApi() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.sculptor.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.sculptor.api..")
        .check(all);
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.sculptor.worker..",
            "dev.sculptor.store..",
            "dev.sculptor.core..",
            "dev.sculptor.messaging..",
            "dev.sculptor.evaluator..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.ws.rs..")
        .check(all);
  }

  @Test
  void theSearchWorkerNeverReachesIntoTheEvaluator() {
    noClasses()
        .that()
        .resideInAPackage("dev.sculptor.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.sculptor.evaluator..")
        .check(all);
  }

  @Test
  void storeHoldsPersistenceOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.sculptor.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sculptor.worker..", "dev.sculptor.evaluator..", "dev.sculptor.local..")
        .check(all);
  }

  @Test
  void productModulesDoNotDependOnTheLocalStack() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.sculptor.core..",
            "dev.sculptor.messaging..",
            "dev.sculptor.store..",
            "dev.sculptor.api..",
            "dev.sculptor.worker..",
            "dev.sculptor.evaluator..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.sculptor.local..")
        .because("the local stack is how a developer runs the product, not part of it")
        .check(all);
  }

  @Test
  void modulesFormNoCycle() {
    slices().matching("dev.sculptor.(*)..").should().beFreeOfCycles().check(all);
  }

  @Test
  void theEvaluatorsFeaturePackagesFormNoCycle() {
    slices()
        .matching("dev.sculptor.evaluator.(*)..")
        .should()
        .beFreeOfCycles()
        .because(
            "a reader follows the evaluator from training through compression to export; shared"
                + " quantisation values live in network, which depends on none of them")
        .check(all);
  }
}
