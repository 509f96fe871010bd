package dev.latchkey.store;

import dev.latchkey.core.store.AccessUsageRepository;
import dev.latchkey.core.store.AlertRepository;
import dev.latchkey.core.store.AuditRepository;
import dev.latchkey.core.store.ChangeRepository;
import dev.latchkey.core.store.ConsumerRepository;
import dev.latchkey.core.store.CreditRepository;
import dev.latchkey.core.store.IdempotencyRepository;
import dev.latchkey.core.store.KeyRepository;
import dev.latchkey.core.store.OneTimeLinkRepository;
import dev.latchkey.core.store.RoleRepository;
import dev.latchkey.core.store.RootKeyRepository;
import dev.latchkey.core.store.RotationPolicyRepository;
import dev.latchkey.core.store.RotationRepository;
import dev.latchkey.core.store.SecretRepository;
import dev.latchkey.core.store.ServiceRepository;
import dev.latchkey.core.store.SinkRepository;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRepository;
import dev.latchkey.core.store.WorkspaceRepository;
import org.jdbi.v3.core.Handle;

/** The repositories over the one handle of a transaction. */
final class SqlTx implements Tx {
  private final Handle handle;
  private final Dialect dialect;
  private final Runnable changeAppended;

  /**
   * @param changeAppended told when the transaction appends a change record
   */
  SqlTx(Handle handle, Dialect dialect, Runnable changeAppended) {
    this.handle = handle;
    this.dialect = dialect;
    this.changeAppended = changeAppended;
  }

  @Override
  public WorkspaceRepository workspaces() {
    return new SqlWorkspaces(handle, dialect);
  }

  @Override
  public ServiceRepository services() {
    return new SqlServices(handle, dialect);
  }

  @Override
  public ConsumerRepository consumers() {
    return new SqlConsumers(handle, dialect);
  }

  @Override
  public KeyRepository keys() {
    return new SqlKeys(handle, dialect);
  }

  @Override
  public RootKeyRepository rootKeys() {
    return new SqlRootKeys(handle, dialect);
  }

  @Override
  public RoleRepository roles() {
    return new SqlRoles(handle, dialect);
  }

  @Override
  public SecretRepository secrets() {
    return new SqlSecrets(handle, dialect);
  }

  @Override
  public AuditRepository audit() {
    return new SqlAudit(handle);
  }

  @Override
  public ChangeRepository changes() {
    return new SqlChanges(handle, dialect, changeAppended);
  }

  @Override
  public IdempotencyRepository idempotency() {
    return new SqlIdempotency(handle, dialect);
  }

  @Override
  public AccessUsageRepository accessUsage() {
    return new SqlAccessUsage(handle);
  }

  @Override
  public dev.latchkey.core.store.UsageRepository usage() {
    return new SqlUsage(handle, dialect);
  }

  @Override
  public CreditRepository credits() {
    return new SqlCredits(handle, dialect);
  }

  @Override
  public AlertRepository alerts() {
    return new SqlAlerts(handle, dialect);
  }

  @Override
  public WebhookRepository webhooks() {
    return new SqlWebhooks(handle, dialect);
  }

  @Override
  public SinkRepository sinks() {
    return new SqlSinks(handle, dialect);
  }

  @Override
  public RotationPolicyRepository rotationPolicies() {
    return new SqlRotationPolicies(handle);
  }

  @Override
  public RotationRepository rotations() {
    return new SqlRotations(handle, dialect);
  }

  @Override
  public OneTimeLinkRepository oneTimeLinks() {
    return new SqlOneTimeLinks(handle);
  }

  @Override
  public dev.latchkey.core.store.SealedValueRepository sealedValues() {
    return new SqlSealedValues(handle);
  }
}
