package dev.latchkey.bench;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.verify.VerificationListener;
import dev.latchkey.server.http.Router;
import dev.latchkey.server.metrics.Metrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * What monitoring adds to each request, part by part: the verification meters (a counter and a
 * histogram resolved once per service and outcome), the HTTP meters (a counter and a histogram per
 * route, method and status) and the request id in the logging context. {@code nothing} is the floor
 * of the harness.
 *
 * <p>Run: {@code java -jar latchkey-bench/target/benchmarks.jar MonitoringBenchmark -t 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MonitoringBenchmark {
  private Metrics metrics;
  private VerificationListener verifications;
  private Verdict valid;

  @Setup
  public void setUp() {
    metrics = Metrics.create(Metrics.DEFAULT_MAX_SERVICES);
    verifications = metrics.verifications();
    valid =
        new Verdict(
            true,
            VerifyCode.VALID,
            "key_x",
            "svc_orders",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
  }

  @TearDown
  public void tearDown() {
    metrics.close();
  }

  @Benchmark
  public void nothing() {}

  @Benchmark
  public void verificationMeters() {
    verifications.verified(valid, 12_345);
  }

  @Benchmark
  public void httpMeters() {
    metrics.request("/v1/forward-auth", "GET", 200, 23_456);
  }

  @Benchmark
  public void requestIdInTheLoggingContext() {
    MDC.put(Router.MDC_REQUEST_ID, "req_0123456789abcdefghijklmn");
    MDC.remove(Router.MDC_REQUEST_ID);
  }
}
