package dev.latchkey.secrets.kubernetes;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRUD dispatcher with a racing writer: before each of the next {@code n} updates it lets
 * "someone else" update the same Secret first (another data key), so the update arrives with a
 * stale resourceVersion and the dispatcher answers 409 Conflict, as the API server would.
 */
final class RacingDispatcher extends KubernetesCrudDispatcher {
  static final String OTHER_KEY = "other";
  private final KubernetesSerialization json = new KubernetesSerialization();
  private final AtomicInteger racesLeft = new AtomicInteger();
  private final AtomicInteger races = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();

  void raceNextUpdates(int n) {
    racesLeft.set(n);
  }

  int conflicts() {
    return conflicts.get();
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    if (racesLeft.getAndDecrement() > 0) {
      String current = new String(super.handleGet(request.getPath()).getBody().getBytes(), UTF_8);
      String value = "written by someone else " + races.incrementAndGet();
      Secret theirs =
          new SecretBuilder(json.unmarshal(current, Secret.class))
              .addToData(OTHER_KEY, Base64.getEncoder().encodeToString(value.getBytes(UTF_8)))
              .build();
      super.handleUpdate(
          new RecordedRequest(
              request.getHttpVersion(),
              HttpMethod.PUT,
              request.getPath(),
              request.getHeaders(),
              new Buffer().writeUtf8(json.asJson(theirs))));
    }
    MockResponse response = super.handleUpdate(request);
    if (response.getStatus().contains(" 409")) {
      conflicts.incrementAndGet();
    }
    return response;
  }
}
