package com.vpsie.autoscaler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSetupTest {

    @ParameterizedTest(name = "LOG_FORMAT={0}")
    @CsvSource({"json, json", "text, text", "'', text"})
    void oneConsoleAppenderInTheFormatAsked(String format, String expected) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        LogSetup.configure(context, format == null ? Map.of() : Map.of("LOG_FORMAT", format));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender(expected);
        assertThat(console).isNotNull();
        assertThat(console.isStarted()).isTrue();
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.micronaut.context.env").getLevel()).isEqualTo(Level.WARN);
        LoggingEvent event = new LoggingEvent("x", context.getLogger("decisions"), Level.INFO, "decision {} NONE", null, new Object[]{"general"});
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        if (expected.equals("json")) {
            assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
            assertThat(line).startsWith("{").contains("\"formattedMessage\":\"decision general NONE\"").doesNotContain("\"arguments\"");
        } else {
            assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
            assertThat(line).contains("INFO  decisions - decision general NONE");
        }
    }

    @Test
    void noFormatSetMeansText() {
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, Map.of());
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("text")).isNotNull();
    }

    @Test
    void aMisspeltFormatIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LogSetup.configure(new LoggerContext(), Map.of("LOG_FORMAT", "jsno")))
                .hasMessage("LOG_FORMAT: expected json or text, got 'jsno'");
    }
}
