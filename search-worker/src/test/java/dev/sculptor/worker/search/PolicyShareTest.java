package dev.sculptor.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchStrategy;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The genetic search leaves about half the candidates' pruning to the genome's gene (see {@link
 * dev.sculptor.worker.proposal.CandidateProposer#POLICY_SHARE}).
 */
class PolicyShareTest {

  @Test
  void thePolicyPrunesAboutHalfTheCandidatesAndTheGenomesGeneTheRest() {
    JobSpec spec = SearchRunResumeTest.spec(Strategy.GENETIC, 200, null);
    var database = new SearchRunResumeTest.FakeDatabase(Integer.MAX_VALUE);
    PruningPolicy policy = PruningPolicy.fresh();
    SearchRun run =
        new SearchRun(
            SearchRunResumeTest.JOB,
            spec,
            Instant.now(),
            database,
            new ResultArrivals(),
            new SearchRunResumeTest.Progress(),
            () -> true,
            policy);
    SearchStrategy.of(spec.strategy(), spec.seed(), spec.budget().effectivePopulationSize())
        .search(run);

    // the candidates sent: those infeasible by construction (over the size limit) cost nothing
    var sent = database.rows.stream().filter(c -> c.status.isEvaluation()).toList();
    int byPolicy = 0;
    int byGene = 0;
    for (var row : sent) {
      List<Double> ratios = Json.read(row.spec, CandidateSpec.class).compression().pruningRatios();
      // the gene gives every layer one ratio; a fresh policy draws each layer's ratio on its own
      if (new HashSet<>(ratios).size() > 1) byPolicy++;
      else byGene++;
    }
    assertThat(sent).hasSize(200);
    assertThat(byPolicy).as("candidates with per-layer ratios from the policy").isBetween(60, 140);
    assertThat(byGene)
        .as(
            "candidates with one ratio from the genome's gene (some of the policy's may look"
                + " uniform too)")
        .isBetween(60, 140);
    assertThat(policy.state().updates()).as("the policy learns from what it pruned").isPositive();
  }
}
