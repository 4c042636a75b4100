package dev.sculptor.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SensitivityTest {
  private static Sensitivity.Layer layer(int index, double int8, Double... pruned) {
    return new Sensitivity.Layer(index, "l" + index, "conv", 16, List.of(pruned), int8);
  }

  private static Sensitivity of(Sensitivity.Layer... layers) {
    return new Sensitivity(
        0.9, List.of(0.25, 0.5, 0.75), List.of(layers), 500, "validation", "", 3);
  }

  @Test
  void ranksByMeanDropOverEveryRatioAndInt8() {
    // l1 loses most at the largest ratio only; l2 loses a little everywhere but more on average
    Sensitivity s =
        of(
            layer(0, 0.9, 0.9, 0.9, 0.88),
            layer(1, 0.9, 0.9, 0.9, 0.5),
            layer(2, 0.7, 0.7, 0.7, 0.7));
    assertThat(s.score(s.layers().get(1)))
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.score(s.layers().get(2)))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.ranked()).extracting(Sensitivity.Layer::index).containsExactly(2, 1, 0);
  }

  @Test
  void equalScoresKeepNetworkOrderAndAnInt8DropCounts() {
    Sensitivity s =
        of(
            layer(0, 0.9, 0.9, 0.9, 0.9),
            layer(1, 0.9, 0.9, 0.9, 0.9),
            layer(2, 0.5, 0.9, 0.9, 0.9));
    assertThat(s.ranked()).extracting(Sensitivity.Layer::index).containsExactly(2, 0, 1);
  }

  @Test
  void roundTripsThroughJsonWithoutTheDerivedRanking() {
    Sensitivity s = of(layer(0, 0.89, 0.88, 0.8, 0.4));
    String json = Json.write(s);
    assertThat(json).doesNotContain("ranked").doesNotContain("score");
    assertThat(Json.read(json, Sensitivity.class)).isEqualTo(s);
  }

  @Test
  void aResultCarriesItAndAResultFromBeforeItReadsWithoutIt() {
    Sensitivity s = of(layer(0, 0.89, 0.88, 0.8, 0.4));
    EvaluationResult failed =
        new EvaluationResult(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            EvaluationResult.Status.FAILED,
            null,
            null,
            null,
            null,
            List.of(),
            new EvaluationResult.EvaluationError("x", false),
            Instant.parse("2026-01-01T00:00:00Z"));
    EvaluationResult analysed = failed.withSensitivity(s);

    assertThat(Json.read(Json.write(analysed), EvaluationResult.class)).isEqualTo(analysed);
    String older = Json.write(failed).replace(",\"sensitivity\":null", "");
    assertThat(older).doesNotContain("sensitivity");
    assertThat(Json.read(older, EvaluationResult.class).sensitivity()).isNull();
  }
}
