package dev.fractalsync.engine;

/**
 * What {@link FractalSyncEngine#analyze} reports about one song, besides the states and events its listener got.
 *
 * @param hops         states published
 * @param durationSec  the audio's length at the contract rate
 * @param beatId       the beat provider that finished the song (a fallback shows here)
 * @param structureId  the structure provider that finished the song
 * @param fellBack     whether a provider fell back to its built-in replacement during the song
 * @param status       the slow clock's status line, empty while every provider was healthy
 * @param loudnessDbfs mean power of the hops above the input-level gate, in dBFS (RMS, not K-weighted); NaN when no
 *                     hop was above it
 * @param seconds      wall-clock time of the analysis
 * @param stages       where that time went
 */
public record SongAnalysis(long hops, double durationSec, String beatId, String structureId, boolean fellBack,
                           String status, double loudnessDbfs, double seconds, Stages stages) {
    /**
     * Busy time of one song's stages, in seconds, each measured on the thread that runs it (the reader decodes while
     * the beat provider works on the previous block and the calling thread publishes, so they overlap).
     *
     * @param decode    reader thread: decoding and resampling to the contract rate
     * @param features  reader thread: the front end (input level, feature frames)
     * @param beat      the beat provider's thread: beat tracking
     * @param structure the structure provider's thread (the calling thread waits for it)
     * @param publish   calling thread: the rest of publishing a state (the clock's own work, listeners, events), not
     *                  counting its waits for the beat and structure providers
     * @param beatWait  calling thread: waiting for the beat provider to finish a block
     * @param readerWait calling thread: waiting for the reader
     */
    public record Stages(double decode, double features, double beat, double structure, double publish,
                         double beatWait, double readerWait) {
    }

    /** Audio seconds per second of the beat provider's busy time. */
    public double beatRealTimeFactor() {
        return durationSec / stages.beat();
    }
}
