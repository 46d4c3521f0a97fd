package dev.fractalsync.tools.billboard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptionTest {
    static final String SONG = """
            # title: Test Song
            # artist: The Testers
            # metre: 4/4
            # tonic: A

            0.0\tsilence
            1.0\tA, intro, | A:min | C:maj |
            5.0\tB, verse, | A:min . C:maj . | (2/4) F:maj | x2, (voice
            11.0\t| G:7 |, voice)
            13.0\tC, trans, | E:7 |, (guitar)
            15.0\tD, chorus, | F:maj | &pause |
            19.0\tfadeout, | A:min |
            21.0\tsilence
            23.0\tend
            """;

    @Test
    void barsShareTheirLinesTimeByBeatsAndRepeatsAreExpanded() {
        Transcription t = Transcription.parse("0001", SONG);
        assertEquals("Test Song", t.title());
        assertEquals("The Testers", t.artist());
        assertEquals(9, t.tonic());
        // intro 2 bars, verse (4+2 beats) x2 + 1 bar, trans 1, chorus 2, fadeout 1
        List<Transcription.Bar> bars = t.bars();
        assertEquals(2 + 4 + 1 + 1 + 2 + 1, bars.size());
        assertArrayEquals(new double[] {1.0, 1.5, 2.0, 2.5, 3.0}, bars.get(0).beatTimes(), 1e-9);
        // line at 5 s to 11 s holds 12 beats: 0.5 s per beat; the 2/4 bar has 2 beats
        Transcription.Bar twoFour = bars.get(3);
        assertEquals(2, twoFour.beats());
        assertEquals(7.0, twoFour.start(), 1e-9);
        assertEquals(8.0, twoFour.end(), 1e-9);
        // "A:min . C:maj ." gives one chord per beat
        Transcription.Bar split = bars.get(2);
        assertEquals(9, split.chords()[0].root());
        assertEquals(9, split.chords()[1].root());
        assertEquals(0, split.chords()[2].root());
        assertEquals("voice", split.lead());
        assertEquals("voice", bars.get(6).lead());
        assertEquals("guitar", bars.get(7).lead());
        assertNull(bars.get(8).lead());
        assertTrue(bars.get(9).pause());
        assertEquals(21.0, bars.get(bars.size() - 1).end(), 1e-9);
        assertEquals(23.0, t.end(), 1e-9);
    }

    @Test
    void sectionsMapOntoTheContractLabelsAndAShortTransitionJoinsTheSectionItLeadsInto() {
        Transcription t = Transcription.parse("0001", SONG);
        List<String> labels = t.sections().stream().map(Transcription.Section::label).toList();
        assertEquals(List.of("silence", "intro", "verse", "chorus", "chorus", "outro", "silence"), labels);
        assertEquals("trans", t.sections().get(3).function());
        assertEquals(13.0, t.sections().get(3).start(), 1e-9);
        assertEquals("fadeout", t.sections().get(5).function());
    }

    @Test
    void compoundMetreCountsDottedQuarterBeats() {
        Transcription t = Transcription.parse("x", """
                # metre: 6/8
                0.0\tA, verse, | C:maj | G:maj |
                2.0\tend
                """);
        assertTrue(t.compound());
        assertEquals(2, t.bars().get(0).beats());
    }

    @Test
    void aBarWithoutWholeBeatsIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transcription.parse("x", """
                # metre: 4/4
                0.0\tA, verse, | C:maj | (3/8) G:maj |
                2.0\tend
                """));
        assertTrue(e.getMessage().contains("3/8"), e.getMessage());
    }

    @Test
    void chordsParseQualitiesExtensionsAndInversions() {
        Chord c = Chord.parse("E:sus4(b7,9)");
        assertEquals(4, c.root());
        assertArrayEquals(new int[] {0, 5, 7, 10, 14}, c.intervals());
        Chord inv = Chord.parse("C:maj/5");
        assertEquals(7, inv.bass());
        Chord minor = Chord.parse("F#:min7");
        assertEquals(6, minor.root());
        assertTrue(minor.isMinor());
        assertTrue(Chord.parse("N").isNone());
        assertThrows(IllegalArgumentException.class, () -> Chord.parse("H:maj"));
    }
}
