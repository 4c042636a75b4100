package dev.sculptor.api.auth;

import java.util.UUID;

/**
 * Who is calling: a team's key, or the admin key from configuration (teamId null, admin true). Only
 * the configured admin key is an admin; a team's key never is.
 */
public record Caller(UUID teamId, String teamName, boolean admin) {
  public boolean isServerAdmin() {
    return admin && teamId == null;
  }
}
