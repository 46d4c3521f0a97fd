package dev.fractalsync.tools.billboard;

/** The song's key: the transcription's tonic, minor when the first chord is the minor tonic chord. */
final class SongKey {
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final String[] NOTE_NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    private final int tonic;
    private final int[] scale;

    private SongKey(int tonic, boolean minor) {
        this.tonic = tonic;
        this.scale = minor ? MINOR : MAJOR;
    }

    static SongKey of(Transcription t) {
        return new SongKey(t.tonic(), firstChordMinor(t));
    }

    private static boolean firstChordMinor(Transcription t) {
        for (Transcription.Bar b : t.bars()) {
            for (Chord c : b.chords()) {
                if (!c.isNone()) {
                    return c.root() == t.tonic() && c.isMinor();
                }
            }
        }
        return false;
    }

    /** The key, e.g. "A minor". */
    String name() {
        return NOTE_NAMES[tonic] + (scale[2] == 3 ? " minor" : " major");
    }

    /** The pitch {@code steps} scale steps above (below when negative) {@code pitch}. */
    int stepInScale(int pitch, int steps) {
        int n = pitch;
        int dir = Integer.signum(steps);
        for (int k = 0; k < Math.abs(steps); k++) {
            do {
                n += dir;
            } while (!inScale(n));
        }
        return n;
    }

    boolean inScale(int n) {
        int rel = Math.floorMod(n - tonic, 12);
        for (int s : scale) {
            if (s == rel) {
                return true;
            }
        }
        return false;
    }
}
