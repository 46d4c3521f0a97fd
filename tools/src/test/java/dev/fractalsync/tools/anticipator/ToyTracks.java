package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.tools.dataset.BeatEvents;
import dev.fractalsync.tools.dataset.HopTargets;
import dev.fractalsync.tools.dataset.LabelSegment;
import dev.fractalsync.tools.dataset.Track;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-made tracks for fast tests: each section has its own feature level, beats every 24 hops. */
final class ToyTracks {
    private ToyTracks() {
    }

    static Track track(String name, String split, long seed, int hops) {
        double hopSec = 1024.0 / 48000;
        int beatHops = 24;
        double spb = beatHops * hopSec;
        SplittableRandom rnd = new SplittableRandom(seed);
        SectionLabel[] order = {SectionLabel.INTRO, SectionLabel.VERSE, SectionLabel.CHORUS, SectionLabel.VERSE,
                SectionLabel.CHORUS, SectionLabel.OUTRO};
        List<LabelSegment> segs = new ArrayList<>();
        int sectionHops = hops / order.length;
        for (int i = 0; i < order.length; i++) {
            double end = i == order.length - 1 ? hops * hopSec : (i + 1) * sectionHops * hopSec;
            segs.add(new LabelSegment(i * sectionHops * hopSec, end, order[i]));
        }
        List<Double> beats = new ArrayList<>();
        for (double t = 0; t < hops * hopSec; t += spb) {
            beats.add(t);
        }
        BeatEvents events = BeatEvents.of(beats, null);
        HopTargets targets = HopTargets.compute(segs, events, hops, 48000, 1024, hops * hopSec, 0.1);
        float[] audio = new float[hops * 22];
        float[] beat = new float[hops * BeatFeatures.SIZE];
        float[] pitch = new float[hops * 12];
        for (int t = 0; t < hops; t++) {
            int label = targets.ySection()[t];
            for (int f = 0; f < 22; f++) {
                audio[t * 22 + f] = (float) (0.1 * label + 0.05 * f / 22.0 + 0.05 * rnd.nextGaussian());
            }
            for (int c = 0; c < 12; c++) { // a chord per section label, a little noise
                pitch[t * 12 + c] = (float) (((c * 7 + label) % 12 < 3 ? 1.0 : 0.05) + 0.05 * rnd.nextDouble());
            }
            double phase = ((t + 1) % beatHops) / (double) beatHops;
            BeatFeatures.of(phase, spb, 1, 0).copyTo(beat, t * BeatFeatures.SIZE);
        }
        return Track.of(name, split, 22, audio, beat, 12, pitch, targets);
    }
}
