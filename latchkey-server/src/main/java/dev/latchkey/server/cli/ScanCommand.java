package dev.latchkey.server.cli;

import dev.latchkey.api.Json;
import dev.latchkey.api.LeakFindings;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LeaksApi;
import dev.latchkey.core.secret.KeyScanner;
import dev.latchkey.core.secret.Secret;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey scan PATH...}: finds Latchkey keys in files and, with {@code --git}, in every
 * blob of a repository's history, by the key format's checksum (no server needed). A finding is
 * printed with where it is, the key's first characters and the start of its SHA-256 digest, never
 * the key. {@code --check} asks the server what each one opens; {@code --revoke} takes the live
 * ones out of use. Only digests are sent, never the keys.
 */
@Command(
    name = "scan",
    description = {
      "Finds Latchkey keys in files and git history (by the key format's checksum).",
      "Prints where each is, its first characters and digest, never the key. Exit code 1 when a"
          + " key was found, 0 when none."
    },
    footer = ExitCodes.FOOTER)
public final class ScanCommand implements Callable<Integer> {
  private static final int BATCH = 500; // the most one report may name
  private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  @Spec CommandSpec spec;
  @Mixin HelpOption help;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to scan.")
  List<Path> paths;

  @Option(
      names = "--git",
      description =
          "Also scan every blob in the history of the git repositories at the given paths"
              + " (all refs; needs git).")
  boolean git;

  @ArgGroup(exclusive = true)
  Ask ask = new Ask();

  static final class Ask {
    @Option(names = "--check", description = "Ask the server what each key found opens.")
    boolean check;

