package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageContractTest {

  @Test
  void jobMessagesRoundTripWithTheirTypeName() {
    JobSpec spec =
        new JobSpec("digits", null, null, "arm-cortex-a72",
                new Constraints(10_000_000L, 50.0, null, null, null), null,
                new Budget(12, 10, null, null, 3), Strategy.RANDOM, null, 7L)
            .withDefaults();
    JobMessage sent = new JobSubmitted(UUID.randomUUID(), UUID.randomUUID(), spec, Instant.now());

    String json = Json.write(sent);
    JobMessage back = Json.read(json, JobMessage.class);

    assertThat(json).contains("\"type\":\"JobSubmitted\"").contains("\"strategy\":\"random\"");
    assertThat(back).isEqualTo(sent);
    assertThat(((JobSubmitted) back).spec().dataset()).isEqualTo("mnist-10k");
  }

  @Test
  void fingerprintIsStableAndSeparatesDifferentCandidates() {
    CandidateSpec a = candidate(16);
    CandidateSpec b = candidate(24);

    assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(candidate(16))).hasSize(32);
    assertThat(Fingerprint.of(a)).isNotEqualTo(Fingerprint.of(b));
  }

  private static CandidateSpec candidate(int width) {
    return new CandidateSpec(
        new ArchitectureSpec(8, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, width, 1, 1)), Activation.RELU, 0),
        new CompressionPlan(Precision.INT8, List.of(0.0, 0.25)),
        TrainingRecipe.defaults());
  }
}
