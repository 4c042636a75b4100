package dev.sculptor.api.auth;

import java.util.UUID;

/** Who is calling: a team's key, or the admin key from configuration (teamId null). */
public record Caller(UUID teamId, String teamName, boolean admin) {}
