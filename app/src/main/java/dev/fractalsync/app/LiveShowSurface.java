package dev.fractalsync.app;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.clock.AvClock;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.control.ControlCommand;
import dev.fractalsync.control.ShowStatus;
import dev.fractalsync.control.ShowSurface;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.render.FramePainter;
import dev.fractalsync.render.Preset;
import dev.fractalsync.render.ShowControls;
import dev.fractalsync.render.SwingVisualizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live run as the control page sees it: the engine's latest state, the window's settings and the A/V clock. */
final class LiveShowSurface implements ShowSurface {
    private final FractalSyncEngine engine;
    private final SwingVisualizer window;
    private final AvClock av;
    private final TempoByHand hand;
    private volatile MidiControls midi;
    private final List<String> displays = ShowControls.displays();
    private long lastBeatCount = -1;
    private volatile int beatInBar;

    LiveShowSurface(FractalSyncEngine engine, SwingVisualizer window, AvClock av, TempoByHand hand) {
        this.engine = engine;
        this.window = window;
        this.av = av;
        this.hand = hand;
        engine.addStateListener(this::follow);
    }

    /** Counts the beats of the bar from the published downbeats (on the slow clock's thread). */
    private void follow(SlowState state) {
        BeatClockState beat = state.beat();
        if (beat.beatCount() == lastBeatCount) {
            return;
        }
        lastBeatCount = beat.beatCount();
        Double downbeat = beat.downbeatProb();
        if (downbeat != null && downbeat >= 0.5) {
            beatInBar = 1;
        } else if (beatInBar > 0) {
            beatInBar++;
        }
    }

    @Override
    public ShowStatus status() {
        SlowState s = engine.latest();
        ShowStatus.Music music;
        if (s == null) {
            music = new ShowStatus.Music(0, 0, 0, 0, 0, 0, SectionLabel.SILENCE.contractName(), Map.of(), Map.of());
        } else {
            Map<String, Double> sections = new LinkedHashMap<>();
            for (SectionLabel label : SectionLabel.values()) {
                sections.put(label.contractName(), s.structure().sectionProb(label));
            }
            Map<Integer, Double> hazard = new LinkedHashMap<>();
            int[] horizons = engine.contract().horizonsBeats();
            for (int k = 0; k < horizons.length; k++) {
                hazard.put(horizons[k], s.structure().hazardProb(k));
            }
            BeatClockState b = s.beat();
            music = new ShowStatus.Music(b.tSec(), b.bpm(), b.phase(), b.beatCount(), beatInBar, b.conf(),
                    s.section().contractName(), sections, hazard);
        }
        SwingVisualizer.Report r = window.report();
        ShowControls c = window.controls();
        return new ShowStatus(music, new ShowStatus.Picture(r.fps(), r.frameMs(), r.width(), r.height(), av.offsetMs()),
                new ShowStatus.Controls(c.preset().name(), c.presets().stream().map(Preset::name).toList(),
                        c.sensitivity(), FramePainter.MAX_SENSITIVITY, c.paletteLocked(), c.blackout(), c.frozen(),
                        engine.tempoLevel().flag(), hand.override(), hand.taps(),
                        midi == null ? null : midi.learnState(), displays, c.fullscreenDisplay()),
                engine.status());
    }

    @Override
    public void apply(ControlCommand command) {
        ShowControls c = window.controls();
        if (command instanceof ControlCommand.SelectPreset p) {
            c.selectPreset(p.name());
        } else if (command instanceof ControlCommand.Sensitivity s) {
            c.setSensitivity(s.value());
        } else if (command instanceof ControlCommand.AvOffset o) {
            av.setOffsetMs(o.ms());
            c.touched("av-offset");
        } else if (command instanceof ControlCommand.PaletteLock l) {
            c.lockPalette(l.on());
        } else if (command instanceof ControlCommand.Blackout b) {
            c.blackout(b.on());
        } else if (command instanceof ControlCommand.Freeze f) {
            c.freeze(f.on());
        } else if (command instanceof ControlCommand.TempoLevel t) {
            engine.tempoLevel(TempoLevel.ofFlag(t.level()));
            c.touched("tempo-level");
        } else if (command instanceof ControlCommand.Fullscreen f) {
            c.requestFullscreen(f.display());
        } else if (command instanceof ControlCommand.Tap t) {
            hand.tap(t.atMs() / 1000.0);
            c.touched("tap");
        } else if (command instanceof ControlCommand.Tempo t) {
            if (t.bpm() == null) {
                hand.release();
                c.touched("release-tempo");
            } else {
                hand.set(t.bpm());
            }
        } else if (command instanceof ControlCommand.Cue) {
            hand.cue();
            c.touched("cue");
        } else if (command instanceof ControlCommand.MidiLearn l) {
            MidiControls m = midi;
            if (m == null) {
                throw new IllegalArgumentException("MIDI learn needs a MIDI input: run with --midi-in DEVICE");
            }
            m.learn(l.on());
        } else {
            throw new IllegalArgumentException("this run cannot " + command);
        }
    }

    /** The MIDI controls of this run, for MIDI learn and the page's learn state. */
    void midi(MidiControls controls) {
        this.midi = controls;
    }

    @Override
    public byte[] preview() {
        return window.preview();
    }
}
