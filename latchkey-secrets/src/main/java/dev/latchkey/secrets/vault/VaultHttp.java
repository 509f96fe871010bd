package dev.latchkey.secrets.vault;

import dev.latchkey.secrets.vault.VaultFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/** Sends requests to Vault and turns what goes wrong into {@link VaultFailure}s. */
final class VaultHttp {
  private final HttpClient http;

  VaultHttp(HttpClient http) {
    this.http = http;
  }

  /**
   * Sends {@code request}; any answer is returned, whatever its status.
   *
   * @throws VaultFailure {@link Kind#UNREACHABLE} when no connection could be made, {@link
   *     Kind#NO_ANSWER} when the request may have been sent but no answer came
   */
  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new VaultFailure(Kind.UNREACHABLE, 0, "cannot connect to Vault (timeout)", e);
    } catch (HttpTimeoutException e) {
      throw new VaultFailure(Kind.NO_ANSWER, 0, "Vault did not answer in time", e);
    } catch (ConnectException e) {
      throw new VaultFailure(Kind.UNREACHABLE, 0, "cannot connect to Vault (refused)", e);
    } catch (IOException e) {
      throw new VaultFailure(
          Kind.NO_ANSWER, 0, "the connection to Vault broke: " + e.getClass().getSimpleName(), e);
    } catch (IllegalArgumentException e) {
      throw new VaultFailure(Kind.UNREACHABLE, 0, "cannot connect to Vault (bad address)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultFailure(Kind.NO_ANSWER, 0, "interrupted while waiting for Vault", e);
    }
  }

  /** Returns when {@code response} is a 2xx; otherwise throws what it means. */
  static void requireSuccess(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw failure(response);
    }
  }

  static VaultFailure failure(HttpResponse<String> response) {
    int status = response.statusCode();
    Kind kind = status >= 400 && status < 500 ? Kind.REFUSED : Kind.SERVER_ERROR;
    String errors = VaultJson.errors(response.body());
    return new VaultFailure(
        kind, status, "Vault answered " + status + (errors.isEmpty() ? "" : ": " + errors), null);
  }
}