    @Option(
        names = "--revoke",
        description = "Revoke the live keys found (keys.revoke; root keys need root_keys.write).")
    boolean revoke;
  }

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      description = "Progress bar on stderr: auto (when stderr is a terminal), always, never.")
  String progress = "auto";

  /** A key found somewhere. */
  record Finding(String where, long line, Secret secret) {
    String digest() {
      return secret.digest().hex();
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("auto", "always", "never").contains(progress)) {
      err.println("latchkey: --progress must be auto, always or never");
      err.flush();
      return ExitCodes.USAGE;
    }
    Progress bar =
        new Progress(
            err, progress.equals("always") || progress.equals("auto") && System.console() != null);
    List<Finding> found;
    try {
      found = scan(paths, git, bar, err);
    } catch (UsageException e) {
      err.println("latchkey: " + e.getMessage());
      return ExitCodes.USAGE;
    } finally {
      bar.done();
    }
    if (!ask.check && !ask.revoke) {
      print(out, found, Map.of());
      out.flush();
      return found.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_VALID;
    }
    if (found.isEmpty()) {
      out.println("no keys found");
      out.flush();
      return ExitCodes.OK;
    }
    int code = Remote.call(spec, connection, (client, output) -> ask(client, out, found));
    return code == ExitCodes.OK ? ExitCodes.NOT_VALID : code;
  }

  private int ask(LatchkeyClient client, PrintWriter out, List<Finding> found) {
    List<String> digests = found.stream().map(Finding::digest).distinct().toList();
    Map<String, LeakFindings.Finding> answers = new LinkedHashMap<>();
    String source = String.join(", ", paths.stream().map(Path::toString).toList());
    for (int from = 0; from < digests.size(); from += BATCH) {
      List<String> batch = digests.subList(from, Math.min(digests.size(), from + BATCH));
      LeaksApi leaks = client.leaks();
      LeakFindings answer =
          ask.revoke
              ? leaks.revoke(batch, "latchkey scan " + truncate(source, 400))
              : leaks.check(batch);
      answer.findings().forEach(f -> answers.put(f.digest(), f));
    }
    if (connection.json()) {
      try {
        out.println(
            Json.mapper().writeValueAsString(new LeakFindings(List.copyOf(answers.values()))));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      print(out, found, answers);
    }
    return ExitCodes.OK;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static void print(
      PrintWriter out, List<Finding> found, Map<String, LeakFindings.Finding> answers) {
    for (Finding f : found) {
      StringBuilder line = new StringBuilder();
      line.append(f.where()).append(':').append(f.line()).append(": ");
      line.append(f.secret().start()).append("…  sha256:").append(f.digest(), 0, 16);
      LeakFindings.Finding a = answers.get(f.digest());
      if (a != null) {
        line.append("  ").append(describe(a));
      }
      out.println(line);
    }
    out.println(found.size() + (found.size() == 1 ? " key found" : " keys found"));
  }

  private static String describe(LeakFindings.Finding a) {
    if (a.kind().equals("unknown")) {
      return "unknown to this workspace";
    }
    StringBuilder s = new StringBuilder(a.kind().replace('_', ' ')).append(' ').append(a.id());
    if (a.service() != null) {
      s.append(" (").append(a.service()).append(')');
    }
    s.append(' ').append(a.state()).append(a.live() ? ", live" : ", not live");
    switch (a.action()) {
      case "revoked" -> s.append(": REVOKED now");
      case "grace_ended" -> s.append(": rotated-out secret stopped now");
      default -> {}
    }
    if (a.note() != null) {
      s.append(": ").append(a.note());
    }
    return s.toString();
  }

  /** Every key in the files under {@code paths} and, when {@code git}, in their histories. */
  static List<Finding> scan(List<Path> paths, boolean git, Progress bar, PrintWriter err) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UsageException("no such file or directory: " + p);
      }
      files.addAll(files(p));
    }
    List<Finding> found = new ArrayList<>();
    long total = files.stream().mapToLong(ScanCommand::size).sum();
    bar.start("files", total);
    for (Path file : files) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        KeyScanner.scan(
            new Counting(in, bar),
            k -> found.add(new Finding(file.toString(), k.line(), k.secret())));
      } catch (IOException e) {
        bar.clear();
        err.println("latchkey: skipped " + file + ": " + e.getMessage());
      }
      bar.found(found.size());
    }
    if (git) {
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          found.addAll(GitHistory.scan(p, bar, found.size()));
        }
      }
    }
    return found;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Regular files under {@code root}, symbolic links not followed, {@code .git} left out. */
  private static List<Path> files(Path root) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.getFileName() != null
                      && dir.getFileName().toString().equals(".git")
                      && !dir.equals(root)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // unreadable: nothing to scan
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  /**
   * Every object reachable from any ref, each scanned once: blobs (the files of every commit), and
   * commits and tags (their messages).
   */
  static final class GitHistory {
    private GitHistory() {}

    static List<Finding> scan(Path repo, Progress bar, int before) {
      Map<String, String> objects = objects(repo); // id -> where to say it is
      List<Finding> found = new ArrayList<>();
      bar.start("git objects", objects.size());
      Process cat = start(repo, "git", "cat-file", "--batch");
      Thread feeder = feed(cat, objects.keySet());
      try (InputStream out = new BufferedInputStream(cat.getInputStream())) {
        for (int i = 0; i < objects.size(); i++) {
          String header = line(out);
          String[] parts = header.split(" ");
          if (parts.length != 3) {
            throw new UsageException("unexpected answer from git cat-file: " + header);
          }
          long size = Long.parseLong(parts[2]);
          String where = objects.get(parts[0]);
          // Streamed: a blob of gigabytes is read in chunks like a file.
          Bounded content = new Bounded(out, size);
          KeyScanner.scan(content, k -> found.add(new Finding(where, k.line(), k.secret())));
          content.skipRest();
          out.read(); // the newline after the content
          bar.advance(1);
          bar.found(before + found.size());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        cat.destroy();
      }
      join(feeder);
      return found;
    }

    /** Blobs (with a path they had), commits and tags, by id. */
    private static Map<String, String> objects(Path repo) {
      Process list = start(repo, "git", "rev-list", "--all", "--objects");
      Map<String, String> paths = new LinkedHashMap<>();
      try (InputStream out = list.getInputStream()) {
        for (String line : new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          int space = line.indexOf(' ');
          if (space > 0) {
            paths.putIfAbsent(line.substring(0, space), line.substring(space + 1));
          } else if (!line.isBlank()) {
            paths.putIfAbsent(line.strip(), null);
          }
        }
        if (list.waitFor() != 0) {
          throw new UsageException(repo + " is not a git repository (git rev-list failed)");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UsageException("interrupted");
      }
      // rev-list names commits and (annotated) tags without a path; ask git each object's type.
      Process check = start(repo, "git", "cat-file", "--batch-check");
      Thread feeder = feed(check, paths.keySet());
      Map<String, String> objects = new LinkedHashMap<>();
      try (InputStream out = new BufferedInputStream(check.getInputStream())) {
        for (int i = 0; i < paths.size(); i++) {
          String[] parts = line(out).split(" ");
          if (parts.length != 3) {
            continue;
          }
          String id = parts[0];
          String short12 = id.substring(0, Math.min(12, id.length()));
          switch (parts[1]) {
            case "blob" -> objects.put(id, "git:" + paths.get(id) + "@" + short12);
            case "commit", "tag" -> objects.put(id, "git:" + parts[1] + " " + short12);
            default -> {} // trees hold names, not content
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      join(feeder);
      return objects;
    }

    private static Thread feed(Process git, java.util.Collection<String> ids) {
      return Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (OutputStream in = git.getOutputStream()) {
                  for (String id : ids) {
                    in.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException e) {
                  // git ended early: the reader reports it
                }
              });
    }

    private static void join(Thread feeder) {
      try {
        feeder.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder s = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new UsageException("git ended early");
        }
        s.append((char) c);
      }
      return s.toString();
    }

    private static Process start(Path repo, String... command) {
      try {
        return new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException e) {
        throw new UsageException("--git needs git on the PATH: " + e.getMessage());
      }
    }
  }

  /** The next {@code size} bytes of a stream, no more. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long size) {
      this.in = in;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    void skipRest() throws IOException {
      while (left > 0) {
        long n = in.skip(left);
        if (n <= 0) {
          if (in.read() < 0) {
            throw new IOException("git ended early");
          }
          n = 1;
        }
        left -= n;
      }
    }
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class Counting extends java.io.FilterInputStream {
    private final Progress bar;

    Counting(InputStream in, Progress bar) {
      super(in);
      this.bar = bar;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bar.advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        bar.advance(n);
      }
      return n;
    }
  }

  /** A one-line progress bar on stderr, redrawn at most ten times a second. */
  static final class Progress {
    private final PrintWriter err;
    private final boolean on;
    private String what = "";
    private long total;
    private long done;
    private int keys;
    private long drawnAt;
    private boolean drawn;

    Progress(PrintWriter err, boolean on) {
      this.err = err;
      this.on = on;
    }

    void start(String what, long total) {
      this.what = what;
      this.total = total;
      this.done = 0;
      draw(true);
    }

    void advance(long n) {
      done += n;
      draw(false);
    }

    void found(int keys) {
      this.keys = keys;
    }

    void clear() {
      if (drawn) {
        err.print("\r\033[K");
        err.flush();
        drawn = false;
      }
    }

    void done() {
      draw(true);
      clear();
    }

    private void draw(boolean now) {
      if (!on) {
        return;
      }
      long t = System.nanoTime();
      if (!now && t - drawnAt < PROGRESS_NANOS) {
        return;
      }
      drawnAt = t;
      int width = 30;
      int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
      int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
      err.print(
          "\rscanning "
              + what
              + " ["
              + "#".repeat(filled)
              + ".".repeat(width - filled)
              + "] "
              + percent
              + "%  "
              + keys
              + (keys == 1 ? " key" : " keys")
              + "\033[K");
      err.flush();
      drawn = true;
    }
  }
}
