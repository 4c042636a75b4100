package dev.sculptor.worker.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.dataset.DatasetCatalog;
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
    CandidateProposer proposer = new CandidateProposer(SPACE, null, 7, null);
    SplittableRandom random = new SplittableRandom(1);
    int[] a = MobileCnnSpace.random(random);
    int[] b = MobileCnnSpace.random(random);
    int[] c = MobileCnnSpace.random(random);
    String fpA = Fingerprint.of(MobileCnnSpace.decode(a, null));
    String fpB = Fingerprint.of(MobileCnnSpace.decode(b, null));

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
    CandidateProposer proposer = new CandidateProposer(SPACE, policy, 7, 2_000_000L);
    var generation = proposer.propose(genomes(40), fp -> Optional.empty(), 100);
    List<String> pruned =
        generation.proposals().stream()
            .filter(p -> p.decision() != null)
            .map(CandidateProposer.Proposal::fingerprint)
            .toList();
    assertThat(pruned).hasSizeBetween(8, 32);
    assertThat(policy.state().updates()).as("nothing learnt while proposing").isZero();

    String noResult = pruned.get(0); // the search stopped before it came back
    String failed = pruned.get(1);
    Double mean =
        proposer.learn(
            generation,
            fp ->
                fp.equals(noResult)
                    ? null
                    : fp.equals(failed)
                        ? SearchBudget.NOT_EVALUATED
                        : new Objectives(0.8, 1, 1000, 0.1));

    assertThat(policy.state().updates()).isEqualTo(pruned.size() - 1);
    assertThat(mean)
        .isCloseTo((-1 + 0.7 * (pruned.size() - 2)) / (pruned.size() - 1), within(1e-9));
  }

  @Test
  void theSameSeedProposesTheSameCandidates() {
    List<int[]> genomes = genomes(30);
    var first =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 11, 2_000_000L)
            .propose(genomes, fp -> Optional.empty(), 100);
    var again =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 11, 2_000_000L)
            .propose(genomes, fp -> Optional.empty(), 100);
    var other =
        new CandidateProposer(SPACE, PruningPolicy.fresh(), 12, 2_000_000L)
            .propose(genomes, fp -> Optional.empty(), 100);
    assertThat(again.fingerprints()).isEqualTo(first.fingerprints());
    assertThat(other.fingerprints())
        .as("another seed prunes others")
        .isNotEqualTo(first.fingerprints());
  }

  private static List<int[]> genomes(int n) {
    SplittableRandom random = new SplittableRandom(3);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(MobileCnnSpace.random(random));
    return out;
  }
}
