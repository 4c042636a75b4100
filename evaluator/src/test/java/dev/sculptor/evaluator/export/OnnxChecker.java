package dev.sculptor.evaluator.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The official ONNX checker ({@code onnx.checker.check_model(full_check=True)}) over every .onnx
 * file of a folder, in one Python process. Debian's python3-onnx provides it (.ci/run installs it);
 * {@code /usr/bin/python3} explicitly, because a {@code python3} on PATH may lack onnx.
 */
final class OnnxChecker {
  static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT =
      """
      import pathlib, sys, onnx
      files = sorted(pathlib.Path(sys.argv[1]).glob('*.onnx'))
      bad = []
      for f in files:
          try:
              onnx.checker.check_model(onnx.load(str(f)), full_check=True)
          except Exception as e:
              bad.append(f.name + ': ' + str(e).replace('\\n', ' '))
      print('checked', len(files), 'failed', len(bad))
      for b in bad:
          print('FAILED', b)
      """;

  private OnnxChecker() {}

  /** Skips the calling test (with the reason) when the checker is not installed. */
  static void assumeInstalled() throws IOException, InterruptedException {
    boolean present =
        Files.isExecutable(Path.of(PYTHON)) && run("-c", "import onnx").exitCode() == 0;
    assumeTrue(
        present,
        PYTHON
            + " cannot import onnx: install Debian's python3-onnx (.ci/run does) to run the"
            + " official checker");
  }

  /** Output of the checker over {@code dir}; exit code 0 when every file passed. */
  static Run check(Path dir) throws IOException, InterruptedException {
    return run("-c", SCRIPT, dir.toString());
  }

  record Run(int exitCode, String output) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = PYTHON;
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Run(-1, out + "\n(timed out)");
    }
    return new Run(p.exitValue(), out);
  }
}
