package dev.fractalsync.conformance.sampleplugins;

import java.util.List;
import java.util.Map;

/**
 * Third-party provider JARs used by the tests: one that conforms and several that break the contract in one
 * specific way each, plus JARs that discovery must report and skip.
 */
public final class SamplePlugins {
    public static final String BEAT_SPI = "dev.fractalsync.api.spi.BeatClockProvider";
    public static final String STRUCTURE_SPI = "dev.fractalsync.api.spi.StructureProvider";

    public static final String GOOD_BEAT_ID = "sample-good-beat";

    private static final String IMPORTS = """
            import dev.fractalsync.api.*;
            import dev.fractalsync.api.spi.*;
            """;

    private SamplePlugins() {
    }

    /**
     * A beat provider that follows the contract: constant 100 BPM grid on stream time, confidence from a smoothed
     * hop level (so it has stream state that reset() must clear).
     */
    public static PluginSpec good() {
        return new PluginSpec("good-beat.jar", "sample.good", Map.of("sample/good/EnergyBeat.java", """
                package sample.good;
                %s
                public final class EnergyBeat implements BeatClockProvider {
                    private static final double SPB = 0.6;
                    private double level;

                    public String id() { return "%s"; }
                    public String name() { return "Sample energy beat (100 BPM grid, level as confidence)"; }
                    public int contractMajor() { return 1; }
                    public void open(ProviderContext context) { level = 0; }

                    public BeatClockState process(AudioHop hop) {
                        double sum = 0;
                        for (int i = 0; i < hop.length(); i++) {
                            double s = hop.sample(i);
                            sum += s * s;
                        }
                        double rms = Math.sqrt(sum / hop.length());
                        level += 0.1 * (Math.min(1.0, rms * 4) - level);
                        double beats = hop.tSec() / SPB;
                        return new BeatClockState(hop.tSec(), SPB, BeatClockState.wrapPhase(beats),
                                (long) Math.floor(beats) + 1, Math.max(0, Math.min(1, level)), null);
                    }

                    public void reset() { level = 0; }
                    public void close() { }
                }
                """.formatted(IMPORTS, GOOD_BEAT_ID)), Map.of(BEAT_SPI, List.of("sample.good.EnergyBeat")));
    }

    /** A beat provider skeleton: the constant 100 BPM grid with {@code body} run first in process(). */
    private static String beat(String pkg, String cls, String id, int major, String fields, String body) {
        return """
                package %s;
                %s
                public final class %s implements BeatClockProvider {
                    %s
                    public String id() { return "%s"; }
                    public String name() { return "%s"; }
                    public int contractMajor() { return %d; }
                    public void open(ProviderContext context) { }

                    public BeatClockState process(AudioHop hop) {
                        double beats = hop.tSec() / 0.6;
                        long count = (long) Math.floor(beats) + 1;
                        %s
                        return new BeatClockState(hop.tSec(), 0.6, BeatClockState.wrapPhase(beats), count, 1.0, null);
                    }

                    public void reset() { }
                    public void close() { }
                }
                """.formatted(pkg, IMPORTS, cls, fields, id, cls, major, body);
    }

    /** Three beat providers in one JAR, each breaking one rule. */
    public static PluginSpec brokenBeats() {
        return new PluginSpec("broken-beat.jar", "sample.brokenbeat", Map.of(
                "sample/brokenbeat/BackwardsBeat.java", beat("sample.brokenbeat", "BackwardsBeat", "sample-backwards-beat", 1, "",
                        "if (hop.index() % 50 == 49) { count = Math.max(0, count - 2); }"),
                "sample/brokenbeat/ThrowingBeat.java", beat("sample.brokenbeat", "ThrowingBeat", "sample-throwing-beat", 1, "",
                        "if (hop.index() >= 20) { throw new IllegalStateException(\"model state corrupted\"); }"),
                "sample/brokenbeat/SleepyBeat.java", beat("sample.brokenbeat", "SleepyBeat", "sample-sleepy-beat", 1, "",
                        "try { Thread.sleep(30); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }")),
                Map.of(BEAT_SPI, List.of("sample.brokenbeat.BackwardsBeat", "sample.brokenbeat.ThrowingBeat",
                        "sample.brokenbeat.SleepyBeat")));
    }

