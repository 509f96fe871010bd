package dev.latchkey.api;

/**
 * Body of {@code POST /v1/keys/{id}/rotations}: rotate now through a sink, the way a policy would.
 *
 * @param sink a sink id ({@code snk_…}); absent for the sink of the key's policy
 * @param gracePeriod ISO-8601 duration, PT0S to P30D; absent for the policy's, else PT24H
 */
public record StartRotation(String sink, String gracePeriod) {}
