/**
 * The command line client: {@code latchkey keygen} (offline) and the networked commands {@code
 * services}, {@code consumers}, {@code keys}, {@code root-keys} and {@code audit}, which call the
 * HTTP API through the SDK ({@code dev.latchkey.client}).
 *
 * <p>Choices worth knowing:
 *
 * <ul>
 *   <li>The root key comes from {@code --root-key-file} or {@code LATCHKEY_ROOT_KEY}, never from an
 *       option value, which would land in shell history and {@code ps}. For the same reason {@code
 *       keys verify -} reads the key from stdin.
 *   <li>{@link dev.latchkey.server.cli.Remote} is the one place failures become exit codes ({@link
 *       dev.latchkey.server.cli.ExitCodes}) and stderr text; the commands only say what to call and
 *       print. Commands return their code instead of throwing, because {@code Main} runs picocli
 *       with its default handlers, which would report an exception as exit 1, the code that {@code
 *       keys verify} reserves for "not VALID".
 *   <li>{@code --json} re-encodes the response record with the wire mapper the server also uses, so
 *       the output is the server's JSON; a field newer than this CLI would be dropped.
 *   <li>The exit code table is in every group command's footer and in {@code docs/cli.md}. The top
 *       command's footer belongs to {@code Main}; it can show it with {@code footer =
 *       ExitCodes.FOOTER}.
 * </ul>
 */
package dev.latchkey.server.cli;
