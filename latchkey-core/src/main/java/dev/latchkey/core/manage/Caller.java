package dev.latchkey.core.manage;

import dev.latchkey.core.access.Principal;

/**
 * Who is calling and from where, for authorisation and the audit log.
 *
 * @param requestId the id the response carries, recorded with every audit event
 * @param sourceAddress the client's address as the server saw it
 */
public record Caller(Principal principal, String requestId, String sourceAddress) {
  public String workspaceId() {
    return principal.workspaceId();
  }
}