    /** A beat provider written for contract major 2. */
    public static PluginSpec futureContract() {
        return new PluginSpec("future-beat.jar", "sample.future", Map.of("sample/future/FutureBeat.java",
                beat("sample.future", "FutureBeat", "sample-future-beat", 2, "", "")),
                Map.of(BEAT_SPI, List.of("sample.future.FutureBeat")));
    }

    private static String structure(String pkg, String cls, String id, String hazard, String embedding) {
        return """
                package %s;
                %s
                public final class %s implements StructureProvider {
                    public String id() { return "%s"; }
                    public String name() { return "%s"; }
                    public int contractMajor() { return 1; }
                    public void open(ProviderContext context) { }

                    public StructureState process(StructureInput input) {
                        double[] p = new double[SectionLabel.COUNT];
                        java.util.Arrays.fill(p, 1.0 / SectionLabel.COUNT);
                        return new StructureState(p, %s, %s);
                    }

                    public void reset() { }
                    public void close() { }
                }
                """.formatted(pkg, IMPORTS, cls, id, cls, hazard, embedding);
    }

    /** Three structure providers in one JAR: a hazard of 4 entries, a 12-value embedding, a falling hazard curve. */
    public static PluginSpec brokenStructures() {
        return new PluginSpec("broken-structure.jar", "sample.brokenstructure", Map.of(
                "sample/brokenstructure/ShortHazard.java", structure("sample.brokenstructure", "ShortHazard",
                        "sample-short-hazard", "new double[] {0.1, 0.2, 0.3, 0.4}", "null"),
                "sample/brokenstructure/WrongEmbedding.java", structure("sample.brokenstructure", "WrongEmbedding",
                        "sample-wrong-embedding", "new double[] {0.1, 0.2, 0.3, 0.4, 0.5}", "new double[12]"),
                "sample/brokenstructure/FallingHazard.java", structure("sample.brokenstructure", "FallingHazard",
                        "sample-falling-hazard", "new double[] {0.5, 0.4, 0.3, 0.2, 0.1}", "null")),
                Map.of(STRUCTURE_SPI, List.of("sample.brokenstructure.ShortHazard", "sample.brokenstructure.WrongEmbedding",
                        "sample.brokenstructure.FallingHazard")));
    }

    /** A provider whose constructor throws. */
    public static PluginSpec constructorThrows() {
        return new PluginSpec("ctor-throws.jar", "sample.ctorthrows", Map.of("sample/ctorthrows/ExplodingBeat.java",
                beat("sample.ctorthrows", "ExplodingBeat", "sample-exploding-beat", 1,
                        "public ExplodingBeat() { throw new IllegalStateException(\"model file missing\"); }", "")),
                Map.of(BEAT_SPI, List.of("sample.ctorthrows.ExplodingBeat")));
    }

    /** A JAR with a provider class but no provides clause and no service file. */
    public static PluginSpec noProvider() {
        return new PluginSpec("no-provider.jar", "sample.noprovider", Map.of("sample/noprovider/Orphan.java",
                beat("sample.noprovider", "Orphan", "sample-orphan", 1, "", "")), Map.of());
    }

    /** Another JAR declaring the good provider's id. */
    public static PluginSpec duplicateId() {
        return new PluginSpec("later-duplicate-beat.jar", "sample.duplicate", Map.of("sample/duplicate/CopyBeat.java",
                beat("sample.duplicate", "CopyBeat", GOOD_BEAT_ID, 1, "", "")),
                Map.of(BEAT_SPI, List.of("sample.duplicate.CopyBeat")));
    }

    /** Blocks forever, ignoring interrupts, without burning a core (a hostile loop would spin). */
    private static final String HANG = """
            Object never = new Object();
            synchronized (never) { while (true) { try { never.wait(); } catch (InterruptedException ignored) { } } }""";

