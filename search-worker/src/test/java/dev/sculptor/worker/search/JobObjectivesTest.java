package dev.sculptor.worker.search;

import static dev.sculptor.core.job.Objective.MAXIMIZE_ACCURACY;
import static dev.sculptor.core.job.Objective.MINIMIZE_MACS;
import static dev.sculptor.core.job.Objective.MINIMIZE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Objective;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.store.candidate.Candidate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code objectives}: a job's front and hypervolume are kept over the objectives it names, and its
 * limits still apply on every axis, chosen or not.
 */
class JobObjectivesTest {
  // accurate and small; most accurate but big; smallest but over the latency limit; as accurate as
  // the first and faster, but bigger
  final Candidate small = row(0.90, 1.0, 10_000, 1_000_000);
  final Candidate accurate = row(0.95, 9.0, 50_000, 4_000_000);
  final Candidate tooSlow = row(0.90, 20.0, 5_000, 100_000);
  final Candidate fast = row(0.90, 0.5, 20_000, 2_000_000);
  final List<Candidate> rows = List.of(small, accurate, tooSlow, fast);

  @Test
  void aTwoObjectiveJobsFrontAndHypervolumeAreTwoDimensional() {
    JobSpec spec = spec("[\"MINIMIZE_SIZE\", \"MAXIMIZE_ACCURACY\"]", "\"maxModelBytes\": 100000");
    FrontSummary summary = FrontSummary.of(spec, rows);

    assertThat(FrontSummary.objectives(spec, fast).axes())
        .containsExactly(MAXIMIZE_ACCURACY, MINIMIZE_SIZE);
    // latency is no objective: being faster does not keep `fast` on the front
    assertThat(summary.front()).containsExactlyInAnyOrder(small, accurate);
    // costs (1 − accuracy, bytes / the size limit): small (0.10, 0.1), accurate (0.05, 0.5); the
    // area they dominate in the unit square
    assertThat(summary.hypervolume()).isCloseTo(0.05 * 0.5 + 0.9 * 0.9, within(1e-12));
    assertThat(summary.bestFeasibleAccuracy()).isEqualTo(0.95);
  }

  @Test
  void theDefaultIsAccuracyLatencyAndSize() {
    JobSpec spec = spec(null, "\"maxModelBytes\": 100000");
    assertThat(spec.objectives()).isEqualTo(Objective.DEFAULTS);
    assertThat(FrontSummary.of(spec, rows).front())
        .as("faster counts again")
        .containsExactlyInAnyOrder(small, accurate, fast);
  }

  @Test
  void macsWithoutALimitAreScaledByTheWorstEvaluatedValue() {
    JobSpec spec = spec("[\"MAXIMIZE_ACCURACY\", \"MINIMIZE_MACS\"]", "\"maxModelBytes\": 100000");
    FrontSummary summary = FrontSummary.of(spec, rows);

    assertThat(FrontSummary.objectives(spec, small).axes())
        .containsExactly(MAXIMIZE_ACCURACY, MINIMIZE_MACS);
    assertThat(summary.front()).containsExactlyInAnyOrder(small, accurate);
    double ref = 1.1 * 4_000_000;
    assertThat(summary.hypervolume())
        .isCloseTo(0.05 * (1 - 4_000_000 / ref) + 0.9 * (1 - 1_000_000 / ref), within(1e-12));

    JobSpec limited =
        spec(
            "[\"MAXIMIZE_ACCURACY\", \"MINIMIZE_MACS\"]",
            "\"maxModelBytes\": 100000, \"maxMacs\": 5000000");
    assertThat(FrontSummary.of(limited, rows).hypervolume())
        .as("the MACs limit is the reference")
        .isCloseTo(0.05 * (1 - 4.0 / 5) + 0.9 * (1 - 1.0 / 5), within(1e-12));
  }

  private static JobSpec spec(String objectives, String constraints) {
    String chosen = objectives == null ? "" : ", \"objectives\": " + objectives;
    return Json.read(
            """
            {"name": "objectives", "dataset": "synthetic", "hardwareTarget": "host-cpu", "seed": 1,
             "constraints": {"maxLatencyMs": 10, %s}%s}\
            """
                .formatted(constraints, chosen),
            JobSpec.class)
        .withDefaults();
  }

  private static Candidate row(double accuracy, double latencyMs, long bytes, long macs) {
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
                bytes / 4,
                macs,
                0,
                null));
    return c;
  }
}
