package dev.fractalsync.app;

import dev.fractalsync.clock.AvClock;
import dev.fractalsync.clock.ManualTempo;
import dev.fractalsync.clock.TapTempo;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.engine.FractalSyncEngine;

import java.util.Locale;
import java.util.Optional;

/**
 * A live run's beat grid by hand, shared by the window's keys and the control page (any thread): tap tempo, a tempo
 * typed in, back to the tracker's, and the manual cue. Taps are placed at the song time being heard when they arrive.
 */
final class TempoByHand {
    private final FractalSyncEngine engine;
    private final AvClock av;
    private final TapTempo taps = new TapTempo();

    TempoByHand(FractalSyncEngine engine, AvClock av) {
        this.engine = engine;
        this.av = av;
    }

    /** A tap at {@code deviceSec} on the tapping device's clock; from the fourth tap of a run the grid follows. */
    synchronized String tap(double deviceSec) {
        Optional<ManualTempo> tempo = taps.tap(deviceSec, av.audibleTime());
        tempo.ifPresent(engine::overrideTempo);
        return tempo.map(m -> String.format(Locale.ROOT, "tap tempo: %.1f BPM (%d taps)", m.bpm(), taps.taps()))
                .orElse("tap " + taps.taps());
    }

    /** Beats at {@code bpm} from the tracker's last downbeat on; one-line error outside the override's range. */
    synchronized void set(double bpm) {
        ManualTempo tempo = ManualTempo.ofBpm(bpm);
        taps.clear();
        engine.overrideTempo(tempo);
    }

    synchronized String release() {
        taps.clear();
        engine.releaseTempo();
        return "tempo: the tracker's again (" + engine.tempoLevel().flag() + ")";
    }

    String cue() {
        engine.cue();
        return "cue: next section";
    }

    synchronized long taps() {
        return taps.taps();
    }

    /** The hand-set tempo in BPM, or null. */
    Double override() {
        ManualTempo m = engine.manualTempo();
        return m == null ? null : m.bpm();
    }

    /**
     * What the HUD shows: {@code manual 90.0} while a hand-set tempo is in effect, else the tempo level ({@code auto:
     * half} while auto publishes half time).
     */
    String level() {
        Double bpm = override();
        if (bpm != null) {
            return String.format(Locale.ROOT, "manual %.1f", bpm);
        }
        TempoLevel level = engine.tempoLevel();
        return level == TempoLevel.AUTO && engine.autoHalfTime() ? "auto: half" : level.flag();
    }
}
