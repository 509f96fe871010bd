package dev.latchkey.bench;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.Verifier;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java SDK's {@link Verifier} answering from memory, against a real server on loopback
 * (SQLite), beside two baselines of the same run: the SHA-256 of the key (the floor: the verifier
 * must hash what it is given) and the same verification asked of the server every time ({@code
 * keys().verify}, one HTTP round trip).
 *
 * <p>{@code keys} verdicts are kept, and each operation verifies one of them at random, so with
 * many keys the lookups miss the CPU's caches as a service's would.
 *
 * <p>Run: {@code java -jar latchkey-bench/target/benchmarks.jar SdkVerifierBenchmark -bm sample -tu
 * us} (percentiles) or {@code -bm thrpt -tu ms}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SdkVerifierBenchmark {
  @Param({"1", "10000"})
  public int keys;

  private Path dir;
  private LatchkeyServer server;
  private LatchkeyClient client;
  private Verifier verifier;
  private List<VerifyKey> requests;
  private MessageDigest sha256;

  @Setup(Level.Trial)
  public void setUp() throws IOException, NoSuchAlgorithmException {
    dir = Files.createTempDirectory("latchkey-sdk-bench");
    String rootKey = KeyFormat.generateRoot().reveal();
    server =
        LatchkeyServer.start(
            ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir)
                .withBootstrapRootKey(rootKey)
                .withConsole(new PrintStream(OutputStream.nullOutputStream())));
    client =
        LatchkeyClient.builder()
            .baseUri(server.uri())
            .rootKey(rootKey)
            .timeout(Duration.ofSeconds(10))
            .build();
    String service = client.services().create(new CreateService("orders", "ord")).id();
    requests = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      String key = client.keys().create(CreateKey.of(service)).key();
      requests.add(VerifyKey.of(key, "orders"));
    }
    verifier = Verifier.builder().baseUri(server.uri()).rootKey(rootKey).build();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!verifier.status().following()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the verifier is not following the change feed");
      }
      Thread.onSpinWait();
    }
    for (VerifyKey request : requests) {
      if (!verifier.verify(request).valid()) {
        throw new IllegalStateException("a fresh key did not verify");
      }
    }
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  private VerifyKey next() {
    return requests.get(keys == 1 ? 0 : ThreadLocalRandom.current().nextInt(keys));
  }

  /** The verifier, answering from memory. */
  @Benchmark
  public Verdict cached() {
    return verifier.verify(next());
  }

  /** The floor: hashing the key, which any digest-keyed cache must do. */
  @Benchmark
  public byte[] sha256Floor() {
    return sha256.digest(next().key().getBytes(StandardCharsets.UTF_8));
  }

  /** Asking the server every time: what the cache saves. */
  @Benchmark
  public Verdict server() {
    return client.keys().verify(next());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long misses = verifier.status().misses();
    verifier.close();
    client.close();
    server.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    if (misses > keys) {
      // every verdict should have been kept after the warm-up above: a miss means the measurement
      // of "cached" included server calls
      throw new IllegalStateException(misses + " verifications asked the server, not " + keys);
    }
  }
}
