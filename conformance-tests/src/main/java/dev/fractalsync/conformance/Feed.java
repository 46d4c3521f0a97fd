package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;

/**
 * One replayable stream of inputs for one provider kind. A feed is single-use: {@link #step} is called with
 * 0, 1, 2, … in order (it advances the host-side state, such as frame stores, exactly like the host does); a replay
 * uses a new feed from the same {@link KindRules}.
 */
interface Feed<P extends Provider, O> {
    /** The signal the inputs come from ({@code demo-song}, {@code silence}, {@code random}, …). */
    String signal();

    int length();

    /** Builds input {@code step} and passes it to the provider; returns what the provider returned. */
    O step(P provider, int step);

    /** Stream time of input {@code step} (a beat hop's end, a structure step's newest hop end, a frame's time). */
    double tSec(int step);

    /** Where input {@code step} sits, for messages: {@code demo-song hop 37 (t=0.811 s)}. */
    String where(int step);
}