    /**
     * Hostile providers, one JAR each kind of harm: a constructor that ends the JVM (its id is a constant, so
     * discovery need not run it), the same with an id computed at run time, process() that never returns from hop 20
     * on, process() that overflows the stack at hop 20, open() that never returns.
     */
    public static PluginSpec hostile() {
        return new PluginSpec("hostile-beat.jar", "sample.hostile", Map.of(
                "sample/hostile/ExitingBeat.java", beat("sample.hostile", "ExitingBeat", "sample-exiting-beat", 1,
                        "public ExitingBeat() { System.exit(3); }", ""),
                "sample/hostile/HangingBeat.java", beat("sample.hostile", "HangingBeat", "sample-hanging-beat", 1, "",
                        "if (hop.index() >= 20) { " + HANG + " }"),
                "sample/hostile/OverflowBeat.java", beat("sample.hostile", "OverflowBeat", "sample-overflow-beat", 1,
                        "private static int deeper(int n) { return deeper(n + 1) + 1; }",
                        "if (hop.index() == 20) { count += deeper(0); }"),
                "sample/hostile/HangingOpenBeat.java", beat("sample.hostile", "HangingOpenBeat", "sample-hanging-open-beat", 1,
                        "", "")
                        .replace("public void open(ProviderContext context) { }",
                                "public void open(ProviderContext context) { " + HANG + " }")),
                Map.of(BEAT_SPI, List.of("sample.hostile.ExitingBeat", "sample.hostile.HangingBeat",
                        "sample.hostile.OverflowBeat", "sample.hostile.HangingOpenBeat")));
    }

    /** A provider whose id is computed (so discovery cannot read it) and whose constructor ends the JVM. */
    public static PluginSpec exitingComputedId() {
        return new PluginSpec("exiting-dynamic-beat.jar", "sample.exitdynamic", Map.of(
                "sample/exitdynamic/DynamicExitBeat.java", beat("sample.exitdynamic", "DynamicExitBeat", "PLACEHOLDER", 1,
                        "public DynamicExitBeat() { System.exit(3); }", "")
                        .replace("return \"PLACEHOLDER\";", "return new StringBuilder(\"sample-dynamic-exit\").toString();")),
                Map.of(BEAT_SPI, List.of("sample.exitdynamic.DynamicExitBeat")));
    }

    /** A conforming provider that takes the id of the shipped oscillator (the host would ignore it). */
    public static PluginSpec builtInDuplicate() {
        return new PluginSpec("oscillator-copy.jar", "sample.oscillatorcopy", Map.of("sample/oscillatorcopy/CopyBeat.java",
                beat("sample.oscillatorcopy", "CopyBeat", "oscillator", 1, "", "")),
                Map.of(BEAT_SPI, List.of("sample.oscillatorcopy.CopyBeat")));
    }

    /**
     * Beat clocks whose states pass every per-hop range check but do not hang together over time: a phase that
     * jumps at random (count on the grid), a count that grows by 1000 per hop (phase on the grid), a count that drops
     * by 10 after 85 s (longer than the demo song), and one that leaves a non-daemon thread running after close().
     */
    public static PluginSpec incoherentClocks() {
        return new PluginSpec("incoherent-beat.jar", "sample.incoherent", Map.of(
                "sample/incoherent/RandomPhaseBeat.java", beat("sample.incoherent", "RandomPhaseBeat", "sample-random-phase-beat", 1,
                        "", "beats = Math.floor(beats) + Math.abs(Math.sin(hop.index() * 12.9898) * 43758.5453) % 1.0;"),
                "sample/incoherent/CountJumpBeat.java", beat("sample.incoherent", "CountJumpBeat", "sample-count-jump-beat", 1,
                        "", "count += 1000L * hop.index();"),
                "sample/incoherent/LateDropBeat.java", beat("sample.incoherent", "LateDropBeat", "sample-late-drop-beat", 1,
                        "", "if (hop.tSec() > 85) { count = Math.max(0, count - 10); }"),
                "sample/incoherent/ThreadLeakBeat.java", beat("sample.incoherent", "ThreadLeakBeat", "sample-thread-leak-beat", 1,
                        "private java.util.concurrent.ExecutorService pool;", "")
                        .replace("public void open(ProviderContext context) { }", "public void open(ProviderContext context) { "
                                + "pool = java.util.concurrent.Executors.newSingleThreadExecutor(); pool.submit(() -> { }); }")),
                Map.of(BEAT_SPI, List.of("sample.incoherent.RandomPhaseBeat", "sample.incoherent.CountJumpBeat",
                        "sample.incoherent.LateDropBeat", "sample.incoherent.ThreadLeakBeat")));
    }

