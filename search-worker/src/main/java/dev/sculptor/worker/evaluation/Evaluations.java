package dev.sculptor.worker.evaluation;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.NamedTeacher;
import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.messaging.SensitivityOnly;
import dev.sculptor.core.messaging.Teacher;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.EarlierStage;
import dev.sculptor.store.candidate.FinalTraining;
import dev.sculptor.store.candidate.FinalTrainingRepository;
import dev.sculptor.store.candidate.TeacherModels;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import dev.sculptor.worker.WorkerSettings;
import dev.sculptor.worker.lease.JobLeases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Candidate rows and evaluation requests. A candidate row is created (PENDING) before its request
 * is sent, once per fingerprint per job; results arrive in the rows through {@link ResultIngest}.
 */
@ApplicationScoped
public class Evaluations {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(Evaluations.class);
  public static final int MAX_ATTEMPTS = 3;

  @Inject KafkaClients kafka;

  @Inject WorkerSettings settings;

  @Inject CandidateRepository candidates;
  @Inject JobDatasets datasets;
  @Inject FinalTrainingRepository finals;
  @Inject JobLeases leases;
  @Inject EvaluatorRepository evaluators;
  @Inject EntityManager em;
  @Inject TeacherModels teacherModels;

  /**
   * A failed send closes its producer, so a request it still buffers cannot go out behind the
   * resend.
   */
  private Publisher requests;

  @PostConstruct
  void init() {
    requests = kafka.publisher(Delivery.STEADY);
  }

