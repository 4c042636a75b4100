package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.messaging.Json;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void sizesAndDurationsAsUsersWriteThem() {
    assertThat(Units.parseBytes("10MB")).isEqualTo(10_000_000L);
    assertThat(Units.parseBytes("512 KiB")).isEqualTo(524_288L);
    assertThat(Units.parseBytes("2.5mb")).isEqualTo(2_500_000L);
    assertThat(Units.parseBytes("1234")).isEqualTo(1234L);
    assertThat(Units.parseMillis("50ms")).isEqualTo(50.0);
    assertThat(Units.parseMillis("0.2 s")).isEqualTo(200.0);
    assertThat(Units.parseMillis("100us")).isEqualTo(0.1);
    assertThatThrownBy(() -> Units.parseBytes("10 parsecs"))
        .hasMessageContaining("unknown size unit");
    assertThatThrownBy(() -> Units.parseMillis("-5ms")).hasMessageContaining("is not a duration");
  }

  @Test
  void constraintsAcceptUnitsAndNumbersOnTheWire() {
    Constraints c =
        Json.read(
            "{\"maxModelBytes\":\"10MB\",\"maxLatencyMs\":\"50ms\",\"maxParams\":100000}",
            Constraints.class);
    assertThat(c).isEqualTo(new Constraints(10_000_000L, 50.0, 100_000L, null, null));
    assertThat(
            Json.read("{\"maxModelBytes\":2000000,\"maxLatencyMs\":12.5}", Constraints.class)
                .maxLatencyMs())
        .isEqualTo(12.5);
  }
}
