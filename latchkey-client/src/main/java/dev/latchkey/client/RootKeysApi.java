package dev.latchkey.client;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.Page;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RootKey;
import java.util.stream.Stream;

/**
 * Root keys: the management credentials of the workspace ({@code /v1/root-keys}). Thread-safe.
 * Every method throws a {@link LatchkeyException} when the call fails.
 */
public interface RootKeysApi {

  /**
   * Issues a root key ({@code root_keys.write}) holding at most the permissions of the caller. The
   * secret in the result is shown this once.
   *
   * @throws ForbiddenException when a permission asked for is one the caller does not hold
   */
  IssuedRootKey create(CreateRootKey body);

  /** As {@link #create(CreateRootKey)}, idempotent under {@code idempotencyKey}. */
  IssuedRootKey create(CreateRootKey body, String idempotencyKey);

  /**
   * One page of root keys, newest first ({@code root_keys.read}).
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<RootKey> list(int pageSize, String pageToken);

  /** Every root key, fetching pages lazily as the stream is consumed. */
  Stream<RootKey> listAll();

  /** One root key ({@code root_keys.read}); {@link NotFoundException} when there is none. */
  RootKey get(String id);

  /** Revokes a root key at once ({@code root_keys.write}). */
  RootKey revoke(String id, RevokeKey body);
}
