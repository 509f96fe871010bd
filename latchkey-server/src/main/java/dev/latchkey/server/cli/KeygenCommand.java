package dev.latchkey.server.cli;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey keygen}: prints a fresh key, offline. Nothing is registered anywhere; use it to
 * choose the first root key ({@code --root}) before the server's first start.
 */
@Command(
    name = "keygen",
    description = "Prints a fresh key, offline (nothing is registered).",
    footer = ExitCodes.FOOTER)
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Kind kind;

  static final class Kind {
    @Option(names = "--root", description = "A root (management) key, lk_root_...")
    boolean root;

    @Option(
        names = "--prefix",
        paramLabel = "P",
        description = "A service key with this prefix, [a-z][a-z0-9]{0,15} (default: lk).")
    String prefix;
  }

  @Override
  public Integer call() {
    Secret secret;
    if (kind != null && kind.root) {
      secret = KeyFormat.generateRoot();
    } else {
      String prefix = kind == null ? KeyFormat.DEFAULT_PREFIX : kind.prefix;
      if (!KeyFormat.isValidServicePrefix(prefix)) {
        throw new ParameterException(
            spec.commandLine(), "--prefix must match [a-z][a-z0-9]{0,15}: '" + prefix + "'");
      }
      secret = KeyFormat.generate(prefix);
    }
    spec.commandLine().getOut().println(secret.reveal());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
