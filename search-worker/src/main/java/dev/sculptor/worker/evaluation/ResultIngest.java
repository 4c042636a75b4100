package dev.sculptor.worker.evaluation;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.latency.LatencyTables;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.store.candidate.FinalTrainingRepository;
import dev.sculptor.store.consumer.Consumers;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Writes every evaluation result into its candidate row (a final training's into its own row, a
 * sensitivity analysis's into its analysis's, {@link SensitivityAnalyses}), whichever worker runs
 * the job, and whether or not the job still runs: the workers share one consumer group, so each
 * result is stored once, and the offset is committed only after the row is. A result for a
 * candidate that already has one is ignored (idempotent). The search waits on the rows, so a
 * restarted worker loses no result. While the database is unreachable the loop retries the same
 * result (it is never skipped); a result without its ids is dead-lettered.
 */
@ApplicationScoped
public class ResultIngest {
  @Inject KafkaClients kafka;

  @Inject CandidateRepository candidates;
  @Inject JobDatasets datasets;
  @Inject FinalTrainingRepository finals;
  @Inject SearchJobRepository jobs;
  @Inject EntityManager em;
  @Inject ResultArrivals arrivals;
  @Inject Consumers consumers;
  @Inject SensitivityAnalyses analyses;

  void onStart(@Observes StartupEvent event) {
    consumers.start(
        kafka.consumer(
            "result-ingest",
            "sculptor-search-worker-results",
            "earliest",
            List.of(Topics.RESULTS),
            Duration.ofMillis(300)),
        record -> store(validated(Payloads.read(record, EvaluationResult.class))));
  }

  /** A result the row cannot be found or filled by is refused, not guessed at. */
  static EvaluationResult validated(EvaluationResult result) {
    Payloads.require(result.jobId(), "jobId");
    Payloads.require(result.candidateId(), "candidateId");
    Payloads.require(result.status(), "status");
    if (result.status() == EvaluationResult.Status.SUCCEEDED && result.metrics() != null) {
      Payloads.require(result.metrics().latency(), "metrics.latency");
    }
    return result;
  }

