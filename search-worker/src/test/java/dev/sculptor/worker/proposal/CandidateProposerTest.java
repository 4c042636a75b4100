package dev.sculptor.worker.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.metrics.ComputedMetrics;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The proposal step the worker and the tabular benchmark share. */
class CandidateProposerTest {
  static final CandidateSpace SPACE =
      new MobileCnnCandidates(() -> DatasetCatalog.builtIn("mnist-10k").orElseThrow());

  @Test
  void aCandidateIsProposedOnceAStoredOneIsNotNewAndTheBudgetCapsTheNewOnes() {
    CandidateProposer proposer = new CandidateProposer(SPACE, null, 7, Constraints.none());
    SplittableRandom random = new SplittableRandom(1);
    int[] a = MobileCnnSpace.random(random);
    int[] b = MobileCnnSpace.random(random);
    int[] c = MobileCnnSpace.random(random);
    String fpA = Fingerprint.of(SPACE.decode(a, null));
    String fpB = Fingerprint.of(SPACE.decode(b, null));

    // room for one new candidate: a is new, b is stored, a again is the same candidate, c is past
    // the budget
    var generation =
        proposer.propose(
            List.of(a, b, a, c),
            fp -> fp.equals(fpB) ? Optional.of("row of b") : Optional.empty(),
            1);

    assertThat(generation.fingerprints()).hasSize(4).containsSubsequence(fpA, fpB, fpA);
    assertThat(generation.proposals())
        .extracting(CandidateProposer.Proposal::fingerprint)
        .containsExactly(fpA, fpB);
    assertThat(generation.proposals())
        .extracting(CandidateProposer.Proposal::isNew)
        .containsExactly(true, false);
    assertThat(generation.proposals().get(1).stored()).isEqualTo("row of b");
    Objectives result = new Objectives(0.9, 1, 1000, 0);
    assertThat(generation.objectives(fp -> result))
        .containsExactly(result, result, result, SearchBudget.NOT_EVALUATED);
    assertThat(proposer.proposed())
        .as("what the budget counts: distinct candidates asked for")
        .isEqualTo(2);
  }

  @Test
  void thePolicyPrunesItsShareAndLearnsOnlyOncePerGenerationFromWhatItPruned() {
    PruningPolicy policy = PruningPolicy.fresh();
    CandidateProposer proposer = new CandidateProposer(SPACE, policy, 7, sizeLimit(2_000_000L));
    var generation = proposer.propose(genomes(40), fp -> Optional.empty(), 100);
    List<CandidateProposer.Proposal<Object>> decided =
        generation.proposals().stream().filter(p -> p.decision() != null).toList();
    assertThat(decided).hasSizeBetween(8, 32);
    assertThat(policy.state().updates()).as("nothing learnt while proposing").isZero();

    // two feasible ones: one whose result never came (the search stopped first), one that failed;
    // a candidate infeasible by construction is judged on its computed figures whatever comes
    List<String> feasible =
        decided.stream()
            .filter(p -> p.infeasible() == null)
            .map(CandidateProposer.Proposal::fingerprint)
            .toList();
    String noResult = feasible.get(0);
    String failed = feasible.get(1);
    Objectives evaluated = new Objectives(0.8, 1, 1000, 0.1);
    Double mean =
        proposer.learn(
            generation,
            fp ->
                fp.equals(noResult)
                    ? null
                    : fp.equals(failed) ? SearchBudget.NOT_EVALUATED : evaluated);

    assertThat(policy.state().updates()).isEqualTo(decided.size() - 1);
    double expected =
        decided.stream()
            .filter(p -> !p.fingerprint().equals(noResult))
            .mapToDouble(
                p ->
                    p.fingerprint().equals(failed)
                        ? -1
                        : CandidateProposer.reward(
                            p.infeasible() == null ? evaluated : p.computedObjectives()))
            .sum();
    assertThat(mean).isCloseTo(expected / (decided.size() - 1), within(1e-9));
  }

