package dev.sculptor.evaluator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The evaluator's settings, read once at start. The evaluator is a plain Java program, but each
 * setting has a property name like the Quarkus services' and is found as they find theirs: a system
 * property of that name, else its environment variable (upper case, every other character an
 * underscore: {@code sculptor.kafka.bootstrap} is {@code SCULPTOR_KAFKA_BOOTSTRAP}), else the
 * default that matches {@code ./sculptor start}. A blank value counts as unset.
 *
 * @param kafkaBootstrap {@code sculptor.kafka.bootstrap}
 * @param target {@code sculptor.target}: the hardware target this evaluator serves
 * @param httpPort {@code sculptor.http.port}: health endpoints
 * @param artifactDir {@code sculptor.artifact-dir}: the artifact store shared with the api
 * @param timeLimit {@code sculptor.evaluation-time-limit-minutes}: an evaluation past it is
 *     cancelled
 * @param stateDir {@code sculptor.evaluator-state}: the result log; beside the artifact store by
 *     default
 * @param evaluatorId {@code sculptor.evaluator-id}: host and pid when empty
 * @param targetCheck {@code sculptor.target-check}: {@code off} lets a test stand this machine in
 *     for another target
 * @param timeOnly {@code sculptor.time-only}: whether this evaluator only times models that another
 *     evaluator trained ({@link TimeOnly})
 * @param trainOn {@code sculptor.train-on}: the target whose evaluators train a time-only
 *     evaluator's candidates
 */
public record EvaluatorSettings(
    String kafkaBootstrap,
    String target,
    int httpPort,
    Path artifactDir,
    Duration timeLimit,
    Path stateDir,
    Optional<String> evaluatorId,
    boolean targetCheck,
    TimeOnly timeOnly,
    String trainOn) {

  /**
   * {@code auto}: time only where this build's libtorch cannot run on the CPU (a Raspberry Pi 4);
   * {@code on}: always (a test, or a device that should spend no time training); {@code off}:
   * never, so a device that cannot train refuses to start.
   */
  public enum TimeOnly {
    AUTO,
    ON,
    OFF;

    static TimeOnly of(String value) {
      for (TimeOnly t : values()) if (t.name().equalsIgnoreCase(value)) return t;
      throw new IllegalArgumentException(
          "SCULPTOR_TIME_ONLY: unknown value '" + value + "'; expected auto, on or off");
    }
  }

  /** From this process's system properties and environment. */
  public static EvaluatorSettings load() {
    return from(System.getProperties(), System.getenv());
  }

  public static EvaluatorSettings from(Properties system, Map<String, String> env) {
    Lookup lookup = new Lookup(system, env);
    String target = lookup.get("sculptor.target").orElse("host-cpu");
    Path artifacts = Path.of(lookup.get("sculptor.artifact-dir").orElse(".sculptor/artifacts"));
    return new EvaluatorSettings(
        lookup.get("sculptor.kafka.bootstrap").orElse("127.0.0.1:59092"),
        target,
        Integer.parseInt(lookup.get("sculptor.http.port").orElse("8082")),
        artifacts,
        Duration.ofMinutes(
            Long.parseLong(lookup.get("sculptor.evaluation-time-limit-minutes").orElse("30"))),
        lookup
            .get("sculptor.evaluator-state")
            .map(Path::of)
            .orElse(artifacts.resolve("../evaluator-" + target).normalize()),
        lookup.get("sculptor.evaluator-id"),
        !"off".equalsIgnoreCase(lookup.get("sculptor.target-check").orElse("on")),
        TimeOnly.of(lookup.get("sculptor.time-only").orElse("auto")),
        lookup.get("sculptor.train-on").orElse("host-cpu"));
  }

  /** The environment variable a property name maps to, as MicroProfile Config maps it. */
  public static String envName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private record Lookup(Properties system, Map<String, String> env) {
    Optional<String> get(String property) {
      String value = system.getProperty(property);
      if (value == null || value.isBlank()) value = env.get(envName(property));
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
  }
}
