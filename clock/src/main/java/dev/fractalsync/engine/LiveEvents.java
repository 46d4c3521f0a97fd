package dev.fractalsync.engine;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Events for live outputs (bus, OSC, MIDI clock): each beat is sent at its predicted instant on the stream clock
 * ({@code tSec + (1 - phase) * spb} of the newest state, re-planned every hop as the tempo estimate moves), so a
 * light flashes on the beat rather than a hop after it; a beat whose instant passed before it could be planned is
 * sent at once. Bar positions continue the meter learned from the tracker's downbeats. Section changes and
 * boundary warnings go out as soon as they are detected. {@link #accept} runs on the audio thread; the target is
 * called from one timer thread (beats) and the audio thread (sections), never concurrently for the same kind.
 */
public final class LiveEvents implements Consumer<SlowState>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    private final DoubleSupplier streamClock;
    private final EngineListener target;
    private final StreamEvents sections;
    private final BeatEventDetector detected;
    private final ScheduledExecutorService timer;
    private final EngineListener sectionForwarder;

    private ScheduledFuture<?> pending;
    private long firedCount;
    private long lastDetectedCount;
    private int lastDetectedPosition;
    private int meter;
    private boolean failureLogged;

    /**
     * @param streamClock the stream time now, in seconds (the sound card's position, or the wall clock since start)
     */
    public LiveEvents(double hopSeconds, double boundaryThreshold, DoubleSupplier streamClock, EngineListener target) {
        this.streamClock = streamClock;
        this.target = target;
        this.sections = new StreamEvents(hopSeconds, boundaryThreshold);
        this.detected = new BeatEventDetector(hopSeconds);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalsync-beat-timer");
            t.setDaemon(true);
            return t;
        });
        this.sectionForwarder = new EngineListener() {
            @Override
            public void onSectionChange(SectionChange change) {
                safely(() -> target.onSectionChange(change));
            }

            @Override
            public void onBoundaryAhead(BoundaryWarning warning) {
                safely(() -> target.onBoundaryAhead(warning));
            }
        };
    }

    @Override
    public void accept(SlowState s) {
        sections.accept(s, sectionForwarder);
        BeatClockState b = s.beat();
        synchronized (this) {
            detected.accept(b, this::learnMeter);
            if (b.beatCount() > firedCount) {
                // a beat the plan did not reach in time (tempo jumped, or the first beat): send it now
                fire(b.beatCount(), b.tSec() - b.phase() * b.spb(), b);
            }
            long next = b.beatCount() + 1;
            double at = b.tSec() + (1 - b.phase()) * b.spb();
            if (pending != null) {
                pending.cancel(false);
            }
            long delayMicros = (long) Math.max(0, (at - streamClock.getAsDouble()) * 1e6);
            pending = timer.schedule(() -> {
                synchronized (this) {
                    fire(next, at, b);
                }
            }, delayMicros, TimeUnit.MICROSECONDS);
        }
    }

    private void learnMeter(BeatEvent e) {
        if (e.downbeat() && lastDetectedPosition > 1) {
            meter = lastDetectedPosition;
        }
        lastDetectedCount = e.beatCount();
        lastDetectedPosition = e.barPosition();
    }

    private void fire(long count, double at, BeatClockState b) {
        if (count <= firedCount) {
            return;
        }
        firedCount = count;
        int position = 0;
        if (lastDetectedPosition > 0) {
            long ahead = count - lastDetectedCount;
            position = meter > 0 ? (int) ((lastDetectedPosition - 1 + ahead) % meter) + 1
                    : ahead == 0 ? lastDetectedPosition : 0;
        }
        BeatEvent e = new BeatEvent(Math.max(0, at), count, b.bpm(), b.conf(), position == 1, position);
        safely(() -> target.onBeat(e));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("a live event output failed: {} (further failures not logged)", e.toString());
            }
        }
    }

    /** Beats sent so far. */
    public synchronized long beatsSent() {
        return firedCount;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
