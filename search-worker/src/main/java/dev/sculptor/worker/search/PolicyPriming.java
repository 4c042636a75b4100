package dev.sculptor.worker.search;

import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.worker.evaluation.JobDatasets;
import dev.sculptor.worker.policy.SensitivityPrior;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The measured sensitivity analyses a job's pruning policy starts from: those of earlier jobs on
 * the same dataset (the final trainings' analyses), newest first. Sensitivity depends on the data,
 * so other datasets' analyses are left out; the policy itself records which ones it absorbed, so
 * each counts once however many jobs start.
 */
@ApplicationScoped
public class PolicyPriming {
  private static final Logger LOG = Logger.getLogger(PolicyPriming.class);

  /** The newest analyses read per job start; older ones were absorbed by earlier jobs' starts. */
  static final int NEWEST = 50;

  @Inject EntityManager em;
  @Inject JobDatasets datasets;

  /** Runs inside the caller's transaction. */
  public List<SensitivityPrior.Analysis> analysesFor(UUID jobId, String dataset) {
    List<Object[]> rows =
        em.createQuery(
                "select f.id, c.spec, f.sensitivity from FinalTraining f, Candidate c, SearchJob j"
                    + " where f.candidateId = c.id and f.jobId = j.id and f.sensitivity is not null"
                    + " and j.dataset = :dataset and j.id <> :job order by f.finishedAt desc",
                Object[].class)
            .setParameter("dataset", dataset)
            .setParameter("job", jobId)
            .setMaxResults(NEWEST)
            .getResultList();
    if (rows.isEmpty()) return List.of();
    DatasetInfo info = datasets.resolve(dataset).info();
    List<SensitivityPrior.Analysis> out = new ArrayList<>();
    for (Object[] row : rows) {
      try {
        CandidateSpec analysed = Json.read((String) row[1], CandidateSpec.class);
        // the analysis is of the full-width network, before the candidate's own compression
        var layers =
            NetworkDecoder.decode(
                    new CandidateSpec(
                        analysed.architecture(), CompressionPlan.none(), analysed.training()),
                    info.shape(),
                    info.classes())
                .prunableLayers();
        out.add(
            SensitivityPrior.of(
                "final:" + row[0], layers, Json.read((String) row[2], Sensitivity.class)));
      } catch (RuntimeException e) {
        LOG.warnf(
            "final training %s: its sensitivity analysis cannot prime a policy: %s", row[0], e);
      }
    }
    return out;
  }
}
