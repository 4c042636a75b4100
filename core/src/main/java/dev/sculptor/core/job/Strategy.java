package dev.sculptor.core.job;

/** Search strategy: the genetic search and two baselines behind the same interface. */
public enum Strategy {
  GENETIC("genetic"),
  RANDOM("random"),
  REGULARIZED_EVOLUTION("regularized-evolution");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String id() {
    return id;
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Strategy of(String id) {
    for (Strategy s : values())
      if (s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id)) return s;
    throw new IllegalArgumentException(
        "unknown strategy '" + id + "'; expected one of genetic, random, regularized-evolution");
  }
}
