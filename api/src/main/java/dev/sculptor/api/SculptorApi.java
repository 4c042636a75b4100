package dev.sculptor.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description's header: every /api/v1 call takes a team's key as a bearer token. */
@OpenAPIDefinition(info = @Info(title = "Sculptor API", version = "v1"))
@SecurityScheme(
    securitySchemeName = "apiKey",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A team's API key: Authorization: Bearer sk-…")
public class SculptorApi extends Application {}
