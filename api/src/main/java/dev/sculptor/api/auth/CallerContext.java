package dev.sculptor.api.auth;

import dev.sculptor.api.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/** The authenticated caller of the current request, set by {@link BearerAuthFilter}. */
@RequestScoped
public class CallerContext {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller caller() {
    if (caller == null)
      throw new ProblemException(401, "unauthorized", "Missing or invalid API key", List.of());
    return caller;
  }

  /** The caller's team; the admin key has none and must use a team key for team resources. */
  public UUID teamId() {
    Caller c = caller();
    if (c.teamId() == null) {
      throw new ProblemException(
          403,
          "team-key-required",
          "This endpoint needs a team's API key, not the admin key",
          List.of());
    }
    return c.teamId();
  }

  public void requireAdmin() {
    if (!caller().isServerAdmin())
      throw new ProblemException(403, "admin-only", "Only the admin key may do this", List.of());
  }

  /**
   * The admin key may manage any team; a team's key only its own. Another team is answered 404,
   * like a team that does not exist, so a key cannot probe which team ids exist.
   */
  public void requireTeam(UUID teamId) {
    Caller c = caller();
    if (!c.isServerAdmin() && !teamId.equals(c.teamId())) throw ProblemException.notFound("team");
  }
}
