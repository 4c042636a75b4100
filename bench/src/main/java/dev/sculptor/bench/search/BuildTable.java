package dev.sculptor.bench.search;

import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.space.Fingerprint;
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
 * Evaluates every candidate of {@link ReducedSpace} once with the product's own evaluator
 * (CandidateEvaluator, the code behind the Kafka loop) and appends one JSON line per candidate to
 * the table. Resumable: rows already in the file are skipped.
 *
 * <p>Arguments: the table file, the epochs and how many mnist-10k training digits (all unless a
 * number is given); one fine-tune epoch when pruned, seed 1, accuracy on the validation split,
 * batch-1 latency as the {@link MeasurementProtocol} below says. The settings the committed table
 * was made with are in bench/search/README.md. Run: bench/search/build-table.sh
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
      String reason) {}

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
    List<ReducedSpace.Entry> all = ReducedSpace.all();
    int i = 0;
    for (ReducedSpace.Entry e : all) {
      i++;
      String fp = Fingerprint.of(e.candidate());
      if (!done.add(fp)) continue;
      EvaluationResult r =
          evaluator.evaluate(
              new EvaluationRequest(
                  UUID.randomUUID(),
                  UUID.randomUUID(),
                  "host-cpu",
                  e.candidate(),
                  DatasetRef.builtIn("mnist-10k"),
                  new Fidelity(epochs, subset, 1),
                  new MeasurementProtocol(10, 30, 1, "validation"),
                  1,
                  1));
      var stage = e.candidate().architecture().stages().getFirst();
      var m = r.metrics();
      Row row =
          new Row(
              fp,
              stage.block().name(),
              stage.kernel(),
              stage.width(),
              e.candidate().compression().precision().name(),
              e.ratio(),
              r.status().name(),
              m == null ? null : m.accuracy(),
              m == null ? null : m.latency().medianMs(),
              m == null ? null : m.latency().coefficientOfVariation(),
              m == null ? null : m.modelBytes(),
              m == null ? null : m.params(),
              m == null ? null : m.macs(),
              r.timings().totalMs(),
              r.error() == null ? null : r.error().reason());
      Files.writeString(
          table,
          Json.mapper().writeValueAsString(row) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      System.out.printf(
          Locale.ROOT,
          "%d/%d %s %s k%d w%d %s p%.2f: %s acc %s lat %s ms, %d ms%n",
          i,
          all.size(),
          fp,
          stage.block(),
          stage.kernel(),
          stage.width(),
          row.precision(),
          e.ratio(),
          row.status(),
          row.accuracy(),
          row.latencyMs(),
          row.evaluationMs());
    }
  }
}
