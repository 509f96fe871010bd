package dev.latchkey.core.store;

/** The repositories of one transaction. Valid only inside the {@link Store} call that gave it. */
public interface Tx {
  WorkspaceRepository workspaces();

  ServiceRepository services();

  ConsumerRepository consumers();

  KeyRepository keys();

  RootKeyRepository rootKeys();

  RoleRepository roles();

  SecretRepository secrets();

  AuditRepository audit();

  ChangeRepository changes();

  IdempotencyRepository idempotency();

  AccessUsageRepository accessUsage();

  UsageRepository usage();

  CreditRepository credits();

  AlertRepository alerts();

  WebhookRepository webhooks();

  SinkRepository sinks();

  RotationPolicyRepository rotationPolicies();

  RotationRepository rotations();

  OneTimeLinkRepository oneTimeLinks();

  /** Every sealed column, for re-sealing ({@code latchkey rewrap}). */
  SealedValueRepository sealedValues();
}
