package dev.sculptor.worker.search;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobProgress;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.worker.evaluation.Evaluations;
import dev.sculptor.worker.evaluation.ResultArrivals;
import dev.sculptor.worker.evaluation.Feasibility;
import dev.sculptor.worker.strategy.HypervolumePlateau;
import dev.sculptor.worker.strategy.SearchBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.worker.policy.PruningPolicy;

/**
 * One job's search as the strategies see it: evaluates generations through the evaluators and
 * keeps the job's progress, front and history in the database. Candidates are looked up by
 * fingerprint before anything is sent, so a resumed job (same seed, same sequence) reuses every
 * result already stored and evaluates nothing twice.
 */
final class SearchRun implements SearchBudget {
  private static final Duration POLL = Duration.ofMillis(250);

  private final UUID jobId;
  private final JobSpec spec;
  private final Instant startedAt;
  private final Evaluations evaluations;
  private final ResultArrivals arrivals;
  private final JobProgressStore progress;
  private final BooleanSupplier leaseHeld;
  private final PruningPolicy policy;
  private final SplittableRandom policyRandom;
  private final HypervolumePlateau plateau;
  private final java.util.Set<String> proposed = new java.util.HashSet<>();
  /** MEASURED: every latency is measured on the job's target, so the search pauses while none of its evaluators is live. */
  private final boolean measuredOnTarget;
  private boolean waitingForDevice;
  private Instant lastDeviceCheck = Instant.EPOCH;
  private int generation;
  private int stored;
  private boolean stopped;

  /** {@code policy} null: pruning comes from the genome's uniform pruning gene (as it does for the candidates the policy leaves to it). */
  SearchRun(UUID jobId, JobSpec spec, Instant startedAt, Evaluations evaluations, ResultArrivals arrivals, JobProgressStore progress,
      BooleanSupplier leaseHeld, PruningPolicy policy) {
    this(jobId, spec, startedAt, evaluations, arrivals, progress, leaseHeld, policy, null, false);
  }

  /**
   * {@code latencySource}: where the job's latencies come from, recorded when it started (null for
   * jobs from before that was recorded); {@code waitingForDevice}: the job was paused for its device
   * when this worker took it.
   */
  SearchRun(UUID jobId, JobSpec spec, Instant startedAt, Evaluations evaluations, ResultArrivals arrivals, JobProgressStore progress,
      BooleanSupplier leaseHeld, PruningPolicy policy, MetricSource.Kind latencySource, boolean waitingForDevice) {
    this.jobId = jobId;
    this.spec = spec;
    this.startedAt = startedAt;
    this.evaluations = evaluations;
    this.arrivals = arrivals;
    this.progress = progress;
    this.leaseHeld = leaseHeld;
    this.policy = policy;
    this.policyRandom = new SplittableRandom(spec.seed() ^ 0x5eed_9011cL);
    this.plateau = new HypervolumePlateau(spec.budget().plateauGenerations());
    this.measuredOnTarget = latencySource == MetricSource.Kind.MEASURED;
    this.waitingForDevice = waitingForDevice;
    this.stored = evaluations.rows(jobId).size();
    // a resumed job: what the dead worker stored but never sent goes out now, not at the next resend check
    evaluations.resendStale(jobId, spec);
  }

  @Override
  public boolean goOn() {
    if (stopped) return false;
    Integer generations = spec.budget().generations();
    boolean go = stored < spec.budget().maxCandidates()
        && (generations == null || generation < generations)
        && Duration.between(startedAt, Instant.now()).toMinutes() < spec.budget().maxWallClockMinutes()
        && !plateau.reached() && !progress.cancelRequested(jobId) && leaseHeld.getAsBoolean();
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
    return proposed.size();
  }

  boolean cancelled() {
    return progress.cancelRequested(jobId);
  }

  /** Why the search stopped before its budget, if it stopped early on a hypervolume plateau. */
  java.util.Optional<String> stoppedEarly() {
    return plateau.reached() ? java.util.Optional.of(plateau.reason()) : java.util.Optional.empty();
  }

