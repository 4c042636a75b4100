package dev.sculptor.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Describes the job-spec records of core (which carry no framework annotations) in the OpenAPI
 * document: every field with what it means, its unit and an example.
 */
public class JobSpecDocumentation implements OASFilter {
  /** schema → field → {description, example}. */
  static final Map<String, Map<String, String[]>> FIELDS =
      Map.of(
          "JobSpec",
              Map.ofEntries(
                  Map.entry(
                      "name",
                      new String[] {"A name for people", "digits under 10MB / 50ms on ARM"}),
                  Map.entry(
                      "dataset",
                      new String[] {
                        "Dataset id: a built-in (mnist-10k, synthetic) or the team's upload"
                            + " ds-<uuid> (GET /api/v1/datasets); default mnist-10k",
                        "mnist-10k"
                      }),
                  Map.entry(
                      "searchSpace",
                      new String[] {
                        "Search space id (GET /api/v1/search-spaces); default mobile-cnn",
                        "mobile-cnn"
                      }),
                  Map.entry(
                      "hardwareTarget",
                      new String[] {
                        "Hardware target id (GET /api/v1/hardware); default host-cpu",
                        "arm-cortex-a72"
                      }),
                  Map.entry(
                      "objectives",
                      new String[] {
                        "What the search optimises: two or three distinct objectives of"
                            + " MAXIMIZE_ACCURACY, MINIMIZE_LATENCY, MINIMIZE_SIZE,"
                            + " MINIMIZE_PARAMS and MINIMIZE_MACS (otherwise 422 naming"
                            + " objectives). Dominance, the front and the hypervolume (an area"
                            + " with two, a volume with three) are kept over exactly these;"
                            + " limits in constraints apply whatever is chosen. Default"
                            + " MAXIMIZE_ACCURACY, MINIMIZE_LATENCY, MINIMIZE_SIZE",
                        "[\"MAXIMIZE_ACCURACY\",\"MINIMIZE_SIZE\"]"
                      }),
                  Map.entry(
                      "compressionTechniques",
                      new String[] {
                        "Compression techniques the search may choose beyond structured channel"
                            + " pruning and one weight precision (which it always chooses):"
                            + " SPARSITY (unstructured magnitude sparsity 0.5/0.75/0.9 reached"
                            + " while fine-tuning), LOW_RANK (dense layers and 1x1 convs factorised"
                            + " at rank ratio 0.5/0.25/0.125), DISTILLATION (from the job's most"
                            + " accurate candidate so far or the named teacher, temperature 2/4/8,"
                            + " soft-loss weight 0.5/0.9), QUANTISATION_AWARE_TRAINING (int8"
                            + " candidates fine-tuned with fake quantisation) and MIXED_PRECISION"
                            + " (per-layer precisions for int8 candidates). Each named technique"
                            + " adds its genes to the search; one left out stays off in every"
                            + " candidate. Distinct names (otherwise 422 naming"
                            + " compressionTechniques); default none",
                        "[\"SPARSITY\",\"LOW_RANK\"]"
                      }),
                  Map.entry(
                      "teacher",
                      new String[] {
                        "With DISTILLATION: the candidate whose model every distilled candidate"
                            + " learns from, instead of the job's most accurate candidate so far."
                            + " A candidate of one of the team's earlier jobs on the same dataset"
                            + " with an ONNX model; its final model teaches when its final training"
                            + " succeeded, else its search model. Anything else is a 422 naming"
                            + " teacher or teacher.candidateId; optional",
                        "{\"candidateId\": \"0b6f4c2e-5d1a-4e8b-9a57-3c2d1e0f9a84\"}"
                      }),
                  Map.entry(
                      "strategy",
                      new String[] {
                        "genetic (default; with the RL pruning policy), random or"
                            + " regularized-evolution",
                        "genetic"
                      }),
                  Map.entry(
                      "latencyPolicy",
                      new String[] {
                        "When no evaluator of hardwareTarget is attached: predict-or-refuse"
                            + " (default) predicts latency from the target's latency model"
                            + " (accuracy and size from any evaluator; every latency labelled"
                            + " PREDICTED), and without a model the submit is refused with 422"
                            + " naming hardwareTarget; wait-for-device keeps the job QUEUED until"
                            + " an evaluator of the target is attached, so every latency is"
                            + " MEASURED on it. Either way a job started on its target's evaluators"
                            + " pauses as WAITING_FOR_DEVICE while none is live, and never measures"
                            + " elsewhere",
                        "wait-for-device"
                      }),
                  Map.entry(
                      "seed",
                      new String[] {
                        "Same spec and seed give the same sequence of candidates; default 42", "42"
                      }),
                  Map.entry(
                      "constraints",
                      new String[] {
                        "Hard limits a candidate must meet to be on the front",
                        "{\"maxModelBytes\": \"10MB\", \"maxLatencyMs\": \"50ms\"}"
                      }),
                  Map.entry(
                      "budget",
                      new String[] {
                        "How much search the job may spend",
                        "{\"maxCandidates\": 24, \"maxWallClockMinutes\": 30}"
                      }),
                  Map.entry(
                      "fidelity",
                      new String[] {
                        "How hard each candidate is trained",
                        "{\"epochs\": 2, \"fineTuneEpochs\": 1}"
                      }),
                  Map.entry(
                      "finalTraining",
                      new String[] {
                        "The final phase (FINALIZING): once the search ends, its best feasible"
                            + " front members are trained again at full fidelity, compressed as"
                            + " planned, re-measured and evaluated once on the test split; default"
                            + " 3 candidates, {\"candidates\": 0} turns it off",
                        "{\"candidates\": 3, \"epochs\": 15}"
                      })),
          "FinalTraining",
              Map.of(
                  "candidates",
                      new String[] {
                        "Most accurate feasible front members to train finally, 0-10; default 3; 0:"
                            + " no final phase",
                        "3"
                      },
                  "epochs",
                      new String[] {
                        "Epochs over the whole train split, one-cycle learning rate; 1-100, default"
                            + " 15",
                        "15"
                      },
                  "fineTuneEpochs",
                      new String[] {
                        "Fine-tune epochs after pruning, on a new one-cycle schedule, 0-20;"
                            + " default: the same as epochs",
                        "15"
                      },
                  "patience",
                      new String[] {
                        "Early stopping: epochs without a better validation accuracy, counted in"
                            + " the last third of the training or fine-tune only, 0-100 (0: off);"
                            + " default 4",
                        "4"
                      },
                  "shiftPixels",
                      new String[] {
                        "Random image shifts of up to this many pixels, 0-4; default 2", "2"
                      },
                  "rotationDegrees",
                      new String[] {
                        "Random image rotations of up to this many degrees either way, 0-30;"
                            + " default 0",
                        "0"
                      },
                  "zoomPercent",
                      new String[] {
                        "Random image scaling by up to this percentage either way, 0-30; default"
                            + " 0",
                        "0"
                      }),
          "Constraints",
              Map.of(
                  "maxModelBytes",
                      new String[] {
                        "Largest downloadable model: bytes, or a size with a unit (B, KB, MB, GB,"
                            + " KiB, MiB, GiB)",
                        "\"10MB\""
                      },
                  "maxLatencyMs",
                      new String[] {
                        "Slowest batch-1 latency on the target: milliseconds, or with a unit (ms,"
                            + " s, us)",
                        "\"50ms\""
                      },
                  "maxParams", new String[] {"Most parameters (optional)", "1000000"},
                  "maxMacs",
                      new String[] {"Most multiply-accumulates per image (optional)", "50000000"},
                  "maxPeakMemoryBytes",
                      new String[] {
                        "Largest activation memory at batch 1 (optional; units as for sizes)",
                        "\"2MB\""
                      },
                  "minAccuracy",
                      new String[] {
                        "Lowest accuracy a feasible candidate may have, as a fraction (optional):"
                            + " judged on the validation split during the search; the final phase"
                            + " reports the test accuracy",
                        "0.98"
                      }),
          "Budget",
              Map.of(
                  "maxCandidates",
                      new String[] {
                        "Candidates to evaluate; default 24, at most the server's maximum", "24"
                      },
                  "maxWallClockMinutes", new String[] {"Stop after this long; default 30", "30"},
                  "generations", new String[] {"Stop after this many generations (optional)", "10"},
                  "populationSize",
                      new String[] {
                        "Candidates per generation (optional; default from the budget)", "8"
                      },
                  "plateauGenerations",
                      new String[] {
                        "Stop early once the front's hypervolume has not improved (by more than"
                            + " 0.1%) for this many generations in a row (optional; off by"
                            + " default)",
                        "5"
                      }),
          "Fidelity",
              Map.of(
                  "epochs", new String[] {"Training epochs per candidate; default 2", "2"},
                  "trainSubset",
                      new String[] {"Train on only the first N examples (optional)", "2000"},
                  "fineTuneEpochs", new String[] {"Fine-tune epochs after pruning; default 1", "1"},
                  "schedule",
                      new String[] {
                        "fixed (default): every candidate trains all epochs. successive-halving:"
                            + " each new candidate trains firstEpochs first; only the best keep"
                            + " share of its generation (constrained dominance) continues from its"
                            + " checkpoint to epochs, the rest keep their short result, labelled"
                            + " as such",
                        "successive-halving"
                      },
                  "firstEpochs",
                      new String[] {
                        "successive-halving only: epochs of the short first stage, at least 1 and"
                            + " below epochs; default 1",
                        "1"
                      },
                  "keep",
                      new String[] {
                        "successive-halving only: share of each generation continued to the full"
                            + " epochs, above 0 and below 1; default 0.5",
                        "0.5"
                      }));

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) return;
    FIELDS.forEach(
        (schemaName, fields) -> {
          Schema schema = openAPI.getComponents().getSchemas().get(schemaName);
          if (schema == null || schema.getProperties() == null) return;
          fields.forEach(
              (field, doc) -> {
                Schema property = schema.getProperties().get(field);
                if (property == null) return;
                property.setDescription(doc[0]);
                property.setExample(doc[1]);
              });
        });
  }
}
