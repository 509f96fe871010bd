package dev.latchkey.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender write only while its format ({@code <format>text</format>} or {@code json}) is
 * the one in use (see {@link LogFormat}): logback.xml attaches a text and a JSON appender, and this
 * keeps exactly one of them writing.
 */
public final class FormatFilter extends Filter<ILoggingEvent> {
  private LogFormat format = LogFormat.TEXT;

  /** Set by logback from the configuration. */
  public void setFormat(String value) {
    this.format =
        LogFormat.parse(value)
            .orElseThrow(() -> new IllegalArgumentException("format must be text or json"));
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return LogFormat.current() == format ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