  @Override
  public List<Objectives> evaluate(List<int[]> genomes) {
    Map<String, UUID> ids = new LinkedHashMap<>();
    Map<String, PruningPolicy.Decision> decisions = new LinkedHashMap<>();
    List<String> fingerprints = new ArrayList<>();
    for (int[] genes : genomes) {
      CandidateSpec candidate = MobileCnnSpace.decode(genes, null);
      PruningPolicy.Decision decision = null;
      if (policy != null && PruningPolicy.decides(policyRandom)) {
        var dataset = evaluations.dataset(spec.dataset()).info();
        NetworkSpec net = NetworkDecoder.decode(candidate, dataset.shape(), dataset.classes());
        decision = policy.act(net.prunableLayers(), budgetLeft(net, candidate), policyRandom);
        candidate = MobileCnnSpace.decode(genes, decision.ratios());
      }
      String fp = Fingerprint.of(candidate);
      fingerprints.add(fp);
      if (ids.containsKey(fp)) continue;
      if (decision != null) decisions.put(fp, decision);
      var existing = evaluations.find(jobId, fp);
      if (existing.isPresent()) {
        ids.put(fp, existing.get().id);
        proposed.add(fp);
      } else if (!stopped && stored < spec.budget().maxCandidates()) {
        if (progress.cancelHeard(jobId)) {
          stopped = true; // cancelled: not one more request for this job
          continue;
        }
        ids.put(fp, evaluations.submit(jobId, spec, candidate, fp, genes, generation));
        proposed.add(fp);
        stored++;
      }
    }
    Map<UUID, Candidate> done = await(ids.values());
    generation++;
    Double policyReward = policy == null ? null : learn(decisions, ids, done);
    recordGeneration(policyReward);
    List<Objectives> out = new ArrayList<>();
    for (String fp : fingerprints) {
      Candidate c = ids.containsKey(fp) ? done.get(ids.get(fp)) : null;
      out.add(c == null ? NOT_EVALUATED : objectives(c));
    }
    return out;
  }

