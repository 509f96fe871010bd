package dev.latchkey.client;

import dev.latchkey.api.CreateService;
import dev.latchkey.api.Page;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.Service;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.UpdateService;
import java.util.stream.Stream;

/**
 * Services: the APIs that accept keys ({@code /v1/services}). Thread-safe. Every method throws a
 * {@link LatchkeyException} when the call fails.
 */
public interface ServicesApi {

  /** Creates a service ({@code services.write}). */
  Service create(CreateService body);

  /**
   * Creates a service; a retry with the same {@code idempotencyKey} and body returns the first
   * response instead of creating a second service.
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   * @throws ConflictException when the key was used before with a different body
   */
  Service create(CreateService body, String idempotencyKey);

  /**
   * One page of services, newest first ({@code services.read}).
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<Service> list(int pageSize, String pageToken);

  /** Every service, fetching pages lazily as the stream is consumed. */
  Stream<Service> listAll();

  /**
   * One service ({@code services.read}).
   *
   * @throws NotFoundException when there is none with this id in the workspace
   */
  Service get(String id);

  /** Changes the fields of {@code body} that are not null ({@code services.write}). */
  Service update(String id, UpdateService body);

  /**
   * How many verifications presented a key of the service, all its keys together, by outcome, per
   * bucket of {@code query} ({@code usage.read}); as {@link KeysApi#usage}.
   */
  dev.latchkey.api.Usage usage(String id, UsageQuery query);

  /**
   * Sets (replaces) the rotation policy of a service, the default of its keys ({@code
   * services.write}); naming a sink needs a root key confined to no service.
   *
   * @throws InvalidRequestException naming the field: neither {@code max_age} nor {@code
   *     rotate_before_expiry}, a duration out of bounds, or an unknown {@code sink}
   */
  RotationPolicy setRotationPolicy(String id, SetRotationPolicy body);

  /**
   * The rotation policy set on a service ({@code services.read}).
   *
   * @throws NotFoundException when none is set (or there is no such service)
   */
  RotationPolicy rotationPolicy(String id);

  /**
   * Removes the rotation policy of a service ({@code services.write}).
   *
   * @throws NotFoundException when none is set
   */
  void deleteRotationPolicy(String id);
}
