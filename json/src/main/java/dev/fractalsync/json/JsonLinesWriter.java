package dev.fractalsync.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes records in their wire form ({@link StateJson}) as JSON Lines, one value per line, through one generator:
 * no string per value, and nothing flushed until {@link #flush} or {@link #close}. Closing does not close the stream
 * (the caller owns it, which may be stdout). Not thread-safe.
 */
public final class JsonLinesWriter implements Closeable, Flushable {
    private final JsonGenerator generator;
    private final ObjectWriter writer;

    public JsonLinesWriter(OutputStream out) throws IOException {
        this.generator = StateJson.mapper().getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // separates root values by nothing: each value's line ends with the newline written after it
        this.generator.setPrettyPrinter(new MinimalPrettyPrinter(""));
        this.writer = StateJson.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .without(SerializationFeature.CLOSE_CLOSEABLE);
    }

    /** Appends {@code value} and a newline. */
    public void write(Object value) throws IOException {
        writer.writeValue(generator, value);
        generator.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
