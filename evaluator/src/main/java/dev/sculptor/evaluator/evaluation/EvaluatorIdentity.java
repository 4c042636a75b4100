package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.messaging.EvaluationResult.EvaluatorInfo;
import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.evaluator.measurement.ExecutionProvider;
import dev.sculptor.evaluator.measurement.Gpu;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;

/**
 * This evaluator process as results and heartbeats name it: the target it serves and the hardware
 * it really runs on ({@link CpuModel}, architecture, cores, the intra-op threads it times with),
 * the GPU it times on when it has one, the runtime that times latency and the evaluator's version.
 * {@link #hardware()} is the label every measured number carries, so a number is never shown as
 * another machine's. {@code trainsOn}: for a time-only evaluator, the target whose evaluators train
 * its candidates; null when it trains them itself.
 */
public record EvaluatorIdentity(
    String id,
    String host,
    String hardwareTarget,
    int cores,
    String engine,
    String cpuModel,
    String architecture,
    int threads,
    String runtime,
    String version,
    Gpu gpu,
    String trainsOn) {

  /** This identity as a time-only evaluator whose candidates train on {@code target}'s. */
  public EvaluatorIdentity trainingOn(String target) {
    return new EvaluatorIdentity(
        id,
        host,
        hardwareTarget,
        cores,
        engine,
        cpuModel,
        architecture,
        threads,
        runtime,
        version,
        gpu,
        target);
  }

  /** Whether this evaluator only times models that others trained. */
  public boolean timesOnly() {
    return trainsOn != null;
  }

  /** An identity on this machine's CPU, without the latency runtime (tests, benchmarks). */
  public EvaluatorIdentity(
      String id, String host, String hardwareTarget, int cores, String engine) {
    this(
        id,
        host,
        hardwareTarget,
        cores,
        engine,
        CpuModel.probe(),
        System.getProperty("os.arch"),
        1,
        null,
        evaluatorVersion(),
        null,
        null);
  }

  /** How latency is timed here: on the GPU with CUDA when this evaluator has one, else the CPU. */
  public ExecutionProvider timing() {
    return gpu == null ? ExecutionProvider.CPU : ExecutionProvider.CUDA;
  }

  public EvaluatorInfo info() {
    return new EvaluatorInfo(id, host, hardwareTarget, cores, engine);
  }

  public EvaluatorHeartbeat heartbeat(Instant at) {
    return new EvaluatorHeartbeat(
        id,
        hardwareTarget,
        host,
        cores,
        engine,
        at,
        cpuModel,
        architecture,
        threads,
        runtime,
        version,
        trainsOn);
  }

  /**
   * The hardware a measured number belongs to, e.g. "host-cpu: AMD EPYC 9B14, x86_64, 2 cores (host
   * h1)"; on a GPU its model first: "nvidia-gpu: NVIDIA H200, driver 570.86.15, 143771 MiB; host
   * CPU AMD EPYC 9B14, x86_64, 16 cores (host h1)".
   */
  public String hardware() {
    String cpu = architecture + ", " + cores + " cores (host " + host + ")";
    if (gpu != null)
      return hardwareTarget
          + ": "
          + gpu.label()
          + "; host CPU "
          + (cpuModel == null ? "unknown" : cpuModel)
          + ", "
          + cpu;
    return hardwareTarget + ": " + (cpuModel == null ? "unknown CPU" : cpuModel) + ", " + cpu;
  }

  /** This evaluator's version, from its jar's Maven metadata ("dev" when run from classes). */
  public static String evaluatorVersion() {
    try (InputStream in =
        EvaluatorIdentity.class.getResourceAsStream(
            "/META-INF/maven/dev.sculptor/sculptor-evaluator/pom.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
