package dev.latchkey.core.secret;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Latchkey keys in text of any size: every run shaped like a key ({@code prefix_} then 38
 * base62 characters, whatever surrounds it) whose checksum holds. The checksum is a CRC32 over the
 * rest, so a random run of that shape passes with a chance of one in 2^32: a finding is a key in
 * all but a vanishing number of cases, without asking any server.
 *
 * <p>Input is read in chunks (a file with one line of gigabytes is fine); bytes are taken one to a
 * character (ISO-8859-1), so binary files and any text encoding whose ASCII is ASCII are scanned
 * alike. Not thread-safe; one scanner per input.
 */
public final class KeyScanner {
  // No look-around: a key may follow or precede anything (an escape like \n, an underscore, a
  // percent-encoding, more text); the checksum alone tells a key from a lookalike, and a run that
  // fails it is tried again one character later, so a shorter prefix inside it is not missed.
  private static final Pattern SHAPE =
      Pattern.compile(
          "(?:lk_root|[a-z][a-z0-9]{0,15})_[0-9A-Za-z]{"
              + (KeyFormat.RANDOM_CHARS + KeyFormat.CHECK_CHARS)
              + "}");
  private static final int CHUNK = 64 * 1024;
  // A match that starts this far before the end of a chunk is wholly inside it, the character
  // after it included; one that starts later waits for the next chunk.
  private static final int TAIL = KeyFormat.MAX_LENGTH + 1;

  /** A key found, and the line (from 1) it starts on. Its secret never appears in toString. */
  public record Found(Secret secret, long line) {}

  private KeyScanner() {}

  /** Every key in {@code in}, in order, to {@code found}; returns how many. */
  public static int scan(InputStream in, Consumer<Found> found) throws IOException {
    return scan(new InputStreamReader(in, StandardCharsets.ISO_8859_1), found);
  }

  /** Every key in {@code in}, in order, to {@code found}; returns how many. */
  public static int scan(Reader in, Consumer<Found> found) throws IOException {
    StringBuilder buffer = new StringBuilder(CHUNK + TAIL);
    char[] chunk = new char[CHUNK];
    long line = 1; // the line of buffer's first character
    int count = 0;
    boolean end = false;
    while (!end) {
      int read = in.read(chunk);
      if (read < 0) {
        end = true;
      } else {
        buffer.append(chunk, 0, read);
        if (buffer.length() < TAIL + CHUNK / 2) {
          continue; // too little to decide anything yet
        }
      }
      int safe = end ? buffer.length() : buffer.length() - TAIL;
      Matcher m = SHAPE.matcher(buffer);
      int counted = 0;
      int at = 0;
      while (at < safe && m.find(at) && m.start() < safe) {
        line += newlines(buffer, counted, m.start());
        counted = m.start();
        var secret = KeyFormat.parse(m.group());
        if (secret.isPresent()) {
          count++;
          found.accept(new Found(secret.get(), line));
          at = m.end();
        } else {
          at = m.start() + 1;
        }
      }
      if (!end) {
        // Keep from the first undecided position on (a key found may end past it).
        int keep = Math.max(at, safe);
        line += newlines(buffer, counted, keep);
        buffer.delete(0, keep);
      }
    }
    return count;
  }

  private static int newlines(CharSequence text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
