package dev.sculptor.api.auth;

import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.store.team.ApiKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A team's API keys. The admin key may manage every team's keys and issue new ones; a team's key
 * may list, revoke and rotate its own team's keys. Another team's id answers 404.
 */
@Path("/api/v1/teams/{teamId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Teams and keys")
@SecurityRequirement(name = "apiKey")
public class KeyResource {
  /** The longest a rotated key may keep working beside its replacement. */
  static final Duration MAX_GRACE = Duration.ofDays(1);

  @Inject ApiKeys keys;
  @Inject CallerContext context;

  @Schema(description = "An API key as people see it; never its secret or hash")
  public record KeyView(
      @Schema(description = "The key's id, for revoking or rotating it") UUID id,
      @Schema(
              description = "The secret's first characters, to recognise it",
              example = "sk-3f9a01c2b")
          String prefix,
      @Schema(description = "What the key is for", example = "nightly benchmark") String label,
      @Schema(description = "When it was issued") Instant createdAt,
      @Schema(description = "When it was last presented, to about a minute; null if never")
          Instant lastUsedAt,
      @Schema(
              description =
                  "When it stopped (or, during a rotation's grace period, will stop) working; null"
                      + " if never")
          Instant revokedAt,
      @Schema(description = "Whether it works now") boolean active) {
    static KeyView of(ApiKey k) {
      return new KeyView(
          k.id,
          k.keyPrefix,
          k.label,
          k.createdAt,
          k.lastUsedAt,
          k.revokedAt,
          k.activeAt(Instant.now()));
    }
  }

  public record NewKey(
      @Schema(description = "Shown once; store it now") String apiKey,
      @Schema(description = "The secret's first characters") String prefix,
      @Schema(description = "The new key's id") UUID id) {}

  public record RotatedKey(
      @Schema(description = "The new key's secret; shown once, store it now") String apiKey,
      @Schema(description = "The new key's first characters") String prefix,
      @Schema(description = "The new key's id") UUID id,
      @Schema(description = "The key it replaces, with the time it stops working")
          KeyView replaced) {}

  @GET
  @Operation(
      summary = "List a team's keys",
      description =
          "Revoked keys included. The admin key may list any team;" + " a team's key its own team.")
  @APIResponse(responseCode = "200", description = "The keys, oldest first")
  @APIResponse(
      responseCode = "404",
      description = "No such team, or another team's",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public List<KeyView> list(@PathParam("teamId") String teamId) {
    UUID team = team(teamId);
    return keys.list(team).stream().map(KeyView::of).toList();
  }

  @POST
  @Operation(summary = "Issue another API key for a team (admin key only)")
  @APIResponse(
      responseCode = "201",
      description = "Issued; the secret is in the body, once",
      content = @Content(schema = @Schema(implementation = NewKey.class)))
  @APIResponse(
      responseCode = "403",
      description = "Not the admin key",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response issue(@PathParam("teamId") String teamId) {
    context.requireAdmin();
    ApiKeys.Issued issued = keys.issue(team(teamId), "issued by admin");
    return Response.status(201)
        .entity(new NewKey(issued.secret(), issued.key().keyPrefix, issued.key().id))
        .build();
  }

  @POST
  @Path("/{keyId}/revoke")
  @Operation(
      summary = "Revoke a key",
      description =
          "Refused at once by the replica that answers; every other replica refuses it within 30"
              + " seconds (its key cache). Revoking a revoked key changes nothing.")
  @APIResponse(
      responseCode = "200",
      description = "Revoked",
      content = @Content(schema = @Schema(implementation = KeyView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such key in this team, or another team's",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public KeyView revoke(@PathParam("teamId") String teamId, @PathParam("keyId") String keyId) {
    return KeyView.of(keys.revoke(team(teamId), key(keyId)));
  }

  @POST
  @Path("/{keyId}/rotate")
  @Operation(
      summary = "Rotate a key: issue a new one and revoke the old one",
      description =
          "The new key has the old one's label. The old key stops working at once, or after"
              + " graceSeconds so running scripts can switch over.")
  @APIResponse(
      responseCode = "201",
      description = "Rotated; the new secret is in the body, once",
      content = @Content(schema = @Schema(implementation = RotatedKey.class)))
  @APIResponse(
      responseCode = "400",
      description = "graceSeconds is not a whole number from 0 to 86400",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such key in this team, or another team's",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "The key is already revoked",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response rotate(
      @PathParam("teamId") String teamId,
      @PathParam("keyId") String keyId,
      @Parameter(
              description =
                  "Seconds the old key keeps working, 0 to 86400 (default 0: stops at once)",
              example = "300")
          @QueryParam("graceSeconds")
          String graceSeconds) {
    UUID team = team(teamId);
    ApiKeys.Rotated r = keys.rotate(team, key(keyId), grace(graceSeconds));
    ApiKey fresh = r.replacement().key();
    return Response.status(201)
        .entity(
            new RotatedKey(
                r.replacement().secret(), fresh.keyPrefix, fresh.id, KeyView.of(r.old())))
        .build();
  }

  /**
   * The team in the path, if the caller may manage it (else 404, as for a team that does not
   * exist).
   */
  private UUID team(String id) {
    UUID team = uuid(id, "team");
    context.requireTeam(team);
    return team;
  }

  private static UUID key(String id) {
    return uuid(id, "key");
  }

  private static UUID uuid(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound(what);
    }
  }

  static Duration grace(String seconds) {
    if (seconds == null || seconds.isBlank()) return Duration.ZERO;
    try {
      long s = Long.parseLong(seconds.strip());
      if (s >= 0 && s <= MAX_GRACE.toSeconds()) return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.field(
        400,
        "graceSeconds",
        "must be a whole number of seconds from 0 to " + MAX_GRACE.toSeconds());
  }
}
