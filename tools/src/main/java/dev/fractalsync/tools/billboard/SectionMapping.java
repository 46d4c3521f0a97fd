package dev.fractalsync.tools.billboard;

import java.util.Locale;
import java.util.Map;

/**
 * The documented mapping from the McGill Billboard section functions onto the contract's eight labels.
 * <ul>
 *   <li>verse, strophe, verse two/three, spoken verse → {@code verse}</li>
 *   <li>chorus, refrain, chorus a/b → {@code chorus}</li>
 *   <li>pre-chorus, prechorus, pre chorus → {@code pre-chorus}</li>
 *   <li>intro, pre-intro, intro a/b, fadein / fade in → {@code intro}</li>
 *   <li>outro, fadeout, coda, ending → {@code outro}</li>
 *   <li>bridge → {@code bridge}</li>
 *   <li>solo, interlude, instrumental, instrumental break, break, main/secondary theme → {@code inst}</li>
 *   <li>trans, transition, pre-verse → {@link #TRANSITION}: a passage of at most two bars takes the label of the
 *       section it leads into; a longer one is a {@code bridge}</li>
 *   <li>silence, noise, applause, talking, spoken → {@code silence} (nothing is rendered there)</li>
 * </ul>
 * Anything else is unknown ({@code null}): the section keeps the label in force before it.
 */
public final class SectionMapping {
    /** Marker for a transition, resolved once the following section is known. */
    public static final String TRANSITION = "trans";

    private static final Map<String, String> MAP = Map.ofEntries(
            Map.entry("verse", "verse"), Map.entry("strophe", "verse"), Map.entry("verse two", "verse"),
            Map.entry("verse three", "verse"), Map.entry("spoken verse", "verse"),
            Map.entry("chorus", "chorus"), Map.entry("refrain", "chorus"), Map.entry("chorus a", "chorus"),
            Map.entry("chorus b", "chorus"),
            Map.entry("pre-chorus", "pre-chorus"), Map.entry("prechorus", "pre-chorus"),
            Map.entry("pre chorus", "pre-chorus"), Map.entry("pre-chorus two", "pre-chorus"),
            Map.entry("intro", "intro"), Map.entry("pre-intro", "intro"), Map.entry("intro a", "intro"),
            Map.entry("intro b", "intro"), Map.entry("fadein", "intro"), Map.entry("fade in", "intro"),
            Map.entry("outro", "outro"), Map.entry("fadeout", "outro"), Map.entry("coda", "outro"),
            Map.entry("ending", "outro"),
            Map.entry("bridge", "bridge"),
            Map.entry("solo", "inst"), Map.entry("interlude", "inst"), Map.entry("instrumental", "inst"),
            Map.entry("instrumental break", "inst"), Map.entry("break", "inst"), Map.entry("main theme", "inst"),
            Map.entry("secondary theme", "inst"),
            Map.entry("trans", TRANSITION), Map.entry("transition", TRANSITION), Map.entry("pre-verse", TRANSITION),
            Map.entry("silence", "silence"), Map.entry("noise", "silence"), Map.entry("applause", "silence"),
            Map.entry("talking", "silence"), Map.entry("spoken", "silence"));

    private SectionMapping() {
    }

    /** The contract label (or {@link #TRANSITION}) of a Billboard section function, or null when unknown. */
    public static String map(String function) {
        return MAP.get(function.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the text is a known Billboard section function. */
    public static boolean known(String function) {
        return map(function) != null;
    }
}
