package dev.fractalsync.clock;

/**
 * Where a sound device is in the stream: the live time base. A small interface so tests can simulate a device and
 * its latency; {@link LiveDriver} adapts Java Sound lines and the wall clock to it.
 */
public interface PlaybackPosition {
    /**
     * Sample frames (at the stream rate) the device has played since the stream started (output), or captured
     * (input); not the frames written to or read from its buffer.
     */
    long framePosition();

    /**
     * Latency the device reports beyond {@link #framePosition()}, in seconds: for output, from the counted position
     * to the speaker; for input, from the microphone to the counted position. 0 when it reports none.
     */
    double latencySeconds();
}
