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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The measured sensitivity analyses a job's pruning policy starts from: those of earlier jobs on
 * the same dataset (the final trainings' analyses and those their owners asked for), newest first.
 * Sensitivity depends on the data, so other datasets' analyses are left out; the policy itself
 * records which ones it absorbed, so each counts once however many jobs start.
 */
@ApplicationScoped
public class PolicyPriming {
  private static final Logger LOG = Logger.getLogger(PolicyPriming.class);

  /** The newest analyses read per job start; older ones were absorbed by earlier jobs' starts. */
  static final int NEWEST = 50;

  @Inject EntityManager em;
  @Inject JobDatasets datasets;

  /** One stored analysis: its key, the analysed candidate's spec, the analysis, when it ended. */
  private record Stored(String key, String spec, String sensitivity, Instant finishedAt) {}

  /** Runs inside the caller's transaction. */
  public List<SensitivityPrior.Analysis> analysesFor(UUID jobId, String dataset) {
    List<Stored> rows = new ArrayList<>();
    rows.addAll(
        newest(
            "final:",
            "select f.id, c.spec, f.sensitivity, f.finishedAt from FinalTraining f, Candidate c,"
                + " SearchJob j where f.candidateId = c.id and f.jobId = j.id and f.sensitivity is"
                + " not null and j.dataset = :dataset and j.id <> :job order by f.finishedAt"
                + " desc",
            jobId,
            dataset));
    rows.addAll(
        newest(
            "request:",
            "select s.requestId, c.spec, s.sensitivity, s.finishedAt from CandidateSensitivity s,"
                + " Candidate c, SearchJob j where s.candidateId = c.id and s.jobId = j.id and"
                + " s.sensitivity is not null and j.dataset = :dataset and j.id <> :job order by"
                + " s.finishedAt desc",
            jobId,
            dataset));
    rows.sort(
        Comparator.comparing(
                Stored::finishedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .reversed());
    if (rows.isEmpty()) return List.of();
    DatasetInfo info = datasets.resolve(dataset).info();
    List<SensitivityPrior.Analysis> out = new ArrayList<>();
    for (Stored row : rows.subList(0, Math.min(NEWEST, rows.size()))) {
      try {
        CandidateSpec analysed = Json.read(row.spec(), CandidateSpec.class);
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
                row.key(), layers, Json.read(row.sensitivity(), Sensitivity.class)));
      } catch (RuntimeException e) {
        LOG.warnf("sensitivity analysis %s cannot prime a policy: %s", row.key(), e);
      }
    }
    return out;
  }

  private List<Stored> newest(String prefix, String query, UUID jobId, String dataset) {
    return em
        .createQuery(query, Object[].class)
        .setParameter("dataset", dataset)
        .setParameter("job", jobId)
        .setMaxResults(NEWEST)
        .getResultList()
        .stream()
        .map(r -> new Stored(prefix + r[0], (String) r[1], (String) r[2], (Instant) r[3]))
        .toList();
  }
}
