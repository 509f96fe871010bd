package dev.latchkey.api;

/**
 * One secret a secret scanner (GitHub's secret scanning partner program) found in public: an item
 * of the JSON array {@code POST /v1/leaks} receives.
 *
 * @param token the secret as found
 * @param type the scanner's name for the pattern that matched
 * @param url where it was found (a file, commit or comment URL)
 * @param source the kind of place, e.g. {@code content}, {@code commit}, {@code issue_comment}
 */
public record ReportedToken(String token, String type, String url, String source) {}
