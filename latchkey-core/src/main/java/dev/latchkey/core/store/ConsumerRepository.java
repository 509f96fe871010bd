package dev.latchkey.core.store;

import dev.latchkey.api.Consumer;
import dev.latchkey.core.limit.Limits;
import java.util.Optional;

/**
 * Consumers of a workspace. External ids are unique per workspace when set ({@link
 * DuplicateException} "external_id"). A consumer's {@code limits} and the policy of its {@code
 * credits} are stored with it; its balance is not ({@link CreditRepository}): a consumer read back
 * has {@code credits.remaining} null.
 */
public interface ConsumerRepository {
  void insert(String workspaceId, Consumer consumer);

  void update(String workspaceId, Consumer consumer);

  Optional<Consumer> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<Consumer> findForUpdate(String workspaceId, String id);

  Slice<Consumer> list(String workspaceId, PageRequest page);

  /**
   * The consumer's rate limits and credit policy, as verification applies them to its keys; empty
   * when there is no such consumer in the workspace.
   */
  Optional<Limits> limitsOf(String workspaceId, String consumerId);
}
