package dev.sculptor.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.messaging.consumer.FailurePolicy.DeadLetterIt;
import dev.sculptor.messaging.consumer.FailurePolicy.Retry;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The loop's decisions for a failing record, without a broker. */
class FailurePolicyTest {
  final FailurePolicy policy = new FailurePolicy(Backoff.DEFAULT, 3, Failures::classify);

  @Test
  void anInfrastructureFailureIsRetriedWithADoublingWaitUpToThirtySecondsAndNeverGivenUp() {
    var failure =
        new IllegalStateException(
            "transaction failed",
            new SQLTransientConnectionException("connection refused", "08001"));
    assertThat(policy.decide(failure, 1))
        .isEqualTo(new Retry(Duration.ofMillis(500), failure.toString()));
    assertThat(((Retry) policy.decide(failure, 2)).delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(((Retry) policy.decide(failure, 7)).delay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.decide(failure, 1_000)).isInstanceOf(Retry.class);
  }

  @Test
  void aPoolTimeoutAKafkaTimeoutAndAnExplicitInfrastructureFailureAreAllRetried() {
    assertThat(
            Failures.classify(
                new RuntimeException(new SQLException("Sorry, acquisition timeout!"))))
        .isEqualTo(FailureKind.INFRASTRUCTURE);
    assertThat(Failures.classify(new TimeoutException("no broker")))
        .isEqualTo(FailureKind.INFRASTRUCTURE);
    assertThat(Failures.classify(new InfrastructureFailure("down", null)))
        .isEqualTo(FailureKind.INFRASTRUCTURE);
  }

  @Test
  void aMalformedMessageIsDeadLetteredAtOnceWithItsReason() {
    assertThat(policy.decide(new RejectedMessage("required field 'jobId' is missing"), 1))
        .isEqualTo(new DeadLetterIt("required field 'jobId' is missing"));
    var notJson =
        new UncheckedIOException(
            new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character"));
    assertThat(policy.decide(notJson, 1)).isInstanceOf(DeadLetterIt.class);
    assertThat(Failures.classify(new RuntimeException(new SQLException("duplicate key", "23505"))))
        .isEqualTo(FailureKind.MALFORMED);
  }

  @Test
  void anUnrecognisedFailureIsRetriedAFewTimesThenDeadLettered() {
    var bug = new NullPointerException("spec");
    assertThat(policy.decide(bug, 1)).isInstanceOf(Retry.class);
    assertThat(policy.decide(bug, 2)).isInstanceOf(Retry.class);
    assertThat(policy.decide(bug, 3))
        .isEqualTo(
            new DeadLetterIt("handler failed 3 times: java.lang.NullPointerException: spec"));
  }

  @Test
  void anExplicitVerdictOutsideWinsOverWhatItWraps() {
    assertThat(
            Failures.classify(new RejectedMessage("bad", new SQLTransientConnectionException("x"))))
        .isEqualTo(FailureKind.MALFORMED);
    assertThat(Failures.classify(new InfrastructureFailure("down", new RejectedMessage("bad"))))
        .isEqualTo(FailureKind.INFRASTRUCTURE);
  }
}
