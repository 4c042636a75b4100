package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.search.SearchRunResumeTest.FakeDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Free constraint checks in a whole search (the worker's SearchRun, with the in-memory database and
 * evaluators of {@link SearchRunResumeTest}): with a tight size limit, no candidate whose computed
 * size exceeds it is ever sent, and those the strategy proposed are in the job's candidate list as
 * infeasible by construction, with their computed numbers and the limit they miss. They cost no
 * evaluation: the job still sends its whole budget.
 */
class FreeCheckSearchTest {
  static final long LIMIT = 20_000;
  static final int BUDGET = 40;

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aJobWithATightSizeLimitNeverSendsACandidateOverItAndListsThemWithTheirReason(
      Strategy strategy) {
    JobSpec spec = spec(strategy);
    FakeDatabase database = new FakeDatabase(Integer.MAX_VALUE);
    SearchRunResumeTest.run(spec, database);

    List<Candidate> sent =
        database.rows.stream().filter(c -> database.sends.containsKey(c.id)).toList();
    assertThat(sent).as("the whole budget is sent").hasSize(BUDGET);
    for (Candidate c : sent) {
      assertThat(computed(c).modelBytesAtLeast()).as("a sent candidate").isLessThanOrEqualTo(LIMIT);
      assertThat(c.status).isEqualTo(CandidateStatus.SUCCEEDED);
    }

    List<Candidate> infeasible =
        database.rows.stream().filter(c -> c.status == CandidateStatus.INFEASIBLE).toList();
    assertThat(infeasible)
        .as("%s proposed candidates over the limit", strategy)
        .isNotEmpty()
        .hasSize(database.rows.size() - BUDGET);
    for (Candidate c : infeasible) {
      ComputedMetrics stored = Json.read(c.metrics, ComputedMetrics.class);
      assertThat(stored).as("stored as computed").isEqualTo(computed(c));
      assertThat(stored.modelBytesAtLeast()).isGreaterThan(LIMIT);
      assertThat(stored.source()).contains("computed").contains("not measured");
      assertThat(c.failureReason)
          .startsWith("infeasible by construction: computed size at least ")
          .endsWith("exceeds maxModelBytes 20.0 kB");
      assertThat(c.feasible).isFalse();
      assertThat(c.attempts).isZero();
      assertThat(c.accuracy).as("nothing measured").isNull();
      assertThat(c.modelBytes).isNull();
    }
  }

  /** What the free check computes for a row's candidate on the job's dataset. */
  private static ComputedMetrics computed(Candidate c) {
    CandidateSpec candidate = Json.read(c.spec, CandidateSpec.class);
    DatasetInfo info = DatasetCatalog.builtIn("synthetic").orElseThrow();
    return ComputedMetrics.of(
        NetworkDecoder.decodePruned(candidate, info.shape(), info.classes()),
        candidate.compression().precision());
  }

  static JobSpec spec(Strategy strategy) {
    return new JobSpec(
            "free-check",
            "synthetic",
            "mobile-cnn",
            "host-cpu",
            new Constraints(LIMIT, null, null, null, null),
            null,
            new Budget(BUDGET, 60, null, 8, null),
            strategy,
            Fidelity.defaults(),
            7L)
        .withDefaults();
  }
}
