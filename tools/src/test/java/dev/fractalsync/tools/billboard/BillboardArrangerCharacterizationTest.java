package dev.fractalsync.tools.billboard;

import dev.fractalsync.tools.midi.ArrangementDigest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the arranger's complete output (MIDI bytes, truth, metadata) for several transcriptions, every family and
 * several seeds to SHA-256 values recorded from the code before it was split into smaller classes: the training
 * corpus depends on these bytes, so a restructuring must not change a single one. A deliberate change to the music
 * records new values here.
 */
class BillboardArrangerCharacterizationTest {
    /** 4/4 with repeats, a 2/4 bar, split bars, inversions, a drum break, a sax solo, a pause, a bridge, a fadeout. */
    static final String POP = """
            # title: Midnight Parade
            # artist: The Testers
            # metre: 4/4
            # tonic: D

            0.0\tsilence
            0.394920634\tA, intro, | D:maj | A:maj/3 | B:min7 | G:maj9 |, (guitar)
            9.013764172\tB, verse, | D:maj | D:maj | A:maj | A:maj |, (voice
            17.603197278\t| B:min | G:maj | D:maj . A:sus4 A:maj |
            24.050113378\tC, prechorus, | E:min7 | G:maj | E:min7 | A:7 |
            32.642993197\tD, chorus, | D:maj | A:maj | B:min | G:maj | x2
            49.843786848\t| E:min7 | A:7 | D:maj | (2/4) D:maj |, voice)
            56.270589569\ttrans, | G:maj | A:sus4(b7) |, (drums)
            60.541723356\tB, verse, | D:maj | D:maj | A:maj | A:maj |, (voice
            69.118752834\t| B:min | G:maj | D:maj . A:sus4 A:maj |
            75.571836734\tC, prechorus, | E:min7 | G:maj | E:min7 | A:7 |
            84.143492063\tD, chorus, | D:maj | A:maj | B:min | G:maj | x2, voice)
            101.296780045\tE, solo, | B:min | G:maj | D:maj | A:maj |, (saxophone
            109.904036281\t| B:min | G:maj | E:min7 | A:7 | &pause |, saxophone)
            120.571632653\tF, bridge, | G:maj | F#:min7 | E:min7 | D:maj/3 |, (voice
            129.180521541\t| G:maj | F#:min7 | E:min7 | A:sus4(b7) |
            137.801904761\tD, chorus, | D:maj | A:maj | B:min | G:maj | x2
            154.964716553\tfadeout, | D:maj | A:maj | B:min | G:maj |, voice)
            163.541224489\tsilence
            166.0\tend
            """;

    /** Compound metre (dotted-quarter beats) in a minor key, with a refrain, a flute interlude and a coda. */
    static final String COMPOUND = """
            # title: Harbour Lights
            # artist: Test Ensemble
            # metre: 6/8
            # tonic: E

            0.0\tsilence
            1.120362811\tA, intro, | E:min | E:min | C:maj | B:7 |, (piano)
            8.203741496\tB, verse, | E:min | E:min | A:min | A:min |, (voice
            15.310294784\t| C:maj | D:maj | G:maj | B:7 |
            22.398140589\t| E:min | E:min | A:min | A:min |
            29.512743764\t| C:maj | B:7 | E:min | E:min |, voice)
            36.607006802\tC, refrain, | G:maj | D:maj/3 | E:min | C:maj |, (voice
            43.729433106\t| A:min7 | B:7 | E:min | E:min |, voice)
            50.863287981\tD, interlude, | C:maj | D:maj | B:min7 | E:min |, (flute)
            57.958140589\tB, verse, | E:min | E:min | A:min | A:min |, (voice
            65.090385487\t| C:maj | D:maj | G:maj | B:7 |, voice)
            72.19877551\tC, refrain, | G:maj | D:maj/3 | E:min | C:maj |, (voice
            79.311383219\t| A:min7 | B:7 | E:min | E:min |, voice)
            86.440045351\tcoda, | C:maj | B:7 | E:min | E:min |
            94.870204081\tsilence
            97.5\tend
            """;

    /** 3/4 with a no-chord bar, an organ lead in the chorus and an ending. */
    static final String WALTZ = """
            # title: Sunday Waltz
            # artist: The Test Trio
            # metre: 3/4
            # tonic: F

            0.0\tsilence
            0.52\tA, intro, | F:maj | F:maj | C:7 | C:7 |
            6.41\tB, verse, | F:maj | F:maj | Bb:maj | Bb:maj |, (voice
            12.37\t| C:7 | C:7 | F:maj | F:maj |
            18.22\t| F:maj | F:maj | Bb:maj | G:min7 |
            24.19\t| C:7 | C:7 | F:maj | N |, voice)
            30.05\tC, chorus, | Bb:maj | C:7 | A:min | D:min |, (organ
            36.02\t| G:min7 | C:7 | F:maj | F:maj |, organ)
            41.93\tB, verse, | F:maj | F:maj | Bb:maj | Bb:maj |, (voice
            47.88\t| C:7 | C:7 | F:maj | F:maj |, voice)
            53.8\tC, chorus, | Bb:maj | C:7 | A:min | D:min | x2
            65.71\tending, | F:maj | C:7 | F:maj |
            70.2\tsilence
            72.0\tend
            """;

