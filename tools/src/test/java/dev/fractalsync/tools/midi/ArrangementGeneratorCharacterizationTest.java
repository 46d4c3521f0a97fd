package dev.fractalsync.tools.midi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the generator's complete output (MIDI bytes, truth, metadata) for a set of seeds to SHA-256 values recorded
 * from the code before it was split into smaller classes: the training corpus depends on these bytes, so a
 * restructuring must not change a single one. A deliberate change to the music records new values here.
 */
class ArrangementGeneratorCharacterizationTest {
    private static final Map<Long, String> EXPECTED = new LinkedHashMap<>();

    // Seeds 0-23 and 39 (the first waltz in 6/8) cover every style, meter and option, as the first test checks.
    static {
        EXPECTED.put(0L, "c686754976181efe22f983161f639b8519878bc09f034a7c31eee947915e8902");
        EXPECTED.put(1L, "d4c42d6fde7e4d3ce8eecc65e5deab3e07c96c0816f3c3c10fc49bcf3ff828f0");
        EXPECTED.put(2L, "1ac8bb360cad79f10103439f02c266693a3706a8805a67b07ebd0204d0380168");
        EXPECTED.put(3L, "a82b62451ce1c967abe8e9dd1573e9cd696163fde816352cc9e4b32fac03364e");
        EXPECTED.put(4L, "9adb89b64ff3d685af31e5c1687cea98b1310f3e94ad1d6d2fd46596f1e2578b");
        EXPECTED.put(5L, "464489836cfe5be623fd69117032a2a95619e063679397df7396af8ed2e570d7");
        EXPECTED.put(6L, "5833716d2b0e0aa851a7b77998de96e85ba01f7b689e320272e5fc01a7ee5d16");
        EXPECTED.put(7L, "30d77646de66fa8d77c8e677cf665560d5d1533c00c544009dd3434925a13900");
        EXPECTED.put(8L, "d70f4ffb8e592c9566659604a5af1cfbe5beddd5b2a48a9c6908ca43583909c7");
        EXPECTED.put(9L, "437c7c16436b822b8e36515926d9dccfc8f64948885cc88a2f4bd9856b960486");
        EXPECTED.put(10L, "72190b8e459c9312e2d51649516f3732f546d81ffb369092965c616bc6ab31b6");
        EXPECTED.put(11L, "b0518bd127600b4d985646c597dd165eace218aef508b3caa61e6f314a31aae5");
        EXPECTED.put(12L, "6c8723e1a95783fec584d2373def14ff18f5bf5060c954c08407e96f0c2a44d2");
        EXPECTED.put(13L, "c6ed39f78659469c040e5f5068811f621de77ccac31d4c728e615c3406b92d6d");
        EXPECTED.put(14L, "fa7012f74ea407bb65f28dead0f87d01d07565d5bcae380697ce0c43bde0a818");
        EXPECTED.put(15L, "a4bf336cc2c83b472191192e0bca00a89f4df9a3ab423b5b067f43560db50ec8");
        EXPECTED.put(16L, "8afa6fa2f3cef03d1d9e725440eea852fbc85ae811df5c3a93d10e38b7384c93");
        EXPECTED.put(17L, "59711369849c10afc5272412a67e53106d1a45c72fbc8a2f12d6b17aaae831c7");
        EXPECTED.put(18L, "11331f90eb1202564fb697336d6469812ef84df2c6111e035858e889871892cc");
        EXPECTED.put(19L, "ac2de470f33c4451017d7197027aa8926ed3b2ab5bfff923992829dca087a5c9");
        EXPECTED.put(20L, "3c482f9fe1b3b8e330c2d3de44e905fd11453832ab636bd24e3559e71a870afa");
        EXPECTED.put(21L, "5fc168f35abe6820ff5b77760e46374e8923a231bfa19fcf625039ba7a8b1a25");
        EXPECTED.put(22L, "55a3d92850f87a7bbaaa387973f2d96465fcce8ab1b5ad8d8cda5f93790a6a74");
        EXPECTED.put(23L, "1e629b97680e610791748f707cb6f6e711fc8457540e62eb78951e613dc81e41");
        EXPECTED.put(39L, "d758b0295ef67916882cb73a4fe14455f417449cc59a4d685b7685fb52c7682c");
        EXPECTED.put(-7L, "5f80d9477463f941f6978df5064b37c55cdc023581d14155741fe98ac6ec8451");
        EXPECTED.put(9000000001L, "8e65683284f4162c930750590ef803a02379818d61bca7e92f7ec8cfdd0ea245");
    }

    @Test
    void theSeedsCoverEveryStyleMeterAndOption() {
        ArrangementGenerator generator = new ArrangementGenerator();
        Set<String> seen = new HashSet<>();
        for (long seed : EXPECTED.keySet()) {
            Arrangement a = generator.generate(seed);
            seen.add(a.style());
            seen.add(a.meter());
            seen.add(a.hasDrums() ? "drums" : "no drums");
            seen.add(a.swing() > 0 ? "swing" : "straight");
            a.tempoRamps().forEach(r -> seen.add(r.substring(0, r.indexOf(' '))));
            if (a.form().contains("silence")) {
                seen.add("stop");
            }
        }
        assertTrue(seen.containsAll(Set.of("pop", "rock", "dance", "ballad", "waltz", "4/4", "3/4", "6/8", "drums",
                "no drums", "swing", "straight", "accel", "rit", "stop")), seen.toString());
    }

    @Test
    void theOutputOfEverySeedIsByteForByteWhatItWas() {
        ArrangementGenerator generator = new ArrangementGenerator();
        Map<Long, String> actual = new LinkedHashMap<>();
        for (long seed : EXPECTED.keySet()) {
            actual.put(seed, ArrangementDigest.sha256(generator.generate(seed)));
        }
        List<String> changed = new ArrayList<>();
        EXPECTED.forEach((seed, hash) -> {
            if (!hash.equals(actual.get(seed))) {
                changed.add("seed " + seed);
            }
        });
        assertEquals(List.of(), changed, "output changed; now:\n" + actual.entrySet().stream()
                .map(e -> "EXPECTED.put(" + e.getKey() + "L, \"" + e.getValue() + "\");")
                .collect(Collectors.joining("\n")));
    }
}
