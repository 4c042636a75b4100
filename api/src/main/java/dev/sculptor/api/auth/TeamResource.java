package dev.sculptor.api.auth;

import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.store.team.ApiKey;
import dev.sculptor.store.team.ApiKeyRepository;
import dev.sculptor.store.team.Team;
import dev.sculptor.store.team.TeamRepository;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Teams and their keys. Creating them needs the admin key; anyone may ask who they are. */
@Path("/api/v1")
@Tag(name = "Teams and keys")
@SecurityRequirement(name = "apiKey")
public class TeamResource {
  @Inject TeamRepository teams;
  @Inject ApiKeyRepository keys;
  @Inject CallerContext context;

  public record NewTeam(@Schema(example = "vision-research") String name) {}

  public record TeamCreated(UUID id, String name, @Schema(description = "Shown once; store it now") String apiKey) {}

  public record NewKey(@Schema(description = "Shown once; store it now") String apiKey, String prefix) {}

  public record Me(UUID teamId, String team, boolean admin) {}

  @GET
  @Path("/me")
  @Operation(summary = "Who the presented API key belongs to")
  public Me me() {
    Caller c = context.caller();
    return new Me(c.teamId(), c.teamName(), c.admin());
  }

  @POST
  @Path("/teams")
  @Transactional
  @Operation(summary = "Create a team and its first API key (admin key only)")
  public Response create(NewTeam body) {
    context.requireAdmin();
    if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 100) {
      throw ProblemException.field(422, "name", "must be 1 to 100 characters");
    }
    if (teams.findByName(body.name().strip()).isPresent()) {
      throw new ProblemException(409, "team-exists", "A team with this name exists",
          java.util.List.of(new dev.sculptor.api.problem.Problem.FieldError("name", "already taken")));
    }
    Team team = new Team();
    team.id = UUID.randomUUID();
    team.name = body.name().strip();
    teams.persist(team);
    String secret = issueKey(team.id, "first key");
    return Response.status(201).entity(new TeamCreated(team.id, team.name, secret)).build();
  }

  @POST
  @Path("/teams/{teamId}/keys")
  @Transactional
  @Operation(summary = "Issue another API key for a team (admin key only)")
  public Response newKey(@PathParam("teamId") UUID teamId) {
    context.requireAdmin();
    if (teams.findById(teamId) == null) throw ProblemException.notFound("team");
    String secret = issueKey(teamId, "issued by admin");
    return Response.status(201).entity(new NewKey(secret, KeyHash.prefix(secret))).build();
  }

  private String issueKey(UUID teamId, String label) {
    String secret = KeyHash.newSecret();
    ApiKey key = new ApiKey();
    key.id = UUID.randomUUID();
    key.teamId = teamId;
    key.keyHash = KeyHash.sha256(secret);
    key.keyPrefix = KeyHash.prefix(secret);
    key.label = label;
    keys.persist(key);
    return secret;
  }
}
