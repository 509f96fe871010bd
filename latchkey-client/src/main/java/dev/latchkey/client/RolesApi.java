package dev.latchkey.client;

import dev.latchkey.api.CreateRole;
import dev.latchkey.api.Page;
import dev.latchkey.api.Role;
import dev.latchkey.api.UpdateRole;
import java.util.stream.Stream;

/**
 * Roles: named sets of key permissions shared by the keys holding them ({@code /v1/roles}).
 * Thread-safe. Every method throws a {@link LatchkeyException} when the call fails.
 */
public interface RolesApi {

  /**
   * Creates a role ({@code roles.write}).
   *
   * @throws ForbiddenException when the root key is confined to services, or may not give one of
   *     the permissions
   * @throws InvalidRequestException naming each bad field, e.g. {@code permissions[1]} or {@code
   *     condition}
   * @throws ConflictException when the name is taken
   */
  Role create(CreateRole body);

  /**
   * Creates a role; a retry with the same {@code idempotencyKey} and body returns the first
   * response instead of creating a second role.
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   * @throws ConflictException when the key was used before with a different body
   */
  Role create(CreateRole body, String idempotencyKey);

  /**
   * One page of roles, newest first ({@code roles.read}).
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<Role> list(int pageSize, String pageToken);

  /** Every role, fetching pages lazily as the stream is consumed. */
  Stream<Role> listAll();

  /**
   * One role ({@code roles.read}).
   *
   * @throws NotFoundException when there is none with this id in the workspace
   */
  Role get(String id);

  /**
   * Changes the fields of {@code body} that are not null ({@code roles.write}); an empty {@code
   * description} or {@code condition} removes it, {@code permissions} replaces the list whole.
   *
   * @throws ForbiddenException when the root key may not give the role's permissions, before or
   *     after the change
   */
  Role update(String id, UpdateRole body);
}
