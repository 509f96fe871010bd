package dev.latchkey.server.cli;

import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey keys rotate | revoke | verify}: the custom verbs of a key. */
final class KeyVerbCommands {
  private KeyVerbCommands() {}

  @Command(
      name = "rotate",
      description = "Issues a new secret; the old one verifies until the grace period ends.")
  static final class Rotate extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The key id (key_...).")
    String id;

    @Option(
        names = "--grace-period",
        paramLabel = "D",
        converter = Converters.Iso8601Duration.class,
        description =
            "How long the old secret still verifies, ISO-8601, 0 to P30D (default PT24H).")
    Duration gracePeriod;

    @Override
    int run(LatchkeyClient client, Output out) {
      RotateKey body = new RotateKey(gracePeriod == null ? null : gracePeriod.toString());
      IssuedKey issued = client.keys().rotate(id, body);
      out.issued(issued, issued.key(), Views.of(issued.data()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      description = "Revokes a key at once; both of its secrets stop verifying.")
  static final class Revoke extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The key id (key_...).")
    String id;

    @Option(names = "--reason", paramLabel = "R", description = "Why, kept with the key.")
    String reason;

    @Override
    int run(LatchkeyClient client, Output out) {
      Key key = client.keys().revoke(id, new RevokeKey(reason));
      out.one(key, Views.of(key));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "verify",
      description = "Verifies a key: exit 0 when VALID, 1 otherwise (the code is printed).",
      footer = ExitCodes.FOOTER)
  static final class Verify extends RemoteCommand {

    @Parameters(
        paramLabel = "KEY",
        description =
            "The key, or - to read it from stdin (keeps it out of shell history and the"
                + " process list).")
    String key;

    @Option(
        names = "--service",
        paramLabel = "S",
        description = "The service (id or name) the key must belong to.")
    String service;

    @Option(
        names = "--permissions",
        paramLabel = "QUERY",
        description = "A permission query it must satisfy, e.g. 'orders:read AND (a:x OR b:y)'.")
    String permissions;

    @Option(names = "--ip", paramLabel = "IP", description = "request.ip for conditions.")
    String ip;

    @Option(names = "--method", paramLabel = "M", description = "request.method for conditions.")
    String method;

    @Option(names = "--path", paramLabel = "P", description = "request.path for conditions.")
    String path;

    @Option(
        names = "--header",
        paramLabel = "NAME=VALUE",
        description = "A request header for conditions (repeat).")
    Map<String, String> headers;

    @Option(
        names = "--cost",
        paramLabel = "N",
        description =
            "Units to spend on the key's rate limits and credits (default 1; 0 only asks).")
    Long cost;

    @Option(
        names = "--limit",
        paramLabel = "NAME",
        description = "Apply only this rate limit (repeat); default: all of them.")
    List<String> limits;

    @Override
    int run(LatchkeyClient client, Output out) {
      String presented = "-".equals(key) ? readStdin() : key;
      boolean described = ip != null || method != null || path != null || headers != null;
      VerifyKey.Context context =
          described
              ? new VerifyKey.Context(new VerifyKey.Request(ip, method, path, service, headers))
              : null;
      Verdict verdict =
          client
              .keys()
              .verify(new VerifyKey(presented, service, permissions, context, cost, limits));
      out.one(verdict, Views.of(verdict));
      // Fail closed: both the flag and the code must say so.
      return verdict.valid() && verdict.code() == VerifyCode.VALID
          ? ExitCodes.OK
          : ExitCodes.NOT_VALID;
    }

    private static String readStdin() {
      try {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.strip().isEmpty()) {
          throw new UsageException("no key on stdin");
        }
        return line.strip();
      } catch (IOException e) {
        throw new UsageException("cannot read the key from stdin: " + e.getClass().getSimpleName());
      }
    }
  }
}
