package dev.fractalsync.tools.midi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Draws the song's form: a template of the style, section lengths fitted to 2.5-4 minutes, sometimes a full stop. */
final class FormPlanner {
    /** Form templates; silence is added around them (and sometimes as a mid-song stop). */
    private static final Map<String, String[][]> FORMS = new LinkedHashMap<>();

    static {
        FORMS.put("pop", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "chorus", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "outro"},
                {"intro", "verse", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "chorus", "outro"},
                {"verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "bridge", "chorus", "outro"}});
        FORMS.put("rock", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "bridge", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "chorus", "outro"},
                {"intro", "verse", "verse", "chorus", "inst", "verse", "chorus", "bridge", "chorus", "outro"}});
        FORMS.put("dance", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "inst", "verse", "pre-chorus", "chorus", "bridge", "chorus", "outro"},
                {"intro", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "pre-chorus", "chorus", "outro"}});
        FORMS.put("ballad", new String[][] {
                {"intro", "verse", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "outro"},
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "chorus", "outro"}});
        FORMS.put("waltz", new String[][] {
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "outro"},
                {"intro", "verse", "verse", "bridge", "verse", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "chorus", "outro"}});
    }

    private final SongRandom rng;
    private final SongCharacter song;

    FormPlanner(SongRandom rng, SongCharacter song) {
        this.rng = rng;
        this.song = song;
    }

    /** The sections in order, with their bar counts, including any mid-song stop. */
    List<SongSection> plan() {
        String[][] forms = FORMS.get(song.style());
        List<String> form = new ArrayList<>(Arrays.asList(forms[rng.nextInt(forms.length)]));
        if (rng.nextDouble() < 0.12 && form.get(0).equals("intro")) {
            form.remove(0);
        }
        if (rng.nextDouble() < 0.3 && !form.contains("inst")) {
            int at = form.lastIndexOf("chorus");
            form.add(at, "inst");
        }
        List<SongSection> sections = new ArrayList<>();
        for (String label : form) {
            sections.add(new SongSection(label, sectionBars(label)));
        }
        // Fit 2.5-4 minutes by doubling or halving section lengths.
        double barSec = song.meter().beatsPerBar() * 60.0 / song.bpm();
        double targetSec = rng.uniform(150, 200);
        for (int guard = 0; guard < 64; guard++) {
            double total = sections.stream().mapToInt(s -> s.bars).sum() * barSec;
            if (total < targetSec) {
                List<SongSection> growable = sections.stream().filter(s -> s.bars <= 8 && !s.label.equals("intro")
                        && !s.label.equals("outro")).toList();
                if (growable.isEmpty()) {
                    growable = sections.stream().filter(s -> s.bars <= 8).toList();
                }
                if (growable.isEmpty()) {
                    break;
                }
                growable.get(rng.nextInt(growable.size())).bars *= 2;
            } else if (total > 240) {
                List<SongSection> shrinkable = sections.stream().filter(s -> s.bars >= 8).toList();
                if (shrinkable.isEmpty()) {
                    break;
                }
                shrinkable.get(rng.nextInt(shrinkable.size())).bars /= 2;
            } else {
                break;
            }
        }
        // A mid-song full stop (1-2 bars of silence), usually before the last chorus.
        if (rng.nextDouble() < 0.3) {
            int at = sections.size() - 1;
            while (at > 2 && !sections.get(at).label.equals("chorus")) {
                at--;
            }
            if (at > 2) {
                sections.add(at, new SongSection("silence", 1 + rng.nextInt(2)));
            }
        }
        return sections;
    }

    private int sectionBars(String label) {
        double r = rng.nextDouble();
        return switch (label) {
            case "intro", "outro" -> r < 0.55 ? 4 : r < 0.9 ? 8 : 6;
            case "pre-chorus" -> r < 0.6 ? 4 : 8;
            case "bridge", "inst" -> r < 0.7 ? 8 : r < 0.85 ? 4 : 16;
            default -> r < 0.7 ? 8 : r < 0.85 ? 16 : r < 0.93 ? 12 : 4;
        };
    }
}
