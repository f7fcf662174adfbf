package com.vpsie.autoscaler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;
import java.util.Optional;

/**
 * The log set up in code, found by logback as a service before it looks for an XML file. Reading
 * logback.xml cost about a tenth of a second of every start (an XML parser and Joran's few hundred
 * classes, before Micronaut even begins) and needed reflection in the native image.
 *
 * <p>{@code LOG_FORMAT=json} (set in the container images) writes one JSON object per line, text
 * otherwise. Anything else stops the start, naming the variable ({@link #problem}). {@code -Dlogback.configurationFile}
 * still wins: the tools use it to send the log to a file ({@code logback-to-file.xml}).
 */
public class LogSetup extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg %kvp%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Why the environment's log format cannot be used, or empty; {@code Application} exits on it before anything logs. */
    static Optional<String> problem(Map<String, String> env) {
        String format = env.getOrDefault("LOG_FORMAT", "text");
        return switch (format) {
            case "json", "text", "" -> Optional.empty();
            default -> Optional.of("LOG_FORMAT: expected json or text, got '" + format + "'");
        };
    }

    static void configure(LoggerContext context, Map<String, String> env) {
        problem(env).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        String format = env.getOrDefault("LOG_FORMAT", "text");
        Encoder<ILoggingEvent> encoder = format.equals("json") ? json() : text();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(format.isEmpty() ? "text" : format);
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        // Micronaut's environment logs every property source it reads at INFO.
        context.getLogger("io.micronaut.context.env").setLevel(Level.WARN);
    }

    /** For commands whose standard output is their answer: errors only, on standard error. */
    static void quiet() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.ERROR);
            root.iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }

    private static Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(TEXT_PATTERN);
        return text;
    }

    private static Encoder<ILoggingEvent> json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        return json;
    }
}
