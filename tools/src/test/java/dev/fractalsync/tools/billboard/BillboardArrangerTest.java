package dev.fractalsync.tools.billboard;

import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;
import dev.fractalsync.tools.midi.Arrangement;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BillboardArrangerTest {
    private final BillboardArranger arranger = new BillboardArranger();

    private static Transcription song() {
        return Transcription.parse("0001", TranscriptionTest.SONG);
    }

    @Test
    void truthFollowsTheTranscriptionsBarTimesAndSections() {
        SongTruth truth = arranger.arrange(song(), ArrangerFamily.BAND, 3).truth();
        assertEquals(1.0, truth.downbeats()[0], 1e-9);
        assertEquals(7.0, truth.downbeats()[3], 1e-9);
        assertEquals(21.0 + BillboardArranger.TAIL_SEC, truth.duration(), 1e-9);
        List<String> labels = truth.sections().stream().map(SectionSpan::label).toList();
        assertEquals(List.of("silence", "intro", "verse", "chorus", "chorus", "outro", "silence"), labels);
        for (int i = 1; i < truth.sections().size(); i++) {
            assertEquals(truth.sections().get(i - 1).end(), truth.sections().get(i).start(), 1e-9);
        }
    }

    @Test
    void pianoRubatoMovesBeatsInsidePhrasesButKeepsSectionStarts() {
        SongTruth plain = arranger.arrange(song(), ArrangerFamily.BAND, 3).truth();
        SongTruth piano = arranger.arrange(song(), ArrangerFamily.PIANO, 3).truth();
        assertEquals(plain.beats().length, piano.beats().length);
        assertFalse(Arrays.equals(plain.beats(), piano.beats()));
        for (int i = 0; i < plain.sections().size(); i++) {
            assertEquals(plain.sections().get(i).start(), piano.sections().get(i).start(), 1e-9);
        }
        for (int i = 1; i < piano.beats().length; i++) {
            assertTrue(piano.beats()[i] > piano.beats()[i - 1]);
        }
    }

    @Test
    void pianoHasNoDrumsAndUsesThePedalOthersHaveDrums() {
        Arrangement piano = arranger.arrange(song(), ArrangerFamily.PIANO, 3);
        assertEquals(0, count(piano, 9, ShortMessage.NOTE_ON, -1));
        assertTrue(count(piano, -1, ShortMessage.CONTROL_CHANGE, 64) > 0);
        for (ArrangerFamily f : List.of(ArrangerFamily.BAND, ArrangerFamily.ELECTRONIC, ArrangerFamily.ACOUSTIC)) {
            assertTrue(count(arranger.arrange(song(), f, 3), 9, ShortMessage.NOTE_ON, -1) > 0, f.id());
        }
    }

    @Test
    void sameSeedSameMidiAndTheFamiliesSoundDifferent() {
        assertArrayEquals(arranger.arrange(song(), ArrangerFamily.ACOUSTIC, 5).midiBytes(),
                arranger.arrange(song(), ArrangerFamily.ACOUSTIC, 5).midiBytes());
        assertFalse(Arrays.equals(arranger.arrange(song(), ArrangerFamily.ACOUSTIC, 5).midiBytes(),
                arranger.arrange(song(), ArrangerFamily.ELECTRONIC, 5).midiBytes()));
    }

    @Test
    void theChorusMelodySitsHigherThanTheVerseMelody() {
        Transcription t = Transcription.parse("0002", """
                # metre: 4/4
                # tonic: C
                0.0\tA, verse, | C:maj | F:maj | G:maj | C:maj |, (voice
                8.0\tB, chorus, | C:maj | F:maj | G:maj | C:maj |, voice)
                16.0\tend
                """);
        Arrangement a = arranger.arrange(t, ArrangerFamily.BAND, 11);
        double verse = meanPitch(a, 0, 0, 8);
        double chorus = meanPitch(a, 0, 8, 16);
        assertTrue(chorus > verse + 2, "verse " + verse + " chorus " + chorus);
    }

    private static double meanPitch(Arrangement a, int channel, double from, double to) {
        double sum = 0;
        int n = 0;
        for (Track tr : a.sequence().getTracks()) {
            for (int i = 0; i < tr.size(); i++) {
                MidiEvent ev = tr.get(i);
                double sec = ev.getTick() / BillboardArranger.TICKS_PER_SECOND;
                if (ev.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON
                        && m.getChannel() == channel && m.getData2() > 0 && sec >= from && sec < to) {
                    sum += m.getData1();
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static int count(Arrangement a, int channel, int command, int data1) {
        int n = 0;
        for (Track tr : a.sequence().getTracks()) {
            for (int i = 0; i < tr.size(); i++) {
                if (tr.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == command
                        && (channel < 0 || m.getChannel() == channel) && (data1 < 0 || m.getData1() == data1)) {
                    n++;
                }
            }
        }
        return n;
    }
}
