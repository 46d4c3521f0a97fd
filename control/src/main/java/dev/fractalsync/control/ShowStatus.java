package dev.fractalsync.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * What the control page shows, sampled by the server about ten times a second and published on
 * {@link ControlServer#STATUS}. The page advances the beat pulse between samples from {@code bpm} and {@code phase}.
 *
 * @param music     the latest slow state as the engine published it
 * @param picture   how the window is rendering
 * @param controls  the settings the page can change, as they are now
 * @param providers provider health, one line (as the HUD and the run's summary print it)
 */
public record ShowStatus(Music music, Picture picture, Controls controls, String providers) {

    /**
     * @param tSec         stream time of the state, seconds
     * @param bpm          published tempo (after the tempo level)
     * @param phase        beat phase in [0,1)
     * @param beatCount    beats so far
     * @param beatInBar    1-based position of the last beat in its bar, 0 before the first downbeat
     * @param conf         tracker confidence
     * @param section      the held section label
     * @param sectionProbs section probabilities by label, in the contract's order
     * @param hazard       boundary hazard by horizon in beats, in the contract's order
     */
    public record Music(double tSec, double bpm, double phase, long beatCount, int beatInBar, double conf,
                        String section, Map<String, Double> sectionProbs, Map<Integer, Double> hazard) {
    }

    /**
     * @param fps          frames per second shown, smoothed
     * @param frameMs      work per frame, milliseconds
     * @param width        internal render width (the resolution governor scales it)
     * @param height       internal render height
     * @param avOffsetMs   the A/V offset in effect, milliseconds
     */
    public record Picture(double fps, double frameMs, int width, int height, double avOffsetMs) {
    }

    /**
     * @param preset         the look being painted
     * @param presets        the looks to choose among, in key order
     * @param sensitivity    the sensitivity in effect
     * @param maxSensitivity its largest value
     * @param paletteLock    whether the palette is held
     * @param blackout       whether the picture is black
     * @param frozen         whether the picture is held
     * @param tempoLevel     {@code auto}, {@code as-tracked}, {@code half} or {@code double}
     * @param tempoOverride  the hand-set tempo in BPM, or null when the tracker's is published
     * @param taps           taps in the current run of tap tempo
     * @param midiLearn      MIDI learn's state ({@code off}, {@code use a control}, {@code move a MIDI control for
     *                       ...}), or null without a MIDI input
     * @param displays       the screens full screen can go to, by index
     * @param fullscreen     the display shown full screen, or null in a window
     */
    public record Controls(String preset, List<String> presets, double sensitivity, double maxSensitivity,
                           boolean paletteLock, boolean blackout, boolean frozen, String tempoLevel,
                           Double tempoOverride, long taps, String midiLearn, List<String> displays,
                           Integer fullscreen) {
    }

    /** The page's JSON. */
    public JsonObject toJson() {
        JsonObject sections = new JsonObject();
        music.sectionProbs.forEach(sections::put);
        JsonArray hazard = new JsonArray();
        music.hazard.forEach((beats, p) -> hazard.add(new JsonObject().put("beats", beats).put("p", p)));
        return new JsonObject()
                .put("music", new JsonObject().put("t", music.tSec).put("bpm", music.bpm).put("phase", music.phase)
                        .put("beat", music.beatCount).put("beatInBar", music.beatInBar).put("conf", music.conf)
                        .put("section", music.section).put("sections", sections).put("hazard", hazard))
                .put("picture", new JsonObject().put("fps", picture.fps).put("frameMs", picture.frameMs)
                        .put("width", picture.width).put("height", picture.height)
                        .put("avOffsetMs", picture.avOffsetMs))
                .put("controls", new JsonObject().put("preset", controls.preset)
                        .put("presets", new JsonArray(List.copyOf(controls.presets)))
                        .put("sensitivity", controls.sensitivity).put("maxSensitivity", controls.maxSensitivity)
                        .put("paletteLock", controls.paletteLock).put("blackout", controls.blackout)
                        .put("frozen", controls.frozen).put("tempoLevel", controls.tempoLevel)
                        .put("tempoOverride", controls.tempoOverride).put("taps", controls.taps)
                        .put("midiLearn", controls.midiLearn)
                        .put("displays", new JsonArray(List.copyOf(controls.displays)))
                        .put("fullscreen", controls.fullscreen))
                .put("providers", providers);
    }
}
