package dev.fractalsync.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The log level is taken from the arguments before any logger exists, wherever the options stand. */
class LoggingOptionsTest {
    private final String before = System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL);
        } else {
            System.setProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL, before);
        }
    }

    @Test
    void levelAndVerboseAreFoundAmongTheCommandsArguments() {
        System.clearProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL);
        LoggingOptions.applyBefore("analyze", "song.wav", "--out", "-", "--log-level", "WARN", "--beat=oscillator");
        assertEquals("warn", System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL));
        LoggingOptions.applyBefore("run", "-v", "demo");
        assertEquals("debug", System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL));
        LoggingOptions.applyBefore("run", "-v", "--log-level=error");
        assertEquals("error", System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL), "an explicit level wins over -v");
    }

    @Test
    void withoutOptionsOrWithABadLevelTheConfiguredDefaultStays() {
        System.clearProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL);
        LoggingOptions.applyBefore("analyze", "song.wav", "--out", "states.jsonl");
        assertNull(System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL));
        LoggingOptions.applyBefore("providers", "--log-level", "loud");
        assertNull(System.getProperty(LoggingOptions.SIMPLE_LOGGER_LEVEL));
    }
}
