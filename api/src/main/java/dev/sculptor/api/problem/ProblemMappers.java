package dev.sculptor.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the api as problem+json with the field at fault; never a stack trace, and a
 * 5xx only for our own faults (logged with an id the user can quote).
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  static final String TYPE_BASE = "https://sculptor.dev/problems/";

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    String detail =
        e.errors().isEmpty()
            ? null
            : e.errors().stream()
                .map(f -> f.field() + ": " + f.reason())
                .collect(Collectors.joining("; "));
    return respond(e.status(), e.type(), e.getMessage(), detail, uri, e.errors());
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
    return respond(
        400,
        "invalid-json",
        "The request body has an unknown field",
        null,
        uri,
        List.of(
            new Problem.FieldError(
                path(e), "unknown field; known fields are " + e.getKnownPropertyIds())));
  }

  @ServerExceptionMapper
  public Response wrongType(MismatchedInputException e, UriInfo uri) {
    String reason =
        e instanceof InvalidFormatException f
            ? "'"
                + f.getValue()
                + "' is not a valid "
                + simpleType(f.getTargetType())
                // an enum's values are listed already
                + (f.getTargetType().isEnum() ? "" : originalMessage(f))
            : "expected "
                + (e.getTargetType() == null ? "another type" : simpleType(e.getTargetType()));
    return respond(
        400,
        "invalid-json",
        "A field has the wrong type",
        null,
        uri,
        List.of(new Problem.FieldError(path(e), reason)));
  }

  @ServerExceptionMapper
  public Response mapping(JsonMappingException e, UriInfo uri) {
    Throwable cause = e.getCause();
    String reason =
        cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
    return respond(
        400,
        "invalid-json",
        "A field could not be read",
        null,
        uri,
        List.of(new Problem.FieldError(path(e), reason)));
  }

  @ServerExceptionMapper
  public Response outOfRange(InputCoercionException e, UriInfo uri) {
    return respond(
        400,
        "invalid-json",
        "A number is out of range",
        null,
        uri,
        List.of(
            new Problem.FieldError(
                parserPath(e), "out of range for " + simpleType(e.getTargetType()))));
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e, UriInfo uri) {
    var loc = e.getLocation();
    String where =
        loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return respond(
        400,
        "invalid-json",
        "The request body is not valid JSON",
        "malformed JSON" + where,
        uri,
        List.of(new Problem.FieldError(parserPath(e), "malformed JSON" + where)));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (status >= 500) return unexpected(e, uri);
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 401 -> "Missing or invalid API key";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          case 406 -> "Not acceptable";
          case 413 -> "Request body too large";
          case 415 -> "Unsupported media type; send application/json";
          default -> "Request rejected";
        };
    // Quarkus wraps the reader's errors other than mismatched input (a body that is not JSON, a
    // value a creator refused) in a 400; answer them as if they had come unwrapped.
    if (e.getCause() instanceof JsonProcessingException jpe) return unwrapped(jpe, uri);
    return respond(status, "http-" + status, title, null, uri, List.of());
  }

  private Response unwrapped(JsonProcessingException e, UriInfo uri) {
    return switch (e) {
      case UnrecognizedPropertyException u -> unknownField(u, uri);
      case MismatchedInputException m -> wrongType(m, uri);
      case JsonMappingException m -> mapping(m, uri);
      case InputCoercionException c -> outOfRange(c, uri);
      default -> malformed(e, uri);
    };
  }

  @ServerExceptionMapper(priority = 10_000)
  public Response unexpected(Throwable e, UriInfo uri) {
    String incident = java.util.UUID.randomUUID().toString();
    LOG.errorf(e, "incident %s on %s", incident, uri.getPath());
    return respond(
        500,
        "internal-error",
        "Internal error",
        "incident " + incident + "; the error was logged",
        uri,
        List.of());
  }

  static Response respond(
      int status,
      String type,
      String title,
      String detail,
      UriInfo uri,
      List<Problem.FieldError> errors) {
    Problem body =
        new Problem(
            TYPE_BASE + type, title, status, detail, uri == null ? null : uri.getPath(), errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
  }

  /** Path of the field being read when the parser failed, from its parsing context. */
  private static String parserPath(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser)) return "";
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (var ctx = parser.getParsingContext();
        ctx != null && !ctx.inRoot();
        ctx = ctx.getParent()) {
      if (ctx.inObject() && ctx.getCurrentName() != null) parts.addFirst(ctx.getCurrentName());
      else if (ctx.inArray()) parts.addFirst("[" + Math.max(0, ctx.getCurrentIndex()) + "]");
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static String path(JsonMappingException e) {
    if (e.getPath().isEmpty()) return parserPath(e);
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String originalMessage(InvalidFormatException e) {
    String m = e.getOriginalMessage();
    int at = m == null ? -1 : m.lastIndexOf(": ");
    return at < 0 ? "" : " (" + m.substring(at + 2) + ")";
  }

  private static String simpleType(Class<?> type) {
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class)
      return "integer";
    if (type == Double.class || type == double.class) return "number";
    if (type == String.class) return "string";
    if (type.isEnum())
      return "value (one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")";
    if (java.util.Collection.class.isAssignableFrom(type)) return "array";
    return "object";
  }
}
