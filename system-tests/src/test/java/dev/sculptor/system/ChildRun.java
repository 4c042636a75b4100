package dev.sculptor.system;

import dev.sculptor.local.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived program a test runs to the end: stdin from the null device and its output in a
 * file, so it never touches the test JVM's own streams (Surefire's fork channel).
 */
record ChildRun(boolean ended, int exitCode, String output) {

  static ChildRun run(
      List<String> command, Path dir, Map<String, String> env, Path outputFile, Duration limit)
      throws IOException, InterruptedException {
    Files.createDirectories(outputFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ChildProcesses.NO_INPUT)
            .redirectErrorStream(true)
            .redirectOutput(outputFile.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) process.destroyForcibly().waitFor();
    return new ChildRun(ended, ended ? process.exitValue() : -1, Files.readString(outputFile));
  }
}
