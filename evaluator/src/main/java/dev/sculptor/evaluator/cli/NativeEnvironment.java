package dev.sculptor.evaluator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The environment libtorch needs ({@code evaluator/native.env}, shipped in this jar). The C
 * libraries read it when the process starts, so the evaluator cannot set it for itself; it says at
 * start what is missing or different instead.
 */
final class NativeEnvironment {
  private static final Logger LOG = Logger.getLogger(NativeEnvironment.class.getName());

  private NativeEnvironment() {}

  /** The variables and values of {@code native.env}. */
  static Map<String, String> expected() {
    Properties properties = new Properties();
    try (InputStream in =
        NativeEnvironment.class.getResourceAsStream("/dev/sculptor/evaluator/native.env")) {
      if (in == null)
        throw new IllegalStateException("native.env is missing from the evaluator jar");
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> expected = new TreeMap<>();
    properties.forEach((key, value) -> expected.put(key.toString(), value.toString()));
    return expected;
  }

  static void warnIfMissing() {
    expected()
        .forEach(
            (name, value) -> {
              String actual = System.getenv(name);
              if (!value.equals(actual)) {
                LOG.warning(
                    name
                        + " is "
                        + (actual == null ? "not set" : actual)
                        + ", not "
                        + value
                        + ": run the evaluator with the environment of evaluator/native.env (see"
                        + " evaluator/README.md)");
              }
            });
  }
}