    /**
     * Beat clocks whose tempo is not physical: one builds its state with spb 0 from hop 100 on (the state's
     * constructor throws inside the provider), one with spb NaN, one reports 1000 BPM (a state that can be built).
     */
    public static PluginSpec incoherentTempo() {
        String ok = "return new BeatClockState(hop.tSec(), 0.6,";
        return new PluginSpec("incoherent-tempo-beat.jar", "sample.incoherenttempo", Map.of(
                "sample/incoherenttempo/ZeroSpbBeat.java", beat("sample.incoherenttempo", "ZeroSpbBeat", "sample-zero-spb-beat", 1,
                        "", "").replace(ok, "return new BeatClockState(hop.tSec(), hop.index() >= 100 ? 0.0 : 0.6,"),
                "sample/incoherenttempo/NanSpbBeat.java", beat("sample.incoherenttempo", "NanSpbBeat", "sample-nan-spb-beat", 1,
                        "", "").replace(ok, "return new BeatClockState(hop.tSec(), hop.index() >= 100 ? Double.NaN : 0.6,"),
                "sample/incoherenttempo/RacingBeat.java", beat("sample.incoherenttempo", "RacingBeat", "sample-racing-beat", 1,
                        "", "").replace(ok, "return new BeatClockState(hop.tSec(), hop.index() >= 100 ? 0.06 : 0.6,")),
                Map.of(BEAT_SPI, List.of("sample.incoherenttempo.ZeroSpbBeat", "sample.incoherenttempo.NanSpbBeat",
                        "sample.incoherenttempo.RacingBeat")));
    }

    /**
     * Beat providers that conform in every output but do things a host user would want to know about: one reads
     * /etc/passwd, one sends the environment's variable names over a local TCP connection, one leaves a child
     * process running and one has a shell leave a background process (reparented to init) running.
     */
    public static PluginSpec intrusive() {
        String open = "public void open(ProviderContext context) { }";
        return new PluginSpec("intrusive-beat.jar", "sample.intrusive", Map.of(
                "sample/intrusive/SnoopBeat.java", beat("sample.intrusive", "SnoopBeat", "sample-snoop-beat", 1, "", "")
                        .replace(open, "public void open(ProviderContext context) { try { "
                                + "java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"/etc/passwd\")); } "
                                + "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }"),
                "sample/intrusive/PhoneHomeBeat.java", beat("sample.intrusive", "PhoneHomeBeat", "sample-phone-home-beat", 1, "", "")
                        .replace(open, "public void open(ProviderContext context) { try (java.net.ServerSocket server = "
                                + "new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()); "
                                + "java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort()); "
                                + "java.net.Socket in = server.accept()) { "
                                + "out.getOutputStream().write(String.join(\",\", System.getenv().keySet()).getBytes()); "
                                + "out.getOutputStream().flush(); in.getInputStream().read(new byte[64]); } "
                                + "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }"),
                "sample/intrusive/ChildProcessBeat.java", beat("sample.intrusive", "ChildProcessBeat", "sample-child-process-beat", 1, "", "")
                        .replace(open, "public void open(ProviderContext context) { try { "
                                + "new ProcessBuilder(\"sleep\", \"37\").start(); } "
                                + "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }"),
                "sample/intrusive/OrphanBeat.java", beat("sample.intrusive", "OrphanBeat", "sample-orphan-beat", 1, "", "")
                        .replace(open, "public void open(ProviderContext context) { try { "
                                + "new ProcessBuilder(\"sh\", \"-c\", \"sleep 38 &\").start().waitFor(); } "
                                + "catch (Exception e) { throw new IllegalStateException(e); } }")),
                Map.of(BEAT_SPI, List.of("sample.intrusive.SnoopBeat", "sample.intrusive.PhoneHomeBeat",
                        "sample.intrusive.ChildProcessBeat", "sample.intrusive.OrphanBeat")));
    }
}