  void store(EvaluationResult result) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Candidate c =
                  candidates.findById(
                      result.candidateId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
              if (c == null) {
                FinalTraining f =
                    finals.findById(
                        result.candidateId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                if (f == null) analyses.store(result);
                else if (f.status == CandidateStatus.PENDING) storeFinal(result, f);
                return;
              }
              if (c.status != CandidateStatus.PENDING) return;
              if (firstStageOfContinued(c, result)) return;
              SearchJob job = jobs.findById(c.jobId);
              JobSpec spec = Json.read(job.spec, JobSpec.class);
              c.evaluatorId = result.evaluator() == null ? null : result.evaluator().id();
              c.finishedAt = result.finishedAt();
              c.trainingCurve = Json.write(result.trainingCurve());
              c.timings = result.timings() == null ? null : Json.write(result.timings());
              String elsewhere = measuredElsewhere(result, spec, job);
              if (elsewhere != null
                  && result.status() == EvaluationResult.Status.SUCCEEDED
                  && Evaluations.attemptsLeft(c)) {
                // One job never mixes sources: its request is sent again, to its own target's
                // evaluators.
                c.failureReason = elsewhere;
              } else if (elsewhere != null
                  && result.status() == EvaluationResult.Status.SUCCEEDED) {
                fail(c, elsewhere);
              } else if (result.status() == EvaluationResult.Status.SUCCEEDED
                  && result.metrics() != null) {
                Metrics m = targetLatency(result, spec, job, c);
                c.status = CandidateStatus.SUCCEEDED;
                c.metrics = Json.write(m);
                c.accuracy = m.accuracy();
                c.latencyMs = m.latency().medianMs();
                c.latencySource = m.latency().source().kind();
                c.modelBytes = m.modelBytes();
                c.feasible = Feasibility.violation(spec.constraints(), m) == 0;
                c.fidelityRun = result.fidelity() == null ? null : Json.write(result.fidelity());
                if (result.artifact() != null) {
                  // without a zip beside it, the artifact is the zip of an evaluator from before
                  // the ONNX export
                  ModelFormat format =
                      result.djlArtifact() == null ? ModelFormat.DJL : ModelFormat.ONNX;
                  c.artifactId = persist(result.artifact(), format);
                  if (result.djlArtifact() != null)
                    c.djlArtifactId = persist(result.djlArtifact(), ModelFormat.DJL);
                }
              } else if (result.error() != null
                  && result.error().retriable()
                  && Evaluations.attemptsLeft(c)) {
                // A lost or broken evaluator, not the candidate's fault: a PENDING row with a
                // reason is
                // sent again by the search (see Evaluations).
                c.failureReason = result.error().reason();
              } else {
                fail(c, result.error() == null ? "evaluation failed" : result.error().reason());
              }
            });
    arrivals.arrived(); // after the commit, so a woken search reads the row
  }

  /**
   * A result of a continued row's first stage (a late or repeated delivery: its attempt is not past
   * the first stage's last) is not the continued stage's and is ignored.
   */
  private static boolean firstStageOfContinued(Candidate c, EvaluationResult result) {
    return c.earlierStage != null
        && result.attempt() <= Json.read(c.earlierStage, EarlierStage.class).attempts();
  }

  /**
   * A candidate's evaluation failed for good; a continued stage's failure leaves the first stage's
   * result in place.
   */
  private static void fail(Candidate c, String reason) {
    if (c.earlierStage != null) {
      Evaluations.keepFirstStage(c, reason);
      return;
    }
    c.status = CandidateStatus.FAILED;
    c.feasible = false;
    c.failureReason = reason;
  }

  /**
   * A final training's result, into its own row: the candidate's row keeps its search-fidelity
   * metrics. Latency follows the job's source exactly as the candidate's did.
   */
  private void storeFinal(EvaluationResult result, FinalTraining f) {
    SearchJob job = jobs.findById(f.jobId);
    JobSpec spec = Json.read(job.spec, JobSpec.class);
    Candidate c = candidates.findById(f.candidateId);
    f.evaluatorId = result.evaluator() == null ? null : result.evaluator().id();
    f.finishedAt = result.finishedAt();
    f.trainingCurve = Json.write(result.trainingCurve());
    f.timings = result.timings() == null ? null : Json.write(result.timings());
    f.fidelityRun = result.fidelity() == null ? null : Json.write(result.fidelity());
    String elsewhere = measuredElsewhere(result, spec, job);
    boolean again = f.attempts < Evaluations.MAX_ATTEMPTS;
    if (elsewhere != null && result.status() == EvaluationResult.Status.SUCCEEDED) {
      if (again) f.failureReason = elsewhere;
      else fail(f, elsewhere);
    } else if (result.status() == EvaluationResult.Status.SUCCEEDED && result.metrics() != null) {
      Metrics m = targetLatency(result, spec, job, c);
      f.status = CandidateStatus.SUCCEEDED;
      f.failureReason = null;
      f.metrics = Json.write(m);
      f.accuracy = m.accuracy();
      f.testAccuracy = m.testAccuracy();
      f.latencyMs = m.latency().medianMs();
      f.modelBytes = m.modelBytes();
      f.feasible = Feasibility.violation(spec.constraints(), m) == 0;
      f.sensitivity = result.sensitivity() == null ? null : Json.write(result.sensitivity());
      if (result.artifact() != null) {
        f.artifactId =
            persist(
                result.artifact(),
                result.djlArtifact() == null ? ModelFormat.DJL : ModelFormat.ONNX);
        if (result.djlArtifact() != null)
          f.djlArtifactId = persist(result.djlArtifact(), ModelFormat.DJL);
      }
    } else if (result.error() != null && result.error().retriable() && again) {
      f.failureReason = result.error().reason();
    } else {
      fail(f, result.error() == null ? "final training failed" : result.error().reason());
    }
  }

  private static void fail(FinalTraining f, String reason) {
    f.status = CandidateStatus.FAILED;
    f.feasible = false;
    f.failureReason = reason;
  }

  private UUID persist(EvaluationResult.ArtifactRef ref, ModelFormat format) {
    Artifact a = new Artifact();
    a.id = UUID.randomUUID();
    a.uri = ref.uri();
    a.bytes = ref.bytes();
    a.sha256 = ref.sha256();
    a.mediaType = format.mediaType();
    em.persist(a);
    return a.id;
  }

  /**
   * Why a result cannot stand for a job that measures on its own target (it was measured on another
   * target's evaluator: a request sent before the job's source was recorded), or null.
   */
  static String measuredElsewhere(EvaluationResult result, JobSpec spec, SearchJob job) {
    if (job.latencySource != MetricSource.Kind.MEASURED || result.evaluator() == null) return null;
    String on = result.evaluator().hardwareTarget();
    return spec.hardwareTarget().equals(on)
        ? null
        : "measured on a "
            + on
            + " evaluator, but this job measures latency on "
            + spec.hardwareTarget()
            + "; sent again there";
  }

  /**
   * The job's latency, from the source it started with ({@link dev.sculptor.core.job.DeviceRule}):
   * a PREDICTED job's is always its target's model's prediction for the deployed (pruned) network,
   * whichever evaluator measured accuracy and size (even one of the target that came later: one job
   * never mixes sources); a MEASURED job's is what its target's evaluator measured. Jobs started
   * before the source was recorded keep the earlier rule: predicted when measured elsewhere and a
   * model exists; see {@link LatencyTables}.
   */
  private Metrics targetLatency(EvaluationResult result, JobSpec spec, SearchJob job, Candidate c) {
    String measuredOn =
        result.evaluator() == null ? spec.hardwareTarget() : result.evaluator().hardwareTarget();
    if (job.latencySource == MetricSource.Kind.MEASURED) return result.metrics();
    if (job.latencySource == null && spec.hardwareTarget().equals(measuredOn))
      return result.metrics();
    CandidateSpec candidate = Json.read(c.spec, CandidateSpec.class);
    var dataset = datasets.resolve(spec.dataset()).info();
    NetworkSpec network =
        NetworkDecoder.decodePruned(candidate, dataset.shape(), dataset.classes());
    int threads =
        HardwareTargets.byId(spec.hardwareTarget()).map(HardwareTarget::threads).orElse(1);
    // LatencyTables predicts for any "measured on" other than the job's target: name the evaluator
    // itself
    String from = result.evaluator() == null ? measuredOn : "evaluator " + result.evaluator().id();
    return LatencyTables.forJobTarget(
        result.metrics(),
        from,
        spec.hardwareTarget(),
        network,
        candidate.compression().precision(),
        LatencyTables.forTarget(spec.hardwareTarget()),
        threads);
  }
}
