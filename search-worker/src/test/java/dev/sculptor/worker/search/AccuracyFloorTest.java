package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.store.candidate.Candidate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code constraints.minAccuracy}: a candidate below the floor is infeasible, so the front never
 * holds one while any candidate reaches it.
 */
class AccuracyFloorTest {

  @Test
  void theFrontKeepsOnlyCandidatesAtOrAboveTheFloor() {
    // fast and tiny but inaccurate; slower and bigger but above the floor; in between
    List<Candidate> rows =
        List.of(
            row(0.90, 1.0, 1_000),
            row(0.985, 5.0, 50_000),
            row(0.97, 2.0, 10_000),
            row(0.99, 8.0, 80_000));

    FrontSummary without = FrontSummary.of(spec(null), rows);
    FrontSummary with = FrontSummary.of(spec(0.98), rows);

    assertThat(without.front()).as("without a floor every trade-off is on the front").hasSize(4);
    assertThat(with.front()).extracting(c -> c.accuracy).containsExactlyInAnyOrder(0.985, 0.99);
    assertThat(with.bestFeasibleAccuracy()).isEqualTo(0.99);
    assertThat(with.hypervolume()).isLessThan(without.hypervolume());
  }

  @Test
  void belowTheFloorTheShortfallIsTheViolationSoTheClosestCandidateLeads() {
    Candidate far = row(0.90, 1.0, 1_000);
    Candidate near = row(0.95, 9.0, 90_000);
    FrontSummary with = FrontSummary.of(spec(0.98), List.of(far, near));
    assertThat(with.bestFeasibleAccuracy()).as("nothing is feasible").isNull();
    assertThat(with.front()).as("the front holds feasible candidates only").isEmpty();
    assertThat(with.hypervolume()).isZero();
    // constrained dominance (what the genetic search selects by) prefers the smaller shortfall
    assertThat(FrontSummary.objectives(spec(0.98), near).violation())
        .isCloseTo(1 - 0.95 / 0.98, within(1e-12))
        .isLessThan(FrontSummary.objectives(spec(0.98), far).violation());
  }

  private static JobSpec spec(Double minAccuracy) {
    String floor = minAccuracy == null ? "" : ", \"minAccuracy\": " + minAccuracy;
    JobSpec spec =
        Json.read(
                """
                {"name": "floor", "dataset": "synthetic", "hardwareTarget": "host-cpu", "seed": 1,
                 "constraints": {"maxModelBytes": 100000, "maxLatencyMs": 10%s}}\
                """
                    .formatted(floor),
                JobSpec.class)
            .withDefaults();
    assertThat(spec.constraints())
        .isEqualTo(new Constraints(100_000L, 10.0, null, null, null, minAccuracy));
    return spec;
  }

  private static Candidate row(double accuracy, double latencyMs, long bytes) {
    Candidate c = new Candidate();
    c.id = UUID.randomUUID();
    c.status = CandidateStatus.SUCCEEDED;
    c.accuracy = accuracy;
    Latency latency =
        new Latency(
            latencyMs, latencyMs, 0, 1, "fp32", MetricSource.measured("host-cpu", 100, "test"));
    c.metrics =
        Json.write(
            new Metrics(
                accuracy,
                "validation",
                MetricSource.measured("host-cpu", 1, "test"),
                latency,
                bytes,
                0,
                0,
                0,
                null));
    return c;
  }
}
