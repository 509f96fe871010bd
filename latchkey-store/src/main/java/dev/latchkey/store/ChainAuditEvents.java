package dev.latchkey.store;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.audit.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 5.1, both dialects: chains the audit events written before version 5, each workspace's
 * in {@code seq} order (the order they were appended in), and records each chain's head. Runs once,
 * in Flyway's transaction and under its lock; reads in pages, so memory stays bounded.
 */
final class ChainAuditEvents implements JavaMigration {
  private static final int PAGE = 1000;
  private static final String PAGE_QUERY =
      "SELECT "
          + SqlAudit.COLUMNS
          + " FROM audit_events WHERE position IS NULL AND seq > ? ORDER BY seq LIMIT "
          + PAGE;
  private static final String UPDATE =
      "UPDATE audit_events SET position = ?, prev_hash = ?, hash = ?" + " WHERE seq = ?";
  private static final String HEAD =
      "INSERT INTO audit_chain_heads (workspace_id, position, hash) VALUES (?, ?, ?)";

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("5.1");
  }

  @Override
  public String getDescription() {
    return "chain audit events";
  }

  @Override
  public Integer getChecksum() {
    return 51;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    Map<String, ChainHead> heads = new LinkedHashMap<>();
    long after = 0;
    while (true) {
      List<Long> seqs = new ArrayList<>();
      List<AuditEvent> events = new ArrayList<>();
      try (PreparedStatement page = c.prepareStatement(PAGE_QUERY)) {
        page.setLong(1, after);
        try (ResultSet rs = page.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong("seq"));
            events.add(SqlAudit.event(rs));
          }
        }
      }
      if (events.isEmpty()) {
        break;
      }
      try (PreparedStatement update = c.prepareStatement(UPDATE)) {
        for (int i = 0; i < events.size(); i++) {
          AuditEvent e = events.get(i);
          ChainHead head =
              heads.getOrDefault(e.workspaceId(), new ChainHead(0, AuditChain.GENESIS));
          AuditEvent linked = SqlAudit.link(e.workspaceId(), e, head);
          update.setLong(1, linked.position());
          update.setString(2, linked.prevHash());
          update.setString(3, linked.hash());
          update.setLong(4, seqs.get(i));
          update.addBatch();
          heads.put(e.workspaceId(), new ChainHead(linked.position(), linked.hash()));
        }
        update.executeBatch();
      }
      after = seqs.getLast();
    }
    try (PreparedStatement insert = c.prepareStatement(HEAD)) {
      for (Map.Entry<String, ChainHead> head : heads.entrySet()) {
        insert.setString(1, head.getKey());
        insert.setLong(2, head.getValue().position());
        insert.setString(3, head.getValue().hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
