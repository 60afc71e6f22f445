package io.brazesync.job;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of this JVM while it is open, as text with its context data and stack trace:
 * everything at INFO, the Kafka clients' configuration too, and at DEBUG the loggers that could see
 * the API key (this project's, the HTTP client's and netty's). The console keeps showing warnings
 * only.
 */
final class CapturedLogs implements AutoCloseable {

    private static final Map<String, Level> LEVELS =
            Map.of(
                    "io.brazesync", Level.DEBUG,
                    "org.asynchttpclient", Level.DEBUG,
                    "io.netty", Level.DEBUG,
                    "org.apache.kafka.clients", Level.INFO);

    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final LoggerContext context;
    private final Appender appender;
    private final Level rootLevel;
    private final List<String> addedLoggers = new ArrayList<>();
    private final List<LoggerConfig> raisedLoggers = new ArrayList<>();
    private final List<Level> raisedFrom = new ArrayList<>();

    private CapturedLogs() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = new Capture(events);
        appender.start();
        config.addAppender(appender);

        LoggerConfig root = config.getRootLogger();
        rootLevel = root.getLevel();
        for (Appender console : List.copyOf(root.getAppenders().values())) {
            root.removeAppender(console.getName());
            root.addAppender(console, Level.WARN, null);
        }
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        for (Map.Entry<String, Level> logger : LEVELS.entrySet()) {
            String name = logger.getKey();
            LoggerConfig existing = config.getLoggers().get(name);
            if (existing == null) {
                config.addLogger(name, new LoggerConfig(name, logger.getValue(), true));
                addedLoggers.add(name);
            } else {
                raisedLoggers.add(existing);
                raisedFrom.add(existing.getLevel());
                existing.setLevel(logger.getValue());
            }
        }
        context.updateLoggers();
    }

    static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** The events so far, one string each. */
    List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        for (Appender console : List.copyOf(root.getAppenders().values())) {
            root.removeAppender(console.getName());
            root.addAppender(console, null, null);
        }
        root.setLevel(rootLevel);
        addedLoggers.forEach(config::removeLogger);
        for (int i = 0; i < raisedLoggers.size(); i++) {
            raisedLoggers.get(i).setLevel(raisedFrom.get(i));
        }
        context.updateLoggers();
        appender.stop();
    }

    /** Keeps each event as text at once, since log4j may reuse the event object. */
    private static final class Capture extends AbstractAppender {

        private final Queue<String> events;

        Capture(Queue<String> events) {
            super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
            this.events = events;
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder text =
                    new StringBuilder()
                            .append(event.getLevel())
                            .append(' ')
                            .append(event.getLoggerName())
                            .append(" [")
                            .append(event.getThreadName())
                            .append("] ")
                            .append(event.getMessage().getFormattedMessage())
                            .append(' ')
                            .append(event.getContextData());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            events.add(text.toString());
        }
    }
}
