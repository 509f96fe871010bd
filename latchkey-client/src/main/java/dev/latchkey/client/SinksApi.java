package dev.latchkey.client;

import dev.latchkey.api.CreateSink;
import dev.latchkey.api.Page;
import dev.latchkey.api.Sink;
import dev.latchkey.api.UpdateSink;

/**
 * Sinks ({@code /v1/sinks}): where rotations deliver keys' secrets. A sink's credentials are sent
 * once and never answered: a {@link Sink} names them only. Managing sinks needs a root key confined
 * to no service. Thread-safe. Every method throws a {@link LatchkeyException} when the call fails.
 */
public interface SinksApi {
  /**
   * Creates a sink ({@code sinks.write}).
   *
   * @throws InvalidRequestException naming {@code type} (the message lists the types this server
   *     has), or each bad setting or credential ({@code settings.path})
   * @throws ConflictException when the name is taken or the workspace has 100 sinks
   * @throws ServiceUnavailableException when the server has no encryption key for credentials
   */
  Sink create(CreateSink body);

  /** Creates a sink; a retry with the same key and body returns the first response. */
  Sink create(CreateSink body, String idempotencyKey);

  /** One page of sinks, newest first ({@code sinks.read}). */
  Page<Sink> list(int pageSize, String pageToken);

  /** One sink ({@code sinks.read}). */
  Sink get(String id);

  /**
   * Changes the fields of {@code body} that are not null ({@code sinks.write}); {@code settings}
   * and {@code credentials} each replace the whole map.
   */
  Sink update(String id, UpdateSink body);

  /**
   * Deletes a sink ({@code sinks.write}).
   *
   * @throws ConflictException when a rotation policy names it
   */
  void delete(String id);
}
