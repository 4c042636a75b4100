package dev.sculptor.api.auth;

import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.store.team.Team;
import dev.sculptor.store.team.TeamRepository;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Teams. Creating them needs the admin key; anyone may ask who they are. Keys: {@link KeyResource}.
 */
@Path("/api/v1")
@Tag(name = "Teams and keys")
@SecurityRequirement(name = "apiKey")
public class TeamResource {
  @Inject TeamRepository teams;
  @Inject ApiKeys keys;
  @Inject CallerContext context;

  public record NewTeam(@Schema(example = "vision-research") String name) {}

  public record TeamCreated(
      UUID id, String name, @Schema(description = "Shown once; store it now") String apiKey) {}

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
  @APIResponse(
      responseCode = "201",
      description = "Created; its first key is in the body, once",
      content = @Content(schema = @Schema(implementation = TeamCreated.class)))
  @APIResponse(
      responseCode = "409",
      description = "A team with this name exists",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response create(NewTeam body) {
    context.requireAdmin();
    if (body == null
        || body.name() == null
        || body.name().isBlank()
        || body.name().length() > 100) {
      throw ProblemException.field(422, "name", "must be 1 to 100 characters");
    }
    Team team = new Team();
    team.id = UUID.randomUUID();
    team.name = body.name().strip();
    // Insert-or-nothing rather than look-then-insert: of two concurrent creations one gets 409,
    // never 500.
    if (!teams.insertIfNameFree(team)) {
      throw new ProblemException(
          409,
          "team-exists",
          "A team with this name exists",
          List.of(new Problem.FieldError("name", "already taken")));
    }
    String secret = keys.issueInCurrentTransaction(team.id, "first key").secret();
    return Response.status(201).entity(new TeamCreated(team.id, team.name, secret)).build();
  }
}
