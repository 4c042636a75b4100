package dev.sculptor.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module's working directory. */
final class Repo {
  private Repo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("sculptor"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("run from inside the Sculptor repository");
    return dir;
  }
}
