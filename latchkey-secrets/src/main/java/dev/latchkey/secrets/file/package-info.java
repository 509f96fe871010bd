/**
 * Files: {@link dev.latchkey.secrets.file.FileProvider} reads the server's own secrets from files
 * (a Docker or Kubernetes secret mount), {@link dev.latchkey.secrets.file.FileSinkDriver} writes
 * keys' secrets to files under one root, replacing them atomically the way the kubelet updates a
 * mounted Secret: a reader sees the old content or the new, never a part.
 */
package dev.latchkey.secrets.file;
