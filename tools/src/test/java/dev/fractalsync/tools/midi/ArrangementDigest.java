package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of everything an {@link Arrangement} hands to the corpus: the MIDI file bytes, the truth (tempo, metre,
 * every beat, downbeat and section, duration, all as exact bits) and the metadata listing. Characterization tests
 * compare it with values recorded from the code before a refactoring.
 */
public final class ArrangementDigest {
    private ArrangementDigest() {
    }

    public static String sha256(Arrangement a) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] midi = a.midiBytes();
        md.update(longBytes(midi.length));
        md.update(midi);
        SongTruth t = a.truth();
        md.update(longBytes(Double.doubleToRawLongBits(t.bpm())));
        md.update(longBytes(t.beatsPerBar()));
        doubles(md, t.beats());
        doubles(md, t.downbeats());
        md.update(longBytes(t.sections().size()));
        for (SectionSpan s : t.sections()) {
            md.update(longBytes(Double.doubleToRawLongBits(s.start())));
            md.update(longBytes(Double.doubleToRawLongBits(s.end())));
            text(md, s.label());
        }
        md.update(longBytes(Double.doubleToRawLongBits(t.duration())));
        text(md, a.metadata().toString());
        return HexFormat.of().formatHex(md.digest());
    }

    private static void doubles(MessageDigest md, double[] values) {
        md.update(longBytes(values.length));
        for (double v : values) {
            md.update(longBytes(Double.doubleToRawLongBits(v)));
        }
    }

    private static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(longBytes(b.length));
        md.update(b);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
