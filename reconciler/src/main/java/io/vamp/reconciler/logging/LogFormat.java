package io.vamp.reconciler.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log between key=value text (logback.xml's pattern, the default) and JSON (one
 * object per line: timestamp, level, thread, logger, the MDC and the formatted message; logback's own
 * {@link JsonEncoder}, no extra library). {@code log.format} / {@code VAMP_LOG_FORMAT}.
 */
public final class LogFormat {
  private LogFormat() {}

  /** Applies {@code text} or {@code json} to every console appender of the root logger. */
  public static void apply(String format) {
    String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals("json")) {
      if (!f.isEmpty() && !f.equals("text")) {
        LoggerFactory.getLogger(LogFormat.class).warn("unknown log.format=\"{}\": keeping text (text or json)", f);
      }
      return;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && !(console.getEncoder() instanceof JsonEncoder)) {
        switchEncoder(console, json(context));
      }
    }
  }

  /** The JSON encoder: no sequence numbers, nanoseconds, logger context or raw arguments. */
  public static JsonEncoder json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }

  private static void switchEncoder(OutputStreamAppender<ILoggingEvent> appender, Encoder<ILoggingEvent> encoder) {
    appender.stop();
    appender.setEncoder(encoder);
    appender.start();
  }
}
