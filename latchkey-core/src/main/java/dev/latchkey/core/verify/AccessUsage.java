package dev.latchkey.core.verify;

import dev.latchkey.core.access.Grant;
import dev.latchkey.core.store.Store;
import java.time.Clock;

/** Placeholder with the agreed interface; replaced by the recorder on branch wt-report. */
public final class AccessUsage {
  public AccessUsage(Store store, Clock clock) {}

  public void exercised(
      String workspaceId, String keyId, String source, Grant grant, Grant permission) {}

  public void conditionEvaluated(String workspaceId, String keyId, String source) {}

  public void flush() {}
}
