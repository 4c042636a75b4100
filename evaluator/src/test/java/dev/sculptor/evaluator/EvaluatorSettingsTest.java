package dev.sculptor.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The evaluator finds its settings as the Quarkus services do: system property, then environment,
 * then the local default.
 */
class EvaluatorSettingsTest {

  @Test
  void nothingSetGivesTheLocalDefaults() {
    EvaluatorSettings settings = EvaluatorSettings.from(new Properties(), Map.of());

    assertThat(settings)
        .isEqualTo(
            new EvaluatorSettings(
                "127.0.0.1:59092",
                "host-cpu",
                8082,
                Path.of(".sculptor/artifacts"),
                Duration.ofMinutes(30),
                Path.of(".sculptor/evaluator-host-cpu"),
                Optional.empty(),
                true,
                EvaluatorSettings.TimeOnly.AUTO,
                "host-cpu"));
  }

  @Test
  void theEnvironmentUsesTheUpperCaseNamesAndASystemPropertyWinsOverIt() {
    Properties system = new Properties();
    system.setProperty("sculptor.target", "arm-cortex-a72");
    Map<String, String> env =
        Map.of(
            "SCULPTOR_TARGET", "host-cpu",
            "SCULPTOR_KAFKA_BOOTSTRAP", "broker:9092",
            "SCULPTOR_EVALUATION_TIME_LIMIT_MINUTES", "5",
            "SCULPTOR_EVALUATOR_ID", "pi-1",
            "SCULPTOR_TARGET_CHECK", "off",
            "SCULPTOR_TIME_ONLY", "On",
            "SCULPTOR_TRAIN_ON", "nvidia-gpu",
            "SCULPTOR_HTTP_PORT", " ");

    EvaluatorSettings settings = EvaluatorSettings.from(system, env);

    assertThat(settings.target()).isEqualTo("arm-cortex-a72");
    assertThat(settings.kafkaBootstrap()).isEqualTo("broker:9092");
    assertThat(settings.timeLimit()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.evaluatorId()).contains("pi-1");
    assertThat(settings.targetCheck()).isFalse();
    assertThat(settings.timeOnly()).isEqualTo(EvaluatorSettings.TimeOnly.ON);
    assertThat(settings.trainOn()).isEqualTo("nvidia-gpu");
    assertThat(settings.httpPort()).as("blank counts as unset").isEqualTo(8082);
    assertThat(settings.stateDir()).isEqualTo(Path.of(".sculptor/evaluator-arm-cortex-a72"));
  }

  @Test
  void anUnknownTimeOnlyValueIsRefusedNamingTheSettingAndItsChoices() {
    assertThatThrownBy(
            () -> EvaluatorSettings.from(new Properties(), Map.of("SCULPTOR_TIME_ONLY", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SCULPTOR_TIME_ONLY: unknown value 'yes'; expected auto, on or off");
  }
}
