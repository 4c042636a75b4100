package dev.sculptor.api.quota;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.job.BudgetEstimate;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.store.team.TeamRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * What one team may have the service do: how many jobs it may have queued or running at once, and
 * how much training one job may ask for. The same limits apply to every team.
 */
@ApplicationScoped
public class SubmitQuotas {
  /**
   * How long a submit waits for its team's lock held elsewhere (this replica lets one in at a
   * time).
   */
  static final long LOCK_WAIT_MS = 5_000;

  @Inject TeamRepository teams;
  @Inject SearchJobRepository jobs;

  @Inject ApiSettings settings;

  /** The most candidate-epochs one job may ask for. */
  public long candidateEpochsPerJob() {
    return settings.quota().candidateEpochsPerJob();
  }

  /**
   * 422 naming {@code budget.maxCandidates} if the job trains more candidate-epochs than one job
   * may.
   */
  public void checkJobSize(JobSpec spec) {
    long perCandidate = BudgetEstimate.epochsPerCandidate(spec.fidelity());
    long total = BudgetEstimate.candidateEpochs(spec);
    long candidateEpochsPerJob = settings.quota().candidateEpochsPerJob();
    if (total <= candidateEpochsPerJob) return;
    throw new ProblemException(
        422,
        "job-over-quota",
        "The job asks for more training than one job may",
        List.of(
            new FieldError(
                "budget.maxCandidates",
                "maxCandidates × (fidelity.epochs + fidelity.fineTuneEpochs) is "
                    + spec.budget().maxCandidates()
                    + " × "
                    + perCandidate
                    + " = "
                    + total
                    + " candidate-epochs; the quota"
                    + " sculptor.quota.candidate-epochs-per-job allows "
                    + candidateEpochsPerJob
                    + ": at most "
                    + candidateEpochsPerJob / perCandidate
                    + " candidates at these epochs")));
  }

  /**
   * Takes the team's submit lock for the rest of the transaction: the team's submits run one at a
   * time, so the idempotency lookup and the active-jobs count that follow see every earlier submit.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void lockTeam(UUID teamId) {
    boolean found;
    try {
      found = teams.lockForSubmit(teamId, LOCK_WAIT_MS);
    } catch (PersistenceException e) {
      if (!lockNotAvailable(e)) throw e;
      throw TeamSubmitGate.busy(
          "the team's submits on other replicas held its lock for over " + LOCK_WAIT_MS + " ms", 1);
    }
    if (!found) throw ProblemException.notFound("team");
  }

  private static boolean lockNotAvailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) return true;
    }
    return false;
  }

  /** 429 with Retry-After if the team already has its quota of queued and running jobs. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void checkActiveJobs(UUID teamId) {
    long active = jobs.countActive(teamId);
    int activeJobs = settings.quota().activeJobs();
    if (active >= activeJobs) {
      throw new QuotaExceededException(
          "active-jobs",
          activeJobs,
          "the team has "
              + active
              + " jobs queued or running"
              + " and its quota sculptor.quota.active-jobs is "
              + activeJobs
              + "; submit again when one has ended, or cancel one");
    }
  }
}