  /** The job's stored candidate with this fingerprint, if any (evaluated or still pending). */
  public Optional<Candidate> find(UUID jobId, String fingerprint) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                candidates
                    .find("jobId = ?1 and fingerprint = ?2", jobId, fingerprint)
                    .firstResultOptional());
  }

  /**
   * Stores a new PENDING candidate and sends its evaluation request. The row is stored first and
   * marked sent after: a worker killed in between leaves it unsent, and {@link #resendStale} sends
   * it.
   */
  public UUID submit(
      UUID jobId,
      JobSpec spec,
      CandidateSpec candidate,
      String fingerprint,
      int[] genome,
      int generation) {
    Candidate row = pendingRow(jobId, candidate, fingerprint, genome, generation);
    row.fidelityEpochs = firstStageEpochs(spec);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              leases.fence(jobId);
              candidates.persist(row);
            });
    send(jobId, row, spec, candidate, 1);
    return row.id;
  }

  /**
   * Stores a candidate that is infeasible by construction: never sent, with its computed metrics
   * and the limits it misses.
   */
  public UUID recordInfeasible(
      UUID jobId,
      CandidateSpec candidate,
      String fingerprint,
      int[] genome,
      int generation,
      ConstructionCheck check) {
    Candidate row =
        Candidate.infeasibleByConstruction(
            jobId, fingerprint, generation, Json.write(genome), Json.write(candidate), check);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              leases.fence(jobId);
              candidates.persist(row);
            });
    return row.id;
  }

  /**
   * The epochs a new candidate is first trained for: the short stage under successive halving, else
   * null (the job's {@code fidelity.epochs}).
   */
  public static Integer firstStageEpochs(JobSpec spec) {
    return spec.fidelity().successiveHalving() ? spec.fidelity().firstEpochs() : null;
  }

  /**
   * The fidelity a row's request trains at: the job's, to the row's own epochs when it has them.
   */
  public static Fidelity fidelityOf(JobSpec spec, Candidate row) {
    return row.fidelityEpochs == null
        ? spec.fidelity()
        : spec.fidelity().withEpochs(row.fidelityEpochs);
  }

  /**
   * What a continued row's request continues from (its own first stage's checkpoint), else null.
   */
  public static Continuation continuationOf(Candidate row) {
    if (row.earlierStage == null) return null;
    return new Continuation(row.id, Json.read(row.earlierStage, EarlierStage.class).epochs());
  }

  /**
   * Turns a row that succeeded short of the full epochs, and was never continued, into its
   * continued stage (PENDING, unsent, next attempt, full epochs, first stage kept); false, and the
   * row untouched, for any other row.
   */
  public static boolean continueRow(Candidate row, JobSpec spec) {
    if (row.status != CandidateStatus.SUCCEEDED || row.earlierStage != null) return false;
    int firstEpochs = row.fidelityEpochs == null ? spec.fidelity().epochs() : row.fidelityEpochs;
    if (firstEpochs >= spec.fidelity().epochs()) return false;
    row.earlierStage = Json.write(EarlierStage.of(row, firstEpochs));
    row.status = CandidateStatus.PENDING;
    row.fidelityEpochs = spec.fidelity().epochs();
    row.attempts = row.attempts + 1;
    row.failureReason = null;
    row.sentAt = null; // until it is sent
    return true;
  }

  /**
   * Whether a row may be sent again after this attempt: a continued stage's attempts count from the
   * first stage's last, so it has its own {@value #MAX_ATTEMPTS}.
   */
  public static boolean attemptsLeft(Candidate row) {
    int before =
        row.earlierStage == null ? 0 : Json.read(row.earlierStage, EarlierStage.class).attempts();
    return row.attempts - before < MAX_ATTEMPTS;
  }

  /**
   * Successive halving's second stage: each of these rows that succeeded at its first stage and was
   * never continued keeps that result in {@code earlier_stage}, becomes PENDING again at the job's
   * full epochs under its next attempt number (a fresh key for the evaluator's result log and
   * files), and is sent a request continuing from its own checkpoint. A row continued before (a
   * replay) is left as it is, so nothing is continued twice.
   */
  public void continueCandidates(UUID jobId, JobSpec spec, Collection<UUID> ids) {
    for (UUID id : ids) {
      Candidate continued =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    leases.fence(jobId);
                    Candidate row = candidates.findById(id);
                    return row != null && continueRow(row, spec) ? row : null;
                  });
      if (continued == null) continue;
      LOG.infof(
          "job %s: continuing candidate %s to %d epochs (attempt %d)",
          jobId, id, continued.fidelityEpochs, continued.attempts);
      send(
          jobId,
          continued,
          spec,
          Json.read(continued.spec, CandidateSpec.class),
          continued.attempts);
    }
  }

  /** A new candidate's row: PENDING, first attempt, not sent yet. */
  public static Candidate pendingRow(
      UUID jobId, CandidateSpec candidate, String fingerprint, int[] genome, int generation) {
    Candidate c = new Candidate();
    c.id = UUID.randomUUID();
    c.jobId = jobId;
    c.fingerprint = fingerprint;
    c.generation = generation;
    c.status = CandidateStatus.PENDING;
    c.genome = Json.write(genome);
    c.spec = Json.write(candidate);
    c.attempts = 1;
    c.createdAt = Instant.now();
    return c;
  }

  /**
   * Sends what was never sent (its worker died between storing and sending: same attempt, so an
   * evaluator that did get it answers from its result log instead of evaluating twice), and sends
   * again what got no result in time or failed for a reason retrying can cure, giving up after
   * {@value #MAX_ATTEMPTS} attempts. Only the worker holding the job's lease calls this.
   */
  public void resendStale(UUID jobId, JobSpec spec) {
    Instant stale =
        staleBefore(jobId, spec, Duration.ofSeconds(settings.evaluationTimeoutSeconds()));
    List<Candidate> waiting =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    candidates.list(
                        "jobId = ?1 and status = ?3 and (failureReason is not null or sentAt is"
                            + " null or sentAt < ?2)",
                        jobId,
                        stale,
                        CandidateStatus.PENDING));
    for (Candidate c : waiting) {
      boolean unsent = c.sentAt == null && c.failureReason == null;
      boolean giveUp = !unsent && !attemptsLeft(c);
      int attempt = unsent ? c.attempts : c.attempts + 1;
      boolean resend =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    leases.fence(jobId);
                    Candidate row = candidates.findById(c.id);
                    if (row.status != CandidateStatus.PENDING) return false;
                    if (giveUp) {
                      String reason =
                          "no result after "
                              + MAX_ATTEMPTS
                              + " attempts"
                              + (row.failureReason == null ? "" : ": " + row.failureReason);
                      if (row.earlierStage != null) {
                        keepFirstStage(row, reason);
                      } else {
                        row.status = CandidateStatus.FAILED;
                        row.feasible = false;
                        row.failureReason = reason;
                      }
                      return false;
                    }
                    row.attempts = attempt;
                    row.failureReason = null;
                    row.sentAt = null; // until it is sent
                    return true;
                  });
      if (!resend) continue;
      LOG.infof(
          "job %s: %s candidate %s (attempt %d)",
          jobId, unsent ? "sending the never-sent" : "resending", c.id, attempt);
      send(jobId, c, spec, Json.read(c.spec, CandidateSpec.class), attempt);
    }
  }

  /**
   * A continued stage that cannot succeed leaves the first stage's result in place, labelled with
   * why it was not continued.
   */
  public static void keepFirstStage(Candidate row, String reason) {
    EarlierStage first = Json.read(row.earlierStage, EarlierStage.class);
    first.restore(row);
    row.status = CandidateStatus.SUCCEEDED;
    row.failureReason =
        "continuing to the full epochs failed (" + reason + "); the first stage's result stands";
  }

  /** Rows of these candidates as they are now. */
  public List<Candidate> rows(UUID jobId) {
    return QuarkusTransaction.requiringNew().call(() -> candidates.listByJob(jobId));
  }

  /** The job's dataset: input shape, classes, and how evaluators find it. */
  public JobDatasets.Resolved dataset(String id) {
    return datasets.resolve(id);
  }

  /**
   * Why this target's requests cannot be evaluated now, empty when they can: an evaluator of it is
   * live (its last heartbeat within the live window) and, if it only times, a live evaluator of the
   * target its candidates train on too.
   */
  public Optional<String> deviceWait(String target) {
    return QuarkusTransaction.requiringNew().call(() -> evaluators.whyNot(target));
  }

  /**
   * A request sent before the returned instant and still without a result is sent again. That is
   * {@code timeout} ago, unless the live evaluators of the job's topic delivered a result (of any
   * job) within the timeout: then the queue is moving, and a request without a result is waiting
   * its turn behind other work (another job's final trainings take many minutes each), not lost;
   * sending it again would only have it evaluated twice, and after the last attempt fail a
   * candidate nothing went wrong with. Requests are resent once the target's evaluators have gone a
   * whole timeout without a result (a lost request, an evaluator stuck or gone).
   */
  private Instant staleBefore(UUID jobId, JobSpec spec, Duration timeout) {
    Instant stale = Instant.now().minus(timeout);
    Instant lastResult = lastResultFrom(routeTo(jobId, spec.hardwareTarget()));
    return lastResult != null && lastResult.isAfter(stale) ? Instant.EPOCH : stale;
  }

  /**
   * When the newest result of a live evaluator of {@code target} arrived (a search candidate's or a
   * final training's, any job's), or null.
   */
  Instant lastResultFrom(String target) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<String> live =
                  evaluators.live().stream()
                      .filter(e -> target.equals(e.hardwareTarget))
                      .map(e -> e.id)
                      .toList();
              if (live.isEmpty()) return null;
              Instant candidate =
                  em.createQuery(
                          "select max(c.finishedAt) from Candidate c where c.evaluatorId in ?1",
                          Instant.class)
                      .setParameter(1, live)
                      .getSingleResult();
              Instant training =
                  em.createQuery(
                          "select max(f.finishedAt) from FinalTraining f where f.evaluatorId in ?1",
                          Instant.class)
                      .setParameter(1, live)
                      .getSingleResult();
              if (candidate == null) return training;
              return training == null || candidate.isAfter(training) ? candidate : training;
            });
  }

  /**
   * The device is back after a pause: the evaluation timeout of what was sent before it left counts
   * from now, so those requests (redelivered to the evaluator that is back) are not sent a second
   * time.
   */
  public void restartTimeouts(UUID jobId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              leases.fence(jobId);
              candidates.update(
                  "sentAt = ?1 where jobId = ?2 and status = ?3 and sentAt is not null",
                  Instant.now(),
                  jobId,
                  CandidateStatus.PENDING);
            });
  }

  /**
   * Sends one request and marks the row sent. When the broker is away the row simply stays unsent:
   * {@link #resendStale}, called every few seconds while the job waits, sends it later.
   */
  private void send(UUID jobId, Candidate row, JobSpec spec, CandidateSpec candidate, int attempt) {
    UUID candidateId = row.id;
    if (publish(
        jobId,
        candidateId,
        spec,
        candidate,
        attempt,
        null,
        null,
        fidelityOf(spec, row),
        continuationOf(row))) {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  candidates.update(
                      "sentAt = ?1 where id = ?2 and status = ?3",
                      Instant.now(),
                      candidateId,
                      CandidateStatus.PENDING));
    }
  }

  /**
   * Publishes one request, keyed by {@code candidateId}: a final training's when {@code
   * finalTraining} is set, {@code candidateId} then being the final training's id and {@code
   * retrains} the candidate it trains again. A candidate whose plan has distillation is named its
   * {@link #teacher}. False when the broker did not take it.
   */
  private boolean publish(
      UUID jobId,
      UUID candidateId,
      JobSpec spec,
      CandidateSpec candidate,
      int attempt,
      dev.sculptor.core.job.FinalTraining finalTraining,
      UUID retrains,
      Fidelity fidelity,
      Continuation continues) {
    DatasetRef dataset = datasets.resolve(spec.dataset()).ref();
    MeasurementProtocol protocol = protocol(spec);
    EvaluationRequest request =
        finalTraining == null
            ? new EvaluationRequest(
                    jobId,
                    candidateId,
                    spec.hardwareTarget(),
                    candidate,
                    dataset,
                    fidelity,
                    protocol,
                    spec.seed(),
                    attempt)
                .continuing(continues)
            : EvaluationRequest.finalTraining(
                jobId,
                candidateId,
                retrains,
                spec.hardwareTarget(),
                candidate,
                dataset,
                spec.fidelity(),
                protocol,
                spec.seed(),
                attempt,
                finalTraining);
    if (candidate.compression() != null && candidate.compression().distillation() != null)
      request = request.withTeacher(teacher(jobId, spec.teacher(), request.modelCandidateId()));
    return publish(spec, request);
  }

  private static MeasurementProtocol protocol(JobSpec spec) {
    int threads =
        HardwareTargets.byId(spec.hardwareTarget()).map(HardwareTarget::threads).orElse(1);
    return MeasurementProtocol.defaults(threads);
  }

  /**
   * Sends the sensitivity analysis of {@code row}'s training checkpoint, keyed by {@code
   * analysisId}, where the job's requests go. Nothing is stored here: the analysis's own row is the
   * caller's. False when the broker did not take it; an exception when the job's dataset cannot be
   * named any more (an upload deleted since).
   */
  public boolean sendSensitivityAnalysis(UUID jobId, JobSpec spec, Candidate row, UUID analysisId) {
    EvaluationRequest request =
        new EvaluationRequest(
                jobId,
                analysisId,
                spec.hardwareTarget(),
                Json.read(row.spec, CandidateSpec.class),
                datasets.resolve(spec.dataset()).ref(),
                fidelityOf(spec, row),
                protocol(spec),
                spec.seed(),
                1)
            .withSensitivityOnly(new SensitivityOnly(row.id));
    return publish(spec, request);
  }

  /**
   * Publishes one request, keyed by its {@code candidateId}; false when the broker did not take it.
   */
  private boolean publish(JobSpec spec, EvaluationRequest request) {
    UUID jobId = request.jobId();
    UUID candidateId = request.candidateId();
    try {
      requests.send(
          Topics.evaluate(routeTo(jobId, spec.hardwareTarget())),
          candidateId.toString(),
          Json.write(request));
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      LOG.warnf(
          "job %s: candidate %s not sent yet (%s); it is sent again shortly",
          jobId, candidateId, e.getMessage());
      return false;
    }
    return true;
  }

  /**
   * The teacher a distilled candidate's request names: the one the job names ({@link
   * TeacherModels}: its final model when that succeeded), else the job's most accurate evaluated
   * candidate by validation accuracy, feasible or not, with its stored ONNX model; never the
   * learner itself (a final training learns from the best search model other than its own). Null
   * while no candidate has finished: the request then names none and the evaluator trains on
   * labels.
   */
  Teacher teacher(UUID jobId, NamedTeacher named, UUID learner) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (named != null) {
                Candidate c = candidates.findById(named.candidateId());
                Optional<Artifact> onnx = c == null ? Optional.empty() : teacherModels.onnxOf(c);
                // checked at submit; only a row changed since can leave it without a model
                if (onnx.isEmpty())
                  LOG.warnf(
                      "job %s: the named teacher %s has no ONNX model any more; %s trains on"
                          + " labels",
                      jobId, named.candidateId(), learner);
                return onnx.map(model -> teacherOf(c, model)).orElse(null);
              }
              return candidates
                  .mostAccurateOnnx(jobId, learner)
                  .map(
                      c -> {
                        Artifact onnx = em.find(Artifact.class, c.artifactId);
                        return onnx == null ? null : teacherOf(c, onnx);
                      })
                  .orElse(null);
            });
  }

  private static Teacher teacherOf(Candidate c, Artifact onnx) {
    return new Teacher(c.id, new EvaluationResult.ArtifactRef(onnx.uri, onnx.bytes, onnx.sha256));
  }

  // ---- the final phase: the same life as a candidate's (stored PENDING, sent, resent on timeout),
  // in final_training rows

  /** The job's final trainings, best rank first. */
  public List<FinalTraining> finalRows(UUID jobId) {
    return QuarkusTransaction.requiringNew().call(() -> finals.listByJob(jobId));
  }

  /**
   * Stores a PENDING final training for each chosen front member (rank = position in {@code
   * chosen}) unless the job has final trainings already (a resumed job keeps the ones chosen before
   * its worker died), then sends whatever is unsent. Returns the job's final trainings.
   */
  public List<FinalTraining> startFinal(UUID jobId, JobSpec spec, List<Candidate> chosen) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              leases.fence(jobId);
              if (finals.count("jobId", jobId) > 0) return;
              int rank = 1;
              for (Candidate c : chosen) {
                FinalTraining f = new FinalTraining();
                f.id = UUID.randomUUID();
                f.jobId = jobId;
                f.candidateId = c.id;
                f.rank = rank++;
                f.status = CandidateStatus.PENDING;
                f.attempts = 1;
                f.createdAt = Instant.now();
                finals.persist(f);
              }
            });
    resendStaleFinal(jobId, spec);
    return finalRows(jobId);
  }

  /**
   * As {@link #resendStale} for final trainings, with a timeout {@link
   * dev.sculptor.core.job.FinalTraining#TIME_FACTOR} times longer.
   */
  public void resendStaleFinal(UUID jobId, JobSpec spec) {
    Instant stale =
        staleBefore(
            jobId,
            spec,
            Duration.ofSeconds(
                settings.evaluationTimeoutSeconds()
                    * dev.sculptor.core.job.FinalTraining.TIME_FACTOR));
    List<FinalTraining> waiting =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    finals.list(
                        "jobId = ?1 and status = ?3 and (failureReason is not null or sentAt is"
                            + " null or sentAt < ?2)",
                        jobId,
                        stale,
                        CandidateStatus.PENDING));
    for (FinalTraining f : waiting) {
      boolean unsent = f.sentAt == null && f.failureReason == null;
      boolean giveUp = !unsent && f.attempts >= MAX_ATTEMPTS;
      int attempt = unsent ? f.attempts : f.attempts + 1;
      CandidateSpec candidate =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    leases.fence(jobId);
                    FinalTraining row = finals.findById(f.id);
                    if (row.status != CandidateStatus.PENDING) return null;
                    if (giveUp) {
                      row.status = CandidateStatus.FAILED;
                      row.failureReason =
                          "no result after "
                              + MAX_ATTEMPTS
                              + " attempts"
                              + (row.failureReason == null ? "" : ": " + row.failureReason);
                      return null;
                    }
                    row.attempts = attempt;
                    row.failureReason = null;
                    row.sentAt = null;
                    return Json.read(
                        candidates.findById(row.candidateId).spec, CandidateSpec.class);
                  });
      if (candidate == null) continue;
      LOG.infof(
          "job %s: %s final training %s (attempt %d)",
          jobId, unsent ? "sending" : "resending", f.id, attempt);
      if (publish(
          jobId,
          f.id,
          spec,
          candidate,
          attempt,
          spec.finalTraining(),
          f.candidateId,
          spec.fidelity(),
          null)) {
        QuarkusTransaction.requiringNew()
            .run(
                () ->
                    finals.update(
                        "sentAt = ?1 where id = ?2 and status = ?3",
                        Instant.now(),
                        f.id,
                        CandidateStatus.PENDING));
      }
    }
  }

  /** As {@link #restartTimeouts}, for the final trainings. */
  public void restartFinalTimeouts(UUID jobId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              leases.fence(jobId);
              finals.update(
                  "sentAt = ?1 where jobId = ?2 and status = ?3 and sentAt is not null",
                  Instant.now(),
                  jobId,
                  CandidateStatus.PENDING);
            });
  }

  /**
   * The target whose topic a job's candidates go to, by the latency source the job started with
   * ({@link dev.sculptor.core.job.DeviceRule}): a MEASURED job only ever to its own target's (while
   * none is live the requests wait there, and the search pauses as WAITING_FOR_DEVICE); a PREDICTED
   * job to a live evaluator for accuracy and size (host-cpu's when live; its latency is replaced by
   * the prediction in {@link ResultIngest}), or to host-cpu's topic while none is live.
   */
  String routeTo(UUID jobId, String target) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              @SuppressWarnings("unchecked")
              List<String> source =
                  em.createNativeQuery(
                          "SELECT latency_source FROM search_job WHERE id = ?1", String.class)
                      .setParameter(1, jobId)
                      .getResultList();
              if (source.isEmpty() || !"PREDICTED".equals(source.getFirst())) return target;
              List<String> live = evaluators.liveTargets();
              if (live.isEmpty() || live.contains(JobSpec.DEFAULT_TARGET))
                return JobSpec.DEFAULT_TARGET;
              return live.stream().filter(t -> !t.equals(target)).findFirst().orElse(target);
            });
  }

  void onStop(@Observes ShutdownEvent event) {
    requests.close();
  }
}
