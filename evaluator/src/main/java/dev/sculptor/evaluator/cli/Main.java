package dev.sculptor.evaluator.cli;

import ai.djl.engine.Engine;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.runtime.ParentWatch;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.evaluator.EvaluatorSettings;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.consumer.EvaluationLoop;
import dev.sculptor.evaluator.consumer.HealthServer;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.CpuModel;
import dev.sculptor.evaluator.evaluation.Evaluation;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import dev.sculptor.evaluator.evaluation.ModelTiming;
import dev.sculptor.evaluator.measurement.ExecutionProvider;
import dev.sculptor.evaluator.measurement.Gpu;
import dev.sculptor.evaluator.network.ConvolutionCheck;
import dev.sculptor.messaging.KafkaClients;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The evaluator's entry point.
 *
 * <pre>
 *   serve                      consume evaluation requests for its target from Kafka ({@link EvaluatorSettings});
 *                              time-only where this CPU cannot train (a Raspberry Pi 4)
 *   evaluate SPEC.json [--dataset ID|--data PATH] [--epochs N] [--subset N] [--split validation|test]
 *                              evaluate one candidate spec here and print its result as JSON
 *   calibrate [--target T] [--networks N] [--repeats N] [--threads N] [--out FILE] [--samples FILE]
 *                              time random networks here in ONNX Runtime and fit this target's latency model
 * </pre>
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    NativeEnvironment.warnIfMissing();
    try {
      String runtimes = twoOnnxRuntimes(System.getProperty("java.class.path", ""));
      if (runtimes != null) throw new IllegalArgumentException(runtimes);
      EvaluatorSettings settings = EvaluatorSettings.load();
      switch (args[0]) {
        case "serve" -> serve(settings);
        case "evaluate" -> evaluate(settings, List.of(args).subList(1, args.length));
        case "calibrate" -> calibrate(settings, List.of(args).subList(1, args.length));
        default -> {
          usage();
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      // a setting or argument the operator can fix: the reason, not a stack trace
      System.err.println("evaluator: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(EvaluatorSettings settings) throws Exception {
    String target = settings.target();
    if (HardwareTargets.byId(target).isEmpty())
      throw new IllegalArgumentException("SCULPTOR_TARGET: unknown target " + target);
    Gpu gpu = checkServes(target, settings.targetCheck());
    boolean timeOnly = timeOnly(settings, LibtorchCpuCheck.problem());
    if (!timeOnly) {
      String convolution = ConvolutionCheck.problem();
      if (convolution != null) throw new IllegalStateException(convolution);
    }
    int port = settings.httpPort();
    EvaluatorIdentity identity = identity(settings, gpu, timeOnly);
    KafkaClients kafka = KafkaClients.of(settings.kafkaBootstrap());
    FileArtifactStore artifacts = new FileArtifactStore(settings.artifactDir());
    Evaluation evaluation =
        timeOnly
            ? new ModelTiming(identity, artifacts)
            : new CandidateEvaluator(identity, artifacts);
    try (EvaluationLoop loop =
            new EvaluationLoop(
                kafka, identity, evaluation, settings.stateDir(), settings.timeLimit());
        HealthServer health = new HealthServer(port, kafka, loop::health)) {
      Runtime.getRuntime().addShutdownHook(new Thread(loop::close));
      ParentWatch.start(() -> System.exit(0));
      LOG.info(
          "evaluator "
              + identity.id()
              + " serving "
              + target
              + " ("
              + identity.engine()
              + "), health on port "
              + port);
      loop.run();
    }
  }

  private static void evaluate(EvaluatorSettings settings, List<String> args) throws Exception {
    if (args.isEmpty())
      throw new IllegalArgumentException("evaluate needs a candidate spec JSON file");
    CandidateSpec candidate =
        Json.read(Files.readString(Path.of(args.getFirst())), CandidateSpec.class);
    String dataset = option(args, "--dataset", "mnist-10k");
    String path = option(args, "--data", null);
    int epochs = Integer.parseInt(option(args, "--epochs", "2"));
    String subset = option(args, "--subset", null);
    String split = option(args, "--split", "validation");
    String target = settings.target();
    Gpu gpu = checkServes(target, settings.targetCheck());
    checkTrains();
    int threads = HardwareTargets.byId(target).map(t -> t.threads()).orElse(1);
    EvaluationRequest request =
        new EvaluationRequest(
            UUID.randomUUID(),
            UUID.randomUUID(),
            target,
            candidate,
            new DatasetRef(dataset, path),
            new Fidelity(epochs, subset == null ? null : Integer.valueOf(subset), 1),
            new MeasurementProtocol(
                MeasurementProtocol.defaults(threads).warmupRuns(),
                MeasurementProtocol.defaults(threads).timedRuns(),
                threads,
                split),
            Long.parseLong(option(args, "--seed", "42")),
            1);
    Path artifacts = Path.of(option(args, "--out", "."));
    EvaluationResult result =
        new CandidateEvaluator(identity(settings, gpu, false), new FileArtifactStore(artifacts))
            .evaluate(request);
    System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    System.exit(result.status() == EvaluationResult.Status.SUCCEEDED ? 0 : 1);
  }

  private static void calibrate(EvaluatorSettings settings, List<String> args) throws Exception {
    String target = option(args, "--target", settings.target());
    // the fitted model is a CPU kernel plan (OnnxRuntimeCpuPlan); a GPU is measured, never fitted
    if (ExecutionProvider.forTarget(target) != ExecutionProvider.CPU)
      throw new IllegalArgumentException(
          "calibrate fits a CPU latency model; "
              + target
              + " latencies are measured by its evaluator, not predicted");
    int threads =
        Integer.parseInt(
            option(
                args,
                "--threads",
                String.valueOf(HardwareTargets.byId(target).map(t -> t.threads()).orElse(1))));
    int networks = Integer.parseInt(option(args, "--networks", "450"));
    int repeats = Integer.parseInt(option(args, "--repeats", "5"));
    Path out = Path.of(option(args, "--out", "latency-" + target + ".json"));
    Path samples = Path.of(option(args, "--samples", "latency-" + target + "-samples.jsonl"));
    var result =
        dev.sculptor.evaluator.calibration.Calibration.run(
            target,
            InetAddress.getLocalHost().getHostName(),
            Math.min(threads, Runtime.getRuntime().availableProcessors()),
            networks,
            repeats,
            2.0 / 3,
            11,
            System.out::println);
    var model = result.model();
    Files.writeString(
        out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(model) + "\n");
    StringBuilder lines = new StringBuilder();
    for (var s : result.samples()) lines.append(Json.mapper().writeValueAsString(s)).append('\n');
    Files.writeString(samples, lines);
    System.out.printf(
        java.util.Locale.ROOT,
        "wrote %s and %s: held-out median error %.1f%%, %.0f%% within ±10%%, worst %.1f%%%n",
        out,
        samples,
        model.heldOut().medianAbsPercent(),
        100 * model.heldOut().shareWithin10Percent(),
        model.heldOut().maxAbsPercent());
  }

  /**
   * Whether {@code serve} only times models that another target's evaluators trained: where
   * libtorch cannot run here ({@code cannotTrain}, from {@link LibtorchCpuCheck}) unless told never
   * to, or where told to always.
   */
  static boolean timeOnly(EvaluatorSettings settings, String cannotTrain) {
    boolean timeOnly =
        switch (settings.timeOnly()) {
          case ON -> true;
          case AUTO -> cannotTrain != null;
          case OFF -> {
            if (cannotTrain != null)
              throw new IllegalArgumentException(
                  cannotTrain + "; and SCULPTOR_TIME_ONLY=off forbids serving as a time-only one");
            yield false;
          }
        };
    if (!timeOnly) return false;
    String trainOn = settings.trainOn();
    if (HardwareTargets.byId(trainOn).isEmpty())
      throw new IllegalArgumentException("SCULPTOR_TRAIN_ON: unknown target " + trainOn);
    if (trainOn.equals(settings.target()))
      throw new IllegalArgumentException(
          "SCULPTOR_TRAIN_ON="
              + trainOn
              + " is this evaluator's own target: a time-only evaluator's candidates train on"
              + " another target's evaluators");
    LOG.warning(
        (cannotTrain != null ? cannotTrain : "SCULPTOR_TIME_ONLY=on")
            + ". Serving as a time-only evaluator: its candidates train on "
            + trainOn
            + "'s evaluators, and their ONNX models are timed here");
    return true;
  }

  /**
   * {@code gpu}: the GPU {@link #checkServes} found for a GPU target, else null. A time-only
   * evaluator never starts libtorch: its engine is ONNX Runtime alone.
   */
  static EvaluatorIdentity identity(EvaluatorSettings settings, Gpu gpu, boolean timeOnly)
      throws Exception {
    String target = settings.target();
    String host = InetAddress.getLocalHost().getHostName();
    String id = settings.evaluatorId().orElse(host + "-" + ProcessHandle.current().pid());
    String engine =
        timeOnly
            ? "none (time-only: trains on " + settings.trainOn() + ")"
            : "DJL "
                + Engine.getDjlVersion()
                + " / "
                + Engine.getInstance().getEngineName()
                + " "
                + Engine.getInstance().getVersion();
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Math.min(cores, HardwareTargets.byId(target).map(t -> t.threads()).orElse(1));
    String runtime =
        "onnxruntime "
            + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion()
            + (gpu == null
                ? " (CPU execution provider)"
                : " (CUDA execution provider on " + gpu.label() + ")");
    return new EvaluatorIdentity(
        id,
        host,
        target,
        cores,
        engine,
        CpuModel.probe(),
        System.getProperty("os.arch"),
        threads,
        runtime,
        EvaluatorIdentity.evaluatorVersion(),
        gpu,
        timeOnly ? settings.trainOn() : null);
  }

  /**
   * An evaluator serves only a target it is: the architecture must match (host-cpu x86-64,
   * arm-cortex-a72 aarch64 with a Cortex-A72 core), and nvidia-gpu needs the CUDA execution
   * provider (the evaluator built with {@code -Pgpu}) and an NVIDIA GPU. {@code
   * SCULPTOR_TARGET_CHECK=off} lets a test stand an x86 evaluator in for another target; its
   * numbers still name the CPU they were measured on.
   *
   * @return the GPU a GPU target times on, null for a CPU target or a stand-in (which times on its
   *     CPU)
   */
  static Gpu checkServes(String target, boolean check) {
    if (!check) {
      LOG.warning(
          "SCULPTOR_TARGET_CHECK=off: serving "
              + target
              + " on "
              + System.getProperty("os.arch")
              + "; every number names the hardware it was really measured on");
      return null;
    }
    boolean gpuTarget = ExecutionProvider.forTarget(target) == ExecutionProvider.CUDA;
    Optional<Gpu> gpu = gpuTarget ? Gpu.probe() : Optional.empty();
    String why =
        whyNotServed(
            target,
            System.getProperty("os.arch"),
            CpuModel.probe(),
            gpuTarget && ExecutionProvider.CUDA.inThisBuild(),
            gpu);
    if (why != null) throw new IllegalArgumentException("SCULPTOR_TARGET=" + target + ": " + why);
    return gpu.orElse(null);
  }

  /**
   * Why this classpath cannot time anything truly, or null: two ONNX Runtime builds on it (the CPU
   * one and the {@code -Pgpu} one, both left in {@code evaluator/target/lib} by two builds) ship
   * the same classes and native library names, so which one loads is chance, and a GPU evaluator
   * could find no CUDA provider.
   */
  static String twoOnnxRuntimes(String classpath) {
    List<String> jars =
        Arrays.stream(classpath.split(java.io.File.pathSeparator))
            .map(entry -> Path.of(entry).getFileName())
            .filter(java.util.Objects::nonNull)
            .map(Path::toString)
            .filter(name -> name.matches("onnxruntime(_gpu)?-[0-9][^/]*\\.jar"))
            .distinct()
            .sorted()
            .toList();
    if (jars.size() < 2) return null;
    return "two ONNX Runtime builds on the classpath ("
        + String.join(", ", jars)
        + "): an earlier build left one in evaluator/target/lib; delete that folder and build"
        + " again (with -Pgpu for a GPU evaluator)";
  }

  /** Evaluating here trains the candidate: refused where libtorch cannot run at all. */
  private static void checkTrains() {
    String why = LibtorchCpuCheck.problem();
    if (why != null) throw new IllegalArgumentException(why);
  }

  /**
   * Why this machine ({@code cpuModel} as {@link CpuModel} names it) cannot serve {@code target},
   * or null when it can.
   */
  static String whyNotServed(
      String target, String arch, String cpuModel, boolean cudaInBuild, Optional<Gpu> gpu) {
    boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm = arch.equals("aarch64") || arch.equals("arm64");
    return switch (target) {
      case "host-cpu" -> x86 ? null : "host-cpu is an x86-64 target and this machine is " + arch;
      case "arm-cortex-a72" -> {
        if (!arm)
          yield "arm-cortex-a72 needs an aarch64 machine (a Raspberry Pi 4) and this one is "
              + arch;
        // another ARM core (a Raspberry Pi 5, a Graviton) would time the target's jobs elsewhere
        if (cpuModel == null || !cpuModel.contains("Cortex-A72"))
          yield "arm-cortex-a72 needs a Cortex-A72 (a Raspberry Pi 4) and this machine's CPU is "
              + (cpuModel == null ? "unknown" : cpuModel);
        yield null;
      }
      case "nvidia-gpu" -> {
        if (!cudaInBuild)
          yield "nvidia-gpu needs ONNX Runtime's CUDA execution provider, which this evaluator"
              + " build lacks: build it with -Pgpu (see docs/attach-a-device.md)";
        if (gpu.isEmpty())
          yield "nvidia-gpu needs an NVIDIA GPU and nvidia-smi found none on this machine";
        yield null;
      }
      default -> null;
    };
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  private static void usage() {
    System.err.println(
        """
        usage: evaluator serve
               evaluator evaluate SPEC.json [--dataset mnist-10k|synthetic] [--data PATH] [--epochs N] [--subset N]
                                            [--split validation|test] [--seed N] [--out DIR]
               evaluator calibrate [--target host-cpu] [--networks 450] [--repeats 5] [--threads N] [--out FILE]
                                   [--samples FILE]\
        """);
  }
}
