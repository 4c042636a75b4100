package dev.sculptor.bench.search;

import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.messaging.Teacher;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.PrecisionMix;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluates every candidate of {@link ReducedSpace} (or of the {@link CompressionSlice}) once with
 * the product's own evaluator (CandidateEvaluator, the code behind the Kafka loop) and appends one
 * JSON line per candidate to the table. Resumable: rows already in the file are skipped.
 *
 * <p>Arguments: the table file, the epochs, how many mnist-10k training digits (all unless a number
 * is given) and the space ({@code reduced}, the default, or {@code compression}); one fine-tune
 * epoch when pruned or when a technique needs one, seed 1, accuracy on the validation split,
 * batch-1 latency as the {@link MeasurementProtocol} below says. The slice's distilled candidates
 * learn from its teacher ({@link CompressionSlice#teacher}), evaluated first in the same artifact
 * store, as a job's best candidate would be. The settings the committed tables were made with are
 * in bench/search/README.md. Run: bench/search/build-table.sh
 */
public class BuildTable {
  record Row(
      String fingerprint,
      String block,
      int kernel,
      int width,
      String precision,
      double pruning,
      String status,
      Double accuracy,
      Double latencyMs,
      Double latencyCv,
      Long modelBytes,
      Long params,
      Long macs,
      long evaluationMs,
      String reason,
      Double sparsity,
      Double lowRank,
      Boolean distilled,
      Boolean quantisationAware,
      String precisionMix,
      String distillation) {}

  public static void main(String[] args) throws Exception {
    Path table = Path.of(args.length > 0 ? args[0] : "bench/search/table/mobile-cnn-reduced.jsonl");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Integer subset = args.length > 2 && !args[2].equals("all") ? Integer.valueOf(args[2]) : null;
    Files.createDirectories(table.getParent());
    Set<String> done = new HashSet<>();
    if (Files.exists(table))
      for (String line : Files.readAllLines(table))
        if (!line.isBlank()) done.add(Json.read(line, Row.class).fingerprint());
    var evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity(
                "table",
                InetAddress.getLocalHost().getHostName(),
                "host-cpu",
                Runtime.getRuntime().availableProcessors(),
                "DJL"),
            new FileArtifactStore(Files.createTempDirectory("table-artifacts")));
    boolean slice = args.length > 3 && args[3].equals("compression");
    List<CandidateSpec> all =
        slice
            ? CompressionSlice.all().stream().map(CompressionSlice.Entry::candidate).toList()
            : ReducedSpace.all().stream().map(ReducedSpace.Entry::candidate).toList();
    Fidelity fidelity = new Fidelity(epochs, subset, 1);
    // the teacher is evaluated again when its row exists: its model must be in this run's store
    Teacher teacher = null;
    if (slice) {
      UUID id = UUID.randomUUID();
      EvaluationResult taught = evaluator.evaluate(request(all.getFirst(), id, fidelity, null));
      if (taught.status() != EvaluationResult.Status.SUCCEEDED)
        throw new IllegalStateException("the slice's teacher failed: " + taught.error());
      teacher = new Teacher(id, taught.artifact());
    }
    int i = 0;
    for (CandidateSpec candidate : all) {
      i++;
      String fp = Fingerprint.of(candidate);
      if (!done.add(fp)) continue;
      CompressionPlan plan = candidate.compression();
      EvaluationResult r =
          evaluator.evaluate(
              request(
                  candidate,
                  UUID.randomUUID(),
                  fidelity,
                  plan.distillation() == null ? null : teacher));
      var stage = candidate.architecture().stages().getFirst();
      var m = r.metrics();
      double ratio = plan.pruningRatios().isEmpty() ? 0 : plan.pruningRatios().getFirst();
      Row row =
          new Row(
              fp,
              stage.block().name(),
              stage.kernel(),
              stage.width(),
              plan.precision().name(),
              ratio,
              r.status().name(),
              m == null ? null : m.accuracy(),
              m == null ? null : m.latency().medianMs(),
              m == null ? null : m.latency().coefficientOfVariation(),
              m == null ? null : m.modelBytes(),
              m == null ? null : m.params(),
              m == null ? null : m.macs(),
              r.timings().totalMs(),
              r.error() == null ? null : r.error().reason(),
              slice ? plan.sparsity() : null,
              slice ? plan.lowRankRatio() : null,
              slice ? plan.distillation() != null : null,
              slice ? Boolean.TRUE.equals(plan.quantisationAware()) : null,
              slice ? precisionMix(candidate) : null,
              r.fidelity() == null ? null : r.fidelity().distillation());
      Files.writeString(
          table,
          Json.mapper().writeValueAsString(row) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      System.out.printf(
          Locale.ROOT,
          "%d/%d %s %s k%d w%d %s p%.2f s%s r%s d%s q%s %s: %s acc %s lat %s ms, %d ms%n",
          i,
          all.size(),
          fp,
          stage.block(),
          stage.kernel(),
          stage.width(),
          row.precision(),
          ratio,
          row.sparsity(),
          row.lowRank(),
          row.distilled(),
          row.quantisationAware(),
          row.precisionMix(),
          row.status(),
          row.accuracy(),
          row.latencyMs(),
          row.evaluationMs());
    }
  }

  static EvaluationRequest request(
      CandidateSpec candidate, UUID id, Fidelity fidelity, Teacher teacher) {
    return new EvaluationRequest(
            UUID.randomUUID(),
            id,
            "host-cpu",
            candidate,
            DatasetRef.builtIn("mnist-10k"),
            fidelity,
            new MeasurementProtocol(10, 30, 1, "validation"),
            1,
            1)
        .withTeacher(teacher);
  }

  /** Which mix gives the plan's per-layer precisions (the uniform one when it has none). */
  static String precisionMix(CandidateSpec candidate) {
    var plan = candidate.compression();
    var network = CompressionSlice.INSTANCE.network(candidate);
    for (PrecisionMix mix : PrecisionMix.values())
      if (mix.layers(network, plan.precision()).equals(plan.layerPrecisions())) return mix.name();
    return "OTHER";
  }
}
