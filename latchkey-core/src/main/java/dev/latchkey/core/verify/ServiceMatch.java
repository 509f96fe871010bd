package dev.latchkey.core.verify;

/** Which service a verified key must belong to. */
@FunctionalInterface
public interface ServiceMatch {
  /** Any service. */
  ServiceMatch ANY = serviceId -> true;

  /** No service: the caller named one that does not exist, so no key can belong to it. */
  ServiceMatch NONE = serviceId -> false;

  boolean matches(String serviceId);

  /** Exactly the service with this id. */
  static ServiceMatch id(String serviceId) {
    return serviceId::equals;
  }
}