    private static final Map<String, String> SONGS = new LinkedHashMap<>();
    private static final long[] SEEDS = {0, 3, 20240611};
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        SONGS.put("pop", POP);
        SONGS.put("compound", COMPOUND);
        SONGS.put("waltz", WALTZ);
        SONGS.put("short", TranscriptionTest.SONG);
        EXPECTED.put("pop band 0", "0e05d053a7bcba2dc796f0af491ade3228369006e0761ad0b65b1dea23311d8c");
        EXPECTED.put("pop band 3", "f90f1b2d300f8209fb1bdb7f78622a435c37294b4d6a39f80a801bb133bc0a53");
        EXPECTED.put("pop band 20240611", "756e88a98e5221a354318e33f9f5d56154c5e088663201985fed113c41fdd64d");
        EXPECTED.put("pop piano 0", "9c2c857a0d4f098de0bb4c0cfc064faa77ebd998a9931b4cb92628d764049e52");
        EXPECTED.put("pop piano 3", "b0a95b742e85de6fceabc4d6dd37246d05e1ae261eb7c008f24e85cbbf0c05e9");
        EXPECTED.put("pop piano 20240611", "6be27b0bf1346ff9dd0ff3ccba76a9cfe2537ccb535f3732b8969f26e25fd189");
        EXPECTED.put("pop acoustic 0", "74b613b0e28052036a4d21f10ffe48e1a7d9030755c65c9594ba6f41fa37008c");
        EXPECTED.put("pop acoustic 3", "008bb1b2c1e3944b74af52633b22d9a3e9f5062c9f8ccbba203d7c696b21a210");
        EXPECTED.put("pop acoustic 20240611", "14169696100fcdc05f741404fafb8c604bdb53c44abcba5865995c733f47a57f");
        EXPECTED.put("pop electronic 0", "7ec51a65c7ca94e4e44cfebfa6cdae19421205e7f2aaad6d5058baca2d3fc27b");
        EXPECTED.put("pop electronic 3", "ae0554521d81d57eae9681ef686851bc5c80d65e9be4d159b80f84cec7143012");
        EXPECTED.put("pop electronic 20240611", "2ee2df4f4f015346de41b2025612e311ff6c12a8bd3658cd64f81b11d50b5c4e");
        EXPECTED.put("compound band 0", "bdb45411f272509cccb1bc9f570dddd72c2b0eca68669484518ff6d689fce246");
        EXPECTED.put("compound band 3", "8cd9e3d877b8bf1f6db20a6d7220153babf2a7da094fe85393d8d93f396ac0ae");
        EXPECTED.put("compound band 20240611", "2bb927069d692b743351f87390a36cef87e583bdf0477cd40732f9f5a9e2e7ff");
        EXPECTED.put("compound piano 0", "88cfdd824c467eaaab2c91ebe7ad62be23d093795cb20c4c0aedbba5c6cef83f");
        EXPECTED.put("compound piano 3", "7903e7810168df8ebbd1ae71027941fc9b6aaf16d64c861abdb1cc9e1adb455e");
        EXPECTED.put("compound piano 20240611", "058daf5b7fbc90b924629021c58c0588c54f689d97b41d9fe67252135e20eab0");
        EXPECTED.put("compound acoustic 0", "f2f8838c0b5dd532b4ae019c6ccfc510eb40fdfde163685f9273ee04edaac8b8");
        EXPECTED.put("compound acoustic 3", "d42af1082b3d41780cf0bdfdff286c41b4c1ccd810996c6c9ea9a713462c0cf2");
        EXPECTED.put("compound acoustic 20240611", "1eaa62547f3a9186f944380e1998d29f78752a3ffa92242d577807b88305734f");
        EXPECTED.put("compound electronic 0", "a32af8191e360b2c47aa0b1d2902c125c443361a205f998042855b98c85bedab");
        EXPECTED.put("compound electronic 3", "87daab4efaceb358d565125a228c50ad620df5ce695830b066b1c294c2b7607d");
        EXPECTED.put("compound electronic 20240611", "43083c0f2e0385bd7f779851524450495924631d0b63e91c6ff27aceb80df331");
        EXPECTED.put("waltz band 0", "2de2fd069bcc1259e86650c89ffb2080d78169e75103edef148b2623e27eefd0");
        EXPECTED.put("waltz band 3", "cd96d24fccf9fab510139da5269b5562ee7bd909cb038934031126319e8b4296");
        EXPECTED.put("waltz band 20240611", "c48fb1d9347e68c33c5c565c1bbcb01ecc6b9b8ee8708c70c7fa42a32dbcd05b");
        EXPECTED.put("waltz piano 0", "f84294edc48ec2b3ea95c5c4dd0a7934aaf5c8abe08745cb49ffda266d50fd46");
        EXPECTED.put("waltz piano 3", "82133011f50692765995ed616efec46a7b55e875ee676bd839daaff4f7e1455d");
        EXPECTED.put("waltz piano 20240611", "9841835ab01f0b6f2c522be22382497652e7699eca98642ee851bbf1fc01c939");
        EXPECTED.put("waltz acoustic 0", "c5b98b450ba145a81843f8ab1bc5753209045bb64166b591fcd85e9cb6819a6e");
        EXPECTED.put("waltz acoustic 3", "f4ef7fb55b69f8340526112f9ed98f63053e2add9de1a856e7e33e5f2920ece1");
        EXPECTED.put("waltz acoustic 20240611", "53caba6494d81454fb3f25287a573d30aa6b6a6a1116815332d177964f779552");
        EXPECTED.put("waltz electronic 0", "45d6cc7032506bf757fa149298ed80225233a012a37584fb63f0f14d45fa42e9");
        EXPECTED.put("waltz electronic 3", "7e3a543cc6dafaba1f4df161c5bae3afb6cc94694501760bfbcee8bb1559ed58");
        EXPECTED.put("waltz electronic 20240611", "78607c0d78c06006bdcab21288783614ed06584094f9585792fb87022b646045");
        EXPECTED.put("short band 0", "123a27ccce54f18ee1ef01b00e78b2a15f9f96ecba4894a67d0ad746c002dd24");
        EXPECTED.put("short band 3", "85f2b4798c0ebc49577d4225b7fa316885ec81e402e13a6edf1824c21c87705c");
        EXPECTED.put("short band 20240611", "44dd8c8a1f8e1c2c0491de174cdb9ff01073b29baaafae83c4801eac46ee311f");
        EXPECTED.put("short piano 0", "241da73abf4348d9cdabd0ac38039a0669544c61359c5be27b729d27e9670435");
        EXPECTED.put("short piano 3", "e0392ac68284a278ba9a3268f8f979c8a041816bad932114f38147a83c219d19");
        EXPECTED.put("short piano 20240611", "35adb181c896b8a9c5390631504d0f7fb69db1a57ebacde7476861d95ae1b076");
        EXPECTED.put("short acoustic 0", "17982ed7ad5b549c34d22eb384c59b0df6fb934921dd4f10b602c1297fa9318f");
        EXPECTED.put("short acoustic 3", "20858c3148b5e7ed9283ecfa4f0863f165fd488c845a14a8d2c781bb35ee0b80");
        EXPECTED.put("short acoustic 20240611", "307f75f9b5bdb774dfd5360debc52f868e5a665d346ce438c52e995d8353956e");
        EXPECTED.put("short electronic 0", "d5cf0b52a5fe5dbfa36981f2627793828f5fe4f64d59c94b6ffe83f318489b82");
        EXPECTED.put("short electronic 3", "0ad02c1fad2da2efb975ecfb1ac50a55cb6230be4505b3bb421445dacd2faf8e");
        EXPECTED.put("short electronic 20240611", "587d1f4e4219ab82b45c96bba158fe1b63c69758fc331f21c1e607275ea27d29");
    }

    @Test
    void theOutputOfEverySongFamilyAndSeedIsByteForByteWhatItWas() {
        BillboardArranger arranger = new BillboardArranger();
        Map<String, String> actual = new LinkedHashMap<>();
        SONGS.forEach((name, text) -> {
            Transcription t = Transcription.parse(name, text);
            for (ArrangerFamily family : ArrangerFamily.values()) {
                for (long seed : SEEDS) {
                    actual.put(name + " " + family.id() + " " + seed,
                            ArrangementDigest.sha256(arranger.arrange(t, family, seed)));
                }
            }
        });
        List<String> changed = new ArrayList<>();
        actual.forEach((key, hash) -> {
            if (!hash.equals(EXPECTED.get(key))) {
                changed.add(key);
            }
        });
        EXPECTED.keySet().stream().filter(key -> !actual.containsKey(key)).forEach(changed::add);
        assertEquals(List.of(), changed, "output changed; now:\n" + actual.entrySet().stream()
                .map(e -> "EXPECTED.put(\"" + e.getKey() + "\", \"" + e.getValue() + "\");")
                .collect(Collectors.joining("\n")));
    }
}
