package dev.sculptor.api.job;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.dataset.DatasetService;
import dev.sculptor.api.outbox.Outbox;
import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.api.quota.SubmitQuotas;
import dev.sculptor.api.quota.TeamSubmitGate;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.BudgetEstimate;
import dev.sculptor.core.job.DeviceRule;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.latency.LatencyTables;
import dev.sculptor.core.messaging.JobCancelRequested;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobSubmitted;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.TeacherModels;
import dev.sculptor.store.dataset.DatasetRepository;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Submitting and cancelling jobs: the row and its outbox message in one transaction. */
@ApplicationScoped
public class JobService {
  @Inject SearchJobRepository jobs;
  @Inject Outbox outbox;
  @Inject MeterRegistry metrics;
  @Inject SubmitQuotas quotas;
  @Inject TeamSubmitGate gate;
  @Inject EvaluatorRepository evaluators;
  @Inject DatasetRepository datasets;
  @Inject DatasetService datasetInfo;
  @Inject CandidateRepository candidates;
  @Inject TeacherModels teacherModels;

  @Inject ApiSettings settings;

  /** The stored job and whether this call created it (false: an idempotent retry). */
  public record Submission(SearchJob job, boolean created) {}

  /**
   * Validates, then stores the job in the team's turn ({@link TeamSubmitGate}). While other submits
   * of the team are in line, an idempotent retry of a stored job and a team already at its quota
   * are answered first, without waiting for the turn.
   */
  public Submission submit(UUID teamId, JobSpec submitted, Optional<String> idempotencyKey) {
    JobSpec spec = checked(teamId, submitted);
    idempotencyKey.ifPresent(
        key -> {
          if (key.isBlank() || key.length() > 200)
            throw ProblemException.field(400, "Idempotency-Key", "must be 1 to 200 characters");
        });
    if (gate.busy(teamId)) {
      // Others of the team are in line: what can be answered without the lock is answered now.
      Optional<Submission> early =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    Optional<Submission> retry = earlier(teamId, spec, idempotencyKey);
                    if (retry.isEmpty()) quotas.checkActiveJobs(teamId);
                    return retry;
                  });
      if (early.isPresent()) return early.get();
    }
    return gate.inTurn(
        teamId,
        () -> QuarkusTransaction.requiringNew().call(() -> store(teamId, spec, idempotencyKey)));
  }

  /**
   * The spec with its defaults filled in, checked as every submit is ({@link JobSpecValidator}, the
   * per-job size quota): a 4xx problem naming each offending field otherwise.
   */
  private JobSpec checked(UUID teamId, JobSpec submitted) {
    if (submitted == null)
      throw ProblemException.field(400, "", "a job spec (JSON object) is required");
    JobSpec spec = submitted.withDefaults();
    List<FieldError> errors =
        JobSpecValidator.validate(
            spec,
            new JobSpecValidator.Limits(settings.maxCandidates(), settings.maxWallClockMinutes()),
            id ->
                DatasetCatalog.uploadedUuid(id).isPresent()
                    && QuarkusTransaction.requiringNew()
                        .call(() -> datasets.findOwned(id, teamId).isPresent()));
    if (errors.isEmpty() && spec.teacher() != null)
      QuarkusTransaction.requiringNew().run(() -> namedTeacher(teamId, spec, errors));
    if (!errors.isEmpty())
      throw new ProblemException(422, "invalid-job-spec", "The job spec is invalid", errors);
    quotas.checkJobSize(spec);
    return spec;
  }

  /**
   * A named teacher is a candidate of one of the team's jobs (another team's is answered as
   * unknown), trained on this job's dataset (its outputs are the same classes), with an ONNX model
   * to teach with ({@link TeacherModels}).
   */
  private void namedTeacher(UUID teamId, JobSpec spec, List<FieldError> errors) {
    String field = "teacher.candidateId";
    UUID id = spec.teacher().candidateId();
    Candidate c = candidates.findById(id);
    Optional<SearchJob> itsJob = c == null ? Optional.empty() : jobs.findOwned(c.jobId, teamId);
    if (itsJob.isEmpty()) {
      errors.add(new FieldError(field, "no candidate of your team has the id " + id));
    } else if (!itsJob.get().dataset.equals(spec.dataset())) {
      errors.add(
          new FieldError(
              field,
              "was trained on dataset '"
                  + itsJob.get().dataset
                  + "', not this job's '"
                  + spec.dataset()
                  + "'"));
    } else if (teacherModels.onnxOf(c).isEmpty()) {
      errors.add(
          new FieldError(
              field,
              "has no ONNX model to teach with (status "
                  + c.status
                  + "; candidates evaluated before the ONNX export have none)"));
    }
  }

  /**
   * What submitting this spec now would mean, without storing anything: the same checks and
   * refusals as {@link #submit} (the team's count of active jobs and idempotency aside, which
   * depend on the moment of the submit), then the budget estimated by core's rules and where
   * latencies would come from.
   */
  public JobPreview preview(UUID teamId, JobSpec submitted) {
    JobSpec spec = checked(teamId, submitted);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<EvaluatorRecord> live = evaluators.live();
              DeviceRule.Outcome plan =
                  deviceOutcome(spec, live.stream().map(e -> e.hardwareTarget).toList());
              List<EvaluatorRecord> ofTarget =
                  live.stream()
                      .filter(e -> e.hardwareTarget.equals(spec.hardwareTarget()))
                      .toList();
              DatasetInfo dataset =
                  datasetInfo
                      .info(teamId, spec.dataset())
                      .orElseThrow(
                          () -> ProblemException.field(422, "dataset", "no longer exists"));
              BudgetEstimate estimate =
                  BudgetEstimate.of(spec, dataset.trainExamples(), ofTarget.size());
              Double error =
                  LatencyTables.forTarget(spec.hardwareTarget())
                      .map(m -> m.heldOut() == null ? null : m.heldOut().medianAbsPercent())
                      .orElse(null);
              var latency =
                  new JobPreview.Latency(
                      plan,
                      spec.hardwareTarget(),
                      ofTarget.stream().map(JobService::described).toList(),
                      error);
              return new JobPreview(
                  spec,
                  estimate,
                  quotas.candidateEpochsPerJob(),
                  latency,
                  warnings(spec, estimate, plan, live));
            });
  }

  /** A live evaluator as the preview names it: its CPU, and where a time-only one's train. */
  private static String described(EvaluatorRecord e) {
    return (e.cpuModel != null ? e.cpuModel : e.host)
        + (e.trainsOn != null ? ", times only: its candidates train on " + e.trainsOn : "");
  }

  private static List<JobPreview.Warning> warnings(
      JobSpec spec, BudgetEstimate estimate, DeviceRule.Outcome plan, List<EvaluatorRecord> live) {
    List<JobPreview.Warning> warnings = new ArrayList<>();
    // the target's evaluators are live but only time, and nothing trains for them: it would pause
    if (plan == DeviceRule.Outcome.MEASURED)
      EvaluatorRepository.whyNot(spec.hardwareTarget(), live)
          .ifPresent(
              why ->
                  warnings.add(
                      new JobPreview.Warning(
                          "device-cannot-evaluate-yet",
                          "hardwareTarget",
                          why
                              + ": the job would start and wait as WAITING_FOR_DEVICE until one"
                              + " is")));
    String deviceNote =
        HardwareTargets.byId(spec.hardwareTarget()).map(t -> t.deviceNote()).orElse(null);
    if (plan == DeviceRule.Outcome.WAIT && deviceNote != null) {
      warnings.add(
          new JobPreview.Warning(
              "device-may-not-come",
              "latencyPolicy",
              "the job would wait for an evaluator of "
                  + spec.hardwareTarget()
                  + ", but "
                  + deviceNote
                  + (LatencyTables.forTarget(spec.hardwareTarget()).isPresent()
                      ? "; without wait-for-device its latencies are predicted"
                      : "")));
    }
    FinalTraining finalTraining = spec.finalTraining();
    if (finalTraining.enabled() && finalTraining.fineTuneEpochs() == 0) {
      // the search chose these members fine-tuned after pruning; untuned, they are other networks
      warnings.add(
          new JobPreview.Warning(
              "final-models-not-fine-tuned",
              "finalTraining.fineTuneEpochs",
              "with 0 fine-tuning epochs, a final model whose plan prunes channels is pruned"
                  + " after its training and never trained again: it can be far less accurate"
                  + " than its search model (the download is the final model)"));
    }
    int asked = spec.budget().maxCandidates();
    if (estimate.limitedByWallClock()) {
      warnings.add(
          new JobPreview.Warning(
              "wall-clock-ends-search",
              "budget.maxWallClockMinutes",
              "the wall-clock limit ends the"
                  + " search first: only about "
                  + estimate.candidates()
                  + " of "
                  + asked
                  + " candidates fit"));
    } else if (estimate.candidates() < asked) {
      warnings.add(
          new JobPreview.Warning(
              "generations-end-search",
              "budget.generations",
              spec.budget().generations()
                  + " generations of "
                  + estimate.populationSize()
                  + " evaluate at most "
                  + estimate.candidates()
                  + " of "
                  + asked
                  + " candidates"));
    }
    return warnings;
  }

  /**
   * Under the team's row lock, so the idempotency lookup and the active-jobs count see every
   * earlier submit, also those of other replicas.
   */
  private Submission store(UUID teamId, JobSpec spec, Optional<String> idempotencyKey) {
    quotas.lockTeam(teamId);
    Optional<Submission> retry = earlier(teamId, spec, idempotencyKey);
    if (retry.isPresent()) return retry.get();
    refuseWithoutDevice(spec);
    quotas.checkActiveJobs(teamId);
    SearchJob job = new SearchJob();
    job.id = UUID.randomUUID();
    job.teamId = teamId;
    job.name = spec.name();
    job.status = JobStatus.QUEUED;
    job.spec = Json.write(spec);
    job.hardwareTarget = spec.hardwareTarget();
    job.dataset = spec.dataset();
    job.strategy = spec.strategy().id();
    job.maxCandidates = spec.budget().maxCandidates();
    job.idempotencyKey = idempotencyKey.orElse(null);
    job.createdAt = Instant.now();
    job.updatedAt = job.createdAt;
    jobs.persist(job);
    outbox.add(
        Topics.JOBS, job.id.toString(), new JobSubmitted(job.id, teamId, spec, job.createdAt));
    metrics.counter("sculptor.jobs.submitted", "target", spec.hardwareTarget()).increment();
    return new Submission(job, true);
  }

  /**
   * The job an earlier submit with this Idempotency-Key stored (409 if it was for another spec).
   */
  private Optional<Submission> earlier(UUID teamId, JobSpec spec, Optional<String> idempotencyKey) {
    if (idempotencyKey.isEmpty()) return Optional.empty();
    Optional<SearchJob> earlier =
        jobs.find("teamId = ?1 and idempotencyKey = ?2", teamId, idempotencyKey.get())
            .firstResultOptional();
    if (earlier.isEmpty()) return Optional.empty();
    if (!Json.read(earlier.get().spec, JobSpec.class).withDefaults().equals(spec)) {
      throw new ProblemException(
          409,
          "idempotency-key-reused",
          "This Idempotency-Key was used for a different job",
          List.of(
              new FieldError(
                  "Idempotency-Key",
                  "already used by job " + earlier.get().id + " with another spec")));
    }
    return Optional.of(new Submission(earlier.get(), false));
  }

  /**
   * The device rule at submit ({@link DeviceRule}): a job whose target has no live evaluator and no
   * latency model is refused, unless it asked to wait for one. (A retried submit finds its job
   * above before this check, so a device that left since does not refuse a job that exists.)
   */
  private void refuseWithoutDevice(JobSpec spec) {
    boolean model = LatencyTables.forTarget(spec.hardwareTarget()).isPresent();
    // Live evaluators can only turn a refusal into a start: look them up only when it matters.
    if (DeviceRule.decide(spec.hardwareTarget(), spec.latencyPolicy(), List.of(), model)
        != DeviceRule.Outcome.REFUSE) return;
    deviceOutcome(spec, evaluators.liveTargets());
  }

  /**
   * The device rule's outcome for the spec with these targets live; a refusal is the 422 that names
   * the target.
   */
  private static DeviceRule.Outcome deviceOutcome(JobSpec spec, List<String> liveTargets) {
    boolean model = LatencyTables.forTarget(spec.hardwareTarget()).isPresent();
    DeviceRule.Outcome outcome =
        DeviceRule.decide(spec.hardwareTarget(), spec.latencyPolicy(), liveTargets, model);
    if (outcome == DeviceRule.Outcome.REFUSE) {
      throw new ProblemException(
          422,
          "no-device-for-target",
          "No evaluator attached and no latency model for " + spec.hardwareTarget(),
          List.of(new FieldError("hardwareTarget", DeviceRule.refusal(spec.hardwareTarget()))));
    }
    return outcome;
  }

  @Transactional
  public SearchJob cancel(UUID teamId, UUID jobId) {
    SearchJob job =
        jobs.findOwned(jobId, teamId).orElseThrow(() -> ProblemException.notFound("job"));
    if (job.status.isTerminal()) {
      throw new ProblemException(
          409, "job-finished", "The job has already finished (" + job.status + ")", List.of());
    }
    Instant now = Instant.now();
    job.cancelRequested = true;
    job.updatedAt = now;
    if (job.status == JobStatus.QUEUED) {
      // Nobody runs it yet: it ends here; the worker skips cancelled jobs it is handed later.
      job.status = JobStatus.CANCELLED;
      job.finishedAt = now;
      outbox.add(
          Topics.EVENTS,
          job.id.toString(),
          new JobEvent(
              job.id,
              JobEvent.Type.STATUS,
              JobStatus.CANCELLED,
              job.progress(),
              "cancelled before it started",
              now));
    }
    outbox.add(Topics.JOBS, job.id.toString(), new JobCancelRequested(job.id, now));
    return job;
  }
}