  private Map<UUID, Candidate> await(java.util.Collection<UUID> ids) {
    Map<UUID, Candidate> done = new LinkedHashMap<>();
    Instant lastResend = Instant.now();
    int lastCount = -1;
    while (true) {
      long mark = arrivals.mark(); // taken before reading the rows, so no result slips between
      for (Candidate c : evaluations.rows(jobId)) {
        if (ids.contains(c.id) && !"PENDING".equals(c.status)) done.put(c.id, c);
      }
      if (done.size() != lastCount) {
        lastCount = done.size();
        progress.update(jobId, generation, stored, spec, snapshot(), startedAt);
      }
      if (done.size() >= ids.size() || cancelled() || !leaseHeld.getAsBoolean()) return done;
      watchDevice();
      // while the device is away nothing is sent again: its requests wait for it on its topic
      if (!waitingForDevice && Duration.between(lastResend, Instant.now()).toSeconds() >= 5) {
        evaluations.resendStale(jobId, spec);
        lastResend = Instant.now();
      }
      try {
        // results land in the database from another thread (woken at once) or another worker (polled)
        arrivals.awaitAfter(mark, POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        return done;
      }
    }
  }

  /**
   * A job measured on its target pauses as WAITING_FOR_DEVICE once no evaluator of the target is
   * live (its heartbeats stopped for the live window), instead of sending candidates to another machine, and
   * runs on when one is back: the timeouts of requests sent before the pause count from then.
   */
  private void watchDevice() {
    if (!measuredOnTarget || Duration.between(lastDeviceCheck, Instant.now()).toSeconds() < 2) return;
    lastDeviceCheck = Instant.now();
    boolean live = evaluations.targetLive(spec.hardwareTarget());
    if (live == !waitingForDevice) return;
    waitingForDevice = !live;
    if (live) evaluations.restartTimeouts(jobId);
    progress.deviceState(jobId, waitingForDevice, waitingForDevice
        ? "no " + spec.hardwareTarget() + " evaluator is live (no heartbeat for " + EvaluatorHeartbeat.LIVE_WINDOW.toSeconds()
            + " s): waiting for one; this job's latencies are measured on " + spec.hardwareTarget() + " only"
        : "a " + spec.hardwareTarget() + " evaluator is back: running");
  }

  private void recordGeneration(Double policyReward) {
    List<Candidate> rows = snapshot();
    if (spec.budget().plateauGenerations() != null) { // early stop is off unless asked for: skip the extra front
      // only this generation and earlier ones: a resumed job replaying its generations sees the same
      // hypervolumes as the first run did, not those of rows stored after them
      int upTo = generation;
      plateau.observe(front(spec, rows.stream().filter(c -> c.generation < upTo).toList()).hypervolume());
    }
    progress.recordGeneration(jobId, generation, stored, spec, rows, startedAt, policyReward,
        policy == null ? null : policy.state());
  }

  /**
   * Rewards the policy for this generation's candidates: validation accuracy, minus the relative
   * excess over the job's limits (a failed candidate earns -1). Returns the mean reward.
   */
  private Double learn(Map<String, PruningPolicy.Decision> decisions, Map<String, UUID> ids, Map<UUID, Candidate> done) {
    double sum = 0;
    int n = 0;
    for (var entry : decisions.entrySet()) {
      Candidate c = done.get(ids.get(entry.getKey()));
      if (c == null) continue;
      Objectives o = objectives(c);
      double reward = o == NOT_EVALUATED ? -1 : o.accuracy() - o.violation();
      policy.learn(entry.getValue(), reward);
      sum += reward;
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  /** Share of the size limit an unpruned candidate would leave unused (1 without a limit). */
  private double budgetLeft(NetworkSpec net, CandidateSpec candidate) {
    Long limit = spec.constraints().maxModelBytes();
    if (limit == null) return 1;
    return 1 - (double) net.params() * candidate.compression().precision().bytesPerWeight() / limit;
  }

  private List<Candidate> snapshot() {
    return evaluations.rows(jobId);
  }

  Objectives objectives(Candidate c) {
    if (!"SUCCEEDED".equals(c.status) || c.metrics == null) return NOT_EVALUATED;
    Metrics m = Json.read(c.metrics, Metrics.class);
    return new Objectives(m.accuracy(), m.latency().medianMs(), m.modelBytes(), Feasibility.violation(spec.constraints(), m));
  }

  /** The feasible non-dominated candidates and the hypervolume they span, for these rows. */
  static FrontSummary front(JobSpec spec, List<Candidate> rows) {
    List<Candidate> evaluated = rows.stream().filter(c -> "SUCCEEDED".equals(c.status) && c.metrics != null).toList();
    Map<Candidate, Objectives> objectives = new java.util.IdentityHashMap<>();
    for (Candidate c : evaluated) {
      Metrics m = Json.read(c.metrics, Metrics.class);
      objectives.put(c, new Objectives(m.accuracy(), m.latency().medianMs(), m.modelBytes(), Feasibility.violation(spec.constraints(), m)));
    }
    List<Candidate> front = ParetoFront.of(evaluated, objectives::get);
    double refLatency = spec.constraints().maxLatencyMs() != null ? spec.constraints().maxLatencyMs()
        : 1.1 * evaluated.stream().mapToDouble(c -> objectives.get(c).latencyMs()).max().orElse(1);
    double refBytes = spec.constraints().maxModelBytes() != null ? spec.constraints().maxModelBytes()
        : 1.1 * evaluated.stream().mapToDouble(c -> objectives.get(c).modelBytes()).max().orElse(1);
    double hv = Hypervolume.of(front.stream().map(objectives::get).toList(), refLatency, refBytes);
    Double best = front.stream().map(c -> objectives.get(c).accuracy()).max(Double::compare).orElse(null);
    return new FrontSummary(front, hv, best);
  }

  record FrontSummary(List<Candidate> front, double hypervolume, Double bestFeasibleAccuracy) {}

  static JobEvent event(UUID jobId, JobEvent.Type type, JobStatus status, JobProgress p, String message) {
    return new JobEvent(jobId, type, status, p, message, Instant.now());
  }
}
