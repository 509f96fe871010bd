package dev.latchkey.core.store;

import java.util.List;

/**
 * What verification saw keys exercise, by UTC day (see {@link AccessUsageRow}); written in batches
 * by {@link Store#recordAccessUsage}, read for the access report.
 */
public interface AccessUsageRepository {
  /**
   * What the key exercised from {@code fromDay} (inclusive) on: one entry per source, grant and
   * permission, with the latest time over those days; ordered by source, grant and permission.
   */
  List<AccessUse> since(String workspaceId, String keyId, long fromDay);

  /** Deletes the rows of days before {@code day}, of every workspace; returns how many. */
  int deleteBefore(long day);
}
