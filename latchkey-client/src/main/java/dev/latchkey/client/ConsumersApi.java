package dev.latchkey.client;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.Page;
import dev.latchkey.api.UpdateConsumer;
import java.util.stream.Stream;

/**
 * Consumers: who holds keys ({@code /v1/consumers}). Thread-safe. Every method throws a {@link
 * LatchkeyException} when the call fails.
 */
public interface ConsumersApi {

  /** Creates a consumer ({@code consumers.write}). */
  Consumer create(CreateConsumer body);

  /**
   * Creates a consumer; a retry with the same {@code idempotencyKey} and body returns the first
   * response.
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   */
  Consumer create(CreateConsumer body, String idempotencyKey);

  /**
   * One page of consumers, newest first ({@code consumers.read}).
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<Consumer> list(int pageSize, String pageToken);

  /** Every consumer, fetching pages lazily as the stream is consumed. */
  Stream<Consumer> listAll();

  /** One consumer ({@code consumers.read}); {@link NotFoundException} when there is none. */
  Consumer get(String id);

  /**
   * Changes a consumer ({@code consumers.write}): a null component is left unchanged, an empty
   * {@code externalId} clears it, an empty {@code credits} removes the credit balance; {@code
   * limits} replaces the consumer's rate limits whole.
   */
  Consumer update(String id, UpdateConsumer body);

  /**
   * Sets or adds to the consumer's credit balance, shared by all its keys ({@code
   * consumers.write}): {@link CreditChange#set} or {@link CreditChange#add}; the balance stays
   * within 0 and 10^15. Returns the consumer's credits after the change.
   *
   * @throws ConflictException when the consumer has no credits (give it some with {@link #update})
   */
  Credits credits(String id, CreditChange change);

  /**
   * As {@link #credits(String, CreditChange)}; a retry with the same {@code idempotencyKey} and
   * change returns the first answer instead of changing the balance again (an {@code add} retried
   * after a timeout adds once).
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   * @throws ConflictException when the key was used before with a different change
   */
  Credits credits(String id, CreditChange change, String idempotencyKey);
}
