package io.mqttha.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every log line of every logger, down to TRACE, held in memory by a list appender on the root logger
 * instead of printed; {@link #close()} puts the logging configuration back. A line counts with its
 * formatted message and its whole exception: stack, causes and suppressed ones.
 */
final class CapturedLogs implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> rootAppenders = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        // TRACE from the network stack would flood the build output; the console gets its appender back at close.
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            rootAppenders.add(it.next());
        }
        rootAppenders.forEach(root::detachAppender);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    static CapturedLogs everything() {
        return new CapturedLogs();
    }

    /** Every line so far, as text. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            lines.add(line);
        }
        return lines;
    }

    /** The lines at INFO or above, with their time, for a test's own output. */
    List<String> importantLines() {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getInstant() + " " + e.getLevel() + " " + e.getLoggerName() + " - "
                        + e.getFormattedMessage())
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        rootAppenders.forEach(root::addAppender);
        levels.forEach(Logger::setLevel);
    }
}
