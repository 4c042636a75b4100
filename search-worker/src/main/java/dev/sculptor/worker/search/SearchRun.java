package dev.sculptor.worker.search;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.proposal.CandidateProposer;
import dev.sculptor.worker.proposal.MobileCnnCandidates;
import dev.sculptor.worker.strategy.SearchBudget;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One job's search as the strategies see it ({@link SearchBudget}). A generation goes through three
 * parts, each knowing nothing of the ones after it: the {@link CandidateProposer} turns genomes
 * into candidates (policy pruning, free check, deduplication, budget); new ones are stored and sent
 * (those infeasible by construction only stored) and {@link ResultWait} waits for their results;
 * {@link SearchBookkeeping} records the front, hypervolume and the policy's reward. Candidates are
 * looked up by fingerprint before anything is sent, so a resumed job (same seed, same sequence)
 * reuses every result already stored and evaluates nothing twice.
 */
final class SearchRun implements SearchBudget {
  /**
   * Infeasible-by-construction candidates cost no evaluation, so only this bound (per candidate of
   * the budget) ends a search whose limits nothing proposed can meet before its wall clock does.
   */
  static final int MAX_INFEASIBLE_PER_CANDIDATE = 10;

  private final UUID jobId;
  private final JobSpec spec;
  private final Instant startedAt;
  private final Evaluations evaluations;
  private final JobProgressStore progress;
  private final BooleanSupplier leaseHeld;
  private final CandidateProposer proposer;
  private final ResultWait results;
  private final SearchBookkeeping book;

  /** Null unless the job asks for successive halving. */
  private final SuccessiveHalving halving;

  private int generation;
  private int stored;
  private int infeasible;
  private boolean stopped;

  /**
   * {@code policy} null: pruning comes from the genome's uniform pruning gene (as it does for the
   * candidates the policy leaves to it).
   */
  SearchRun(
      UUID jobId,
      JobSpec spec,
      Instant startedAt,
      Evaluations evaluations,
      ResultArrivals arrivals,
      JobProgressStore progress,
      BooleanSupplier leaseHeld,
      PruningPolicy policy) {
    this(jobId, spec, startedAt, evaluations, arrivals, progress, leaseHeld, policy, null, false);
  }

  /**
   * {@code latencySource}: where the job's latencies come from, recorded when it started (null for
   * jobs from before that was recorded); {@code waitingForDevice}: the job was paused for its
   * device when this worker took it.
   */
  SearchRun(
      UUID jobId,
      JobSpec spec,
      Instant startedAt,
      Evaluations evaluations,
      ResultArrivals arrivals,
      JobProgressStore progress,
      BooleanSupplier leaseHeld,
      PruningPolicy policy,
      MetricSource.Kind latencySource,
      boolean waitingForDevice) {
    this.jobId = jobId;
    this.spec = spec;
    this.startedAt = startedAt;
    this.evaluations = evaluations;
    this.progress = progress;
    this.leaseHeld = leaseHeld;
    this.proposer =
        new CandidateProposer(
            new MobileCnnCandidates(
                () -> evaluations.dataset(spec.dataset()).info(), spec.compressionTechniques()),
            policy,
            spec.seed(),
            spec.constraints());
    this.book = new SearchBookkeeping(jobId, spec, startedAt, progress);
    List<Candidate> rows = evaluations.rows(jobId);
    this.stored = (int) rows.stream().filter(c -> c.status.isEvaluation()).count();
    this.infeasible = rows.size() - stored;
    this.results =
        new ResultWait(
            jobId,
            spec,
            evaluations,
            arrivals,
            progress,
            leaseHeld,
            latencySource,
            waitingForDevice);
    this.halving =
        spec.fidelity().successiveHalving()
            ? new SuccessiveHalving(jobId, spec, evaluations, results)
            : null;
  }

  @Override
  public boolean goOn() {
    if (stopped) return false;
    Integer generations = spec.budget().generations();
    boolean go =
        stored < spec.budget().maxCandidates()
            && (generations == null || generation < generations)
            && progress.activeTime(jobId, startedAt).toMinutes()
                < spec.budget().maxWallClockMinutes()
            && infeasible < MAX_INFEASIBLE_PER_CANDIDATE * spec.budget().maxCandidates()
            && !book.plateaued()
            && !progress.cancelRequested(jobId)
            && leaseHeld.getAsBoolean();
    if (!go) stopped = true;
    return go;
  }

  /**
   * Distinct candidates this search has asked for so far, stored now or found from before a crash:
   * counted the same way on a first run and on a replay, so the genetic search's restarts (which
   * depend on it) happen at the same generations.
   */
  @Override
  public int evaluated() {
    return proposer.proposed();
  }

  boolean cancelled() {
    return progress.cancelRequested(jobId);
  }

  /**
   * Why the search stopped before its budget, if it stopped early on a hypervolume plateau or
   * proposed little but candidates infeasible by construction.
   */
  Optional<String> stoppedEarly() {
    if (infeasible >= MAX_INFEASIBLE_PER_CANDIDATE * spec.budget().maxCandidates())
      return Optional.of(
          "stopped after "
              + infeasible
              + " candidates infeasible by construction: the limits leave little of the space");
    return book.stoppedEarly();
  }

  @Override
  public List<Objectives> evaluate(List<int[]> genomes) {
    int room = stopped ? 0 : spec.budget().maxCandidates() - stored;
    CandidateProposer.Generation<Candidate> proposal =
        proposer.propose(genomes, fp -> evaluations.find(jobId, fp), room);
    Map<String, UUID> ids = new LinkedHashMap<>();
    for (CandidateProposer.Proposal<Candidate> p : proposal.proposals()) {
      if (p.infeasible() != null) {
        if (p.isNew() && !stopped) {
          evaluations.recordInfeasible(
              jobId, p.candidate(), p.fingerprint(), p.genes(), generation, p.infeasible());
          infeasible++;
        }
        continue; // nothing to wait for: the proposer knows its objectives
      }
      if (p.isNew()) {
        if (stopped || progress.cancelHeard(jobId)) {
          stopped = true; // cancelled: not one more request for this job
          continue;
        }
        ids.put(
            p.fingerprint(),
            evaluations.submit(jobId, spec, p.candidate(), p.fingerprint(), p.genes(), generation));
        stored++;
      } else {
        ids.put(p.fingerprint(), p.stored().id);
      }
    }
    int out = generation;
    ResultWait.Arrived firstStage = results.await(ids.values(), rows -> book.resultsIn(out, rows));
    ResultWait.Arrived arrived =
        halving == null
            ? firstStage
            : halving.continuePromising(out, firstStage, rows -> book.resultsIn(out, rows));
    if (arrived.interrupted()) stopped = true;
    generation++;
    Function<String, Objectives> result =
        fp -> {
          Candidate c = arrived.done().get(ids.get(fp));
          return c == null ? null : book.objectives(c);
        };
    Double policyReward = proposer.learn(proposal, result);
    book.generationDone(generation, evaluations.rows(jobId), policyReward, proposer.policyState());
    return proposal.objectives(result);
  }
}
