package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the design states, enforced: core imports nothing but the JDK and Jackson,
 * messaging no framework, the evaluator never reaches the database or the api, and no module but
 * api depends on api.
 */
class LayeringTest {

  @Test
  void coreImportsOnlyTheJdkJacksonAndItself() throws IOException {
    assertThat(violations("core", Pattern.compile("^import (static )?(?!java\\.|com\\.fasterxml\\.jackson\\.|dev\\.sculptor\\.core\\.)")))
        .isEmpty();
  }

  @Test
  void messagingIsPlainKafkaWithoutAFramework() throws IOException {
    assertThat(violations("messaging", Pattern.compile("^import (static )?(io\\.quarkus|jakarta\\.|org\\.hibernate|io\\.smallrye|ai\\.djl|dev\\.sculptor\\.(store|api|worker|evaluator|local))")))
        .isEmpty();
  }

  @Test
  void evaluatorTalksOnlyToKafkaAndTheArtifactStore() throws IOException {
    assertThat(violations("evaluator", Pattern.compile("^import (static )?(dev\\.sculptor\\.(store|api|worker)|java\\.sql|io\\.quarkus|jakarta\\.persistence)")))
        .isEmpty();
  }

  @Test
  void searchWorkerDoesNotImportTheApiOrTheEvaluator() throws IOException {
    assertThat(violations("search-worker", Pattern.compile("^import (static )?dev\\.sculptor\\.(api|evaluator)\\."))).isEmpty();
  }

  private static List<String> violations(String module, Pattern forbidden) throws IOException {
    Path sources = Repo.root().resolve(module).resolve("src/main/java");
    if (!Files.isDirectory(sources)) return List.of();
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> forbidden.matcher(l).find()).map(l -> sources.relativize(f) + ": " + l);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
