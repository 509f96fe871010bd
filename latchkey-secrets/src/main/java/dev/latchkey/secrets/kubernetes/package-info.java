/**
 * The Kubernetes sink: writes a key's secret into one data key of a Kubernetes Secret, creating the
 * Secret when it is absent, so pods read it as a mounted file or an environment variable. It talks
 * to the API server with fabric8's client over the JDK's own HTTP client. See
 * docs/rotation-kubernetes.md for the settings, the RBAC Role the server needs, and how long the
 * kubelet takes to refresh a mounted Secret.
 */
package dev.latchkey.secrets.kubernetes;