  @Test
  void theSameSeedProposesTheSameCandidates() {
    List<int[]> genomes = genomes(30);
    var first =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 11, sizeLimit(2_000_000L))
            .propose(genomes, fp -> Optional.empty(), 100);
    var again =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 11, sizeLimit(2_000_000L))
            .propose(genomes, fp -> Optional.empty(), 100);
    var other =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 12, sizeLimit(2_000_000L))
            .propose(genomes, fp -> Optional.empty(), 100);
    assertThat(again.fingerprints()).isEqualTo(first.fingerprints());
    assertThat(other.fingerprints())
        .as("another seed prunes others")
        .isNotEqualTo(first.fingerprints());
  }

  @Test
  void aCandidateOverAKnownLimitIsNeverAdmittedForSendingAndComesBackWithItsComputedViolation() {
    long limit = 60_000;
    CandidateProposer proposer = new CandidateProposer(SPACE, null, 7, sizeLimit(limit));
    List<int[]> genomes = genomes(40);
    // room for fewer new candidates than the genomes: the infeasible ones must not take it
    CandidateProposer.Generation<String> generation =
        proposer.propose(genomes, fp -> Optional.<String>empty(), 5);

    List<CandidateProposer.Proposal<String>> infeasible =
        generation.proposals().stream().filter(p -> p.infeasible() != null).toList();
    assertThat(infeasible).as("the 40 random genomes hold candidates over the limit").isNotEmpty();
    for (var p : generation.toSend()) {
      assertThat(bound(p.candidate())).as("sent").isLessThanOrEqualTo(limit);
    }
    assertThat(generation.toSend()).hasSize(5);
    assertThat(proposer.proposed()).as("what the budget counts: only those sent").isEqualTo(5);
    for (var p : infeasible) {
      long bound = bound(p.candidate());
      assertThat(bound).isGreaterThan(limit);
      assertThat(p.toSend()).isFalse();
      assertThat(p.infeasible().violation()).isEqualTo((double) bound / limit - 1);
      assertThat(p.infeasible().reason())
          .startsWith("computed size at least ")
          .contains("exceeds maxModelBytes 60.0 kB");
    }

    // the strategy learns each infeasible genome's computed violation, whatever the results say
    Objectives measured = new Objectives(0.9, 1, 1000, 0);
    List<Objectives> objectives = generation.objectives(fp -> measured);
    for (int i = 0; i < genomes.size(); i++) {
      String fp = generation.fingerprints().get(i);
      var p = generation.proposals().stream().filter(x -> x.fingerprint().equals(fp)).findFirst();
      if (p.isPresent() && p.get().infeasible() != null) {
        assertThat(objectives.get(i).feasible()).isFalse();
        assertThat(objectives.get(i).violation()).isEqualTo(p.get().infeasible().violation());
        assertThat(objectives.get(i).accuracy()).isZero();
      }
    }
  }

  @Test
  void aStoredInfeasibleCandidateIsClassifiedAsOnTheFirstRunAndNotCounted() {
    List<int[]> genomes = genomes(40);
    var first =
        new CandidateProposer(SPACE, null, 7, sizeLimit(60_000L))
            .propose(genomes, fp -> Optional.empty(), 100);
    CandidateProposer again = new CandidateProposer(SPACE, null, 7, sizeLimit(60_000L));
    var replay = again.propose(genomes, fp -> Optional.of("stored row"), 100);

    assertThat(replay.proposals())
        .extracting(p -> p.infeasible() == null ? null : p.infeasible().violation())
        .isEqualTo(
            first.proposals().stream()
                .map(p -> p.infeasible() == null ? null : p.infeasible().violation())
                .toList());
    assertThat(replay.toSend()).as("everything is stored").isEmpty();
    assertThat(again.proposed()).isEqualTo(first.toSend().size());
  }

  private static long bound(dev.sculptor.core.space.CandidateSpec candidate) {
    return ComputedMetrics.of(SPACE.exported(candidate), candidate.compression().precision())
        .modelBytesAtLeast();
  }

  private static Constraints sizeLimit(long maxModelBytes) {
    return new Constraints(maxModelBytes, null, null, null, null);
  }

  private static List<int[]> genomes(int n) {
    SplittableRandom random = new SplittableRandom(3);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(MobileCnnSpace.random(random));
    return out;
  }
}
