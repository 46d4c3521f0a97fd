package dev.fractalsync.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Module boundaries as rules over the compiled classes of every module on this test class path (app depends on all
 * of them). Rules over packages that do not exist yet (other branches add them) pass instead of failing as empty.
 */
class ArchitectureTest {
    static final String API = "dev.fractalsync.api..";
    static final String ONNX = "dev.fractalsync.onnx..";
    static final String DSP = "dev.fractalsync.dsp..";
    static final String[] PROVIDERS = {"dev.fractalsync.beat..", "dev.fractalsync.structure..", "dev.fractalsync.controller.."};
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fractalsync");
        // a rule over nothing passes: make sure the modules really are on the class path
        assertTrue(classes.containPackage("dev.fractalsync.api") && classes.containPackage("dev.fractalsync.clock")
                && classes.containPackage("dev.fractalsync.beat.oscillator"), "project classes were not imported");
    }

    /** The import records dependencies (with archunit.properties not resolving library classes): a known one shows. */
    @Test
    void rulesSeeRealDependencies() {
        assertTrue(noClasses().that().resideInAPackage("dev.fractalsync.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fractalsync.clock..", "picocli..")
                .evaluate(classes).hasViolation(), "app -> clock and app -> picocli dependencies were not seen");
    }

    /**
     * Commands stream their audio (issue 36): none holds a whole decoded song ({@code MonoAudio}, what
     * {@code AudioFiles.readMono} and {@code readAll} return) or resamples one in a piece ({@code Resampler.convert});
     * hops come from an {@code AudioFileReader} as they are needed, so any length runs in a small, fixed amount of
     * memory. The tools launcher's commands have the same rule in the tools module ({@code ToolsCommandsStreamTest}).
     */
    @Test
    void commandsNeverHoldAWholeSong() {
        noClasses().that().resideInAPackage("dev.fractalsync.app..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.fractalsync.audio.MonoAudio")
                .because("a 3-hour file decoded whole took 1.9 GB per 30 minutes and ran out of memory")
                .check(classes);
        noClasses().that().resideInAPackage("dev.fractalsync.app..")
                .should().callMethod(dev.fractalsync.dsp.Resampler.class, "convert", float[].class, int.class,
                        int.class)
                .orShould().callMethod(dev.fractalsync.audio.AudioFiles.class, "readAll",
                        dev.fractalsync.audio.AudioFileReader.class)
                .check(classes);
    }

    @Test
    void apiDependsOnNoOtherProjectPackage() {
        noClasses().that().resideInAPackage(API)
                .should().dependOnClassesThat(resideInAPackage("dev.fractalsync..").and(resideOutsideOfPackages(API)))
                .because("api is the contract every module builds on and third parties compile against")
                .check(classes);
    }

    /**
     * Issue 31: the contract surface requires nothing outside {@code java.*}. JSON (the wire form, contract files) is
     * fractalsync-json's, the audio signal rules and their optional SIMD module fractalsync-dsp's.
     */
    @Test
    void apiDependsOnlyOnTheJdk() throws java.io.IOException {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().resideInAPackage(API)
                .should().onlyDependOnClassesThat().resideInAnyPackage(API, "java..")
                .because("a plugin compiles against fractalsync-api only and must not inherit a JSON library or any "
                        + "other third-party jar")
                .check(classes);
        String info = java.nio.file.Files.readString(java.nio.file.Path.of("..", "api", "src", "main", "java", "module-info.java"))
                .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        java.util.regex.Matcher requires = java.util.regex.Pattern.compile("requires\\s+(?:static\\s+|transitive\\s+)*([\\w.]+)\\s*;")
                .matcher(info);
        while (requires.find()) {
            assertTrue(requires.group(1).startsWith("java."), "fractalsync.api requires " + requires.group(1));
        }
    }

    @Test
    void providersDependOnlyOnTheApi() {
        for (String provider : PROVIDERS) {
            noClasses().that().resideInAPackage(provider)
                    .should().dependOnClassesThat(resideInAPackage("dev.fractalsync..").and(resideOutsideOfPackages(API, ONNX, DSP, provider)))
                    .orShould().dependOnClassesThat(resideInAnyPackage("io.vertx..", "picocli..", "com.fasterxml.."))
                    .because("a provider must run in any host that implements the SPI: only the api, the shared ONNX "
                            + "model loader, the shared signal rules (dsp) and its own libraries (not fractalsync-json: "
                            + "the host reads the contract)")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    /**
     * One pipeline (issue 31): audio becomes states only in the engine ({@code FractalSyncEngine.analyze}, its
     * timeline, and the live clock). No command, tool or harness drives a beat provider over audio itself or runs
     * the offline pipeline around the engine. Exempt: the SPI and the provider packages (a provider may delegate), and the
     * conformance suite, which must call a provider directly to check it (its feeds come from the engine's front end).
     */
    @Test
    void audioBecomesStatesOnlyInTheEngine() {
        com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaMethodCall> driveProviderOrPipeline =
                com.tngtech.archunit.base.DescribedPredicate.describe("a beat provider's process, or the offline pipeline's run or runOnOneCore",
                        call -> (call.getTargetOwner().isAssignableTo(dev.fractalsync.api.spi.BeatClockProvider.class)
                                && call.getName().startsWith("process"))
                                || (call.getTargetOwner().isEquivalentTo(dev.fractalsync.clock.OfflinePipeline.class)
                                && call.getName().startsWith("run")));
        java.util.List<String> engine = java.util.List.of("dev.fractalsync.clock..", "dev.fractalsync.engine..",
                "dev.fractalsync.conformance..");
        java.util.List<String> exempt = new java.util.ArrayList<>(engine);
        exempt.addAll(java.util.List.of(PROVIDERS));
        exempt.add("dev.fractalsync.api.spi.."); // the SPI's default processBlock calls process
        noClasses().that().resideOutsideOfPackages(exempt.toArray(String[]::new))
                .should().callMethodWhere(driveProviderOrPipeline)
                .because("every command turns audio into states through the engine, so what it scores, stores or shows "
                        + "is what analyze publishes")
                .check(classes);
    }

    @Test
    void evaluationDependsOnlyOnTheApiAndNoProviderOnIt() {
        noClasses().that().resideInAPackage("dev.fractalsync.evaluation..")
                .should().dependOnClassesThat(resideInAPackage("dev.fractalsync..")
                        .and(resideOutsideOfPackages(API, "dev.fractalsync.evaluation..")))
                .because("scoring takes what the engine published and the truth, never a provider or the engine itself")
                .check(classes);
        noClasses().that().resideInAnyPackage(PROVIDERS)
                .should().dependOnClassesThat().resideInAPackage("dev.fractalsync.evaluation..")
                .because("the evaluation harness is not part of any provider a host loads")
                .check(classes);
    }

    @Test
    void onnxLoaderDependsOnlyOnTheApi() {
        noClasses().that().resideInAPackage(ONNX)
                .should().dependOnClassesThat(resideInAPackage("dev.fractalsync..").and(resideOutsideOfPackages(API, ONNX)))
                .because("the ONNX providers share the loader; it must not pull any of them (or the engine) in")
                .check(classes);
    }

    @Test
    void rendererNeverDependsOnProviders() {
        noClasses().that().resideInAPackage("dev.fractalsync.render..")
                .should().dependOnClassesThat().resideInAnyPackage(PROVIDERS)
                .because("the renderer draws ControlVectors; which provider made them is the host's business")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** Hosts on the plain class path find providers through META-INF/services: it must list what module-info provides. */
    @Test
    void everyProviderModuleDeclaresItsProvidersBothWays() throws java.io.IOException {
        java.util.regex.Pattern provides = java.util.regex.Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([^;]+);");
        int modules = 0;
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of(".."))) {
            for (java.nio.file.Path dir : dirs.sorted().toList()) {
                java.nio.file.Path info = dir.resolve("src/main/java/module-info.java");
                if (!java.nio.file.Files.exists(info)) {
                    continue;
                }
                var m = provides.matcher(java.nio.file.Files.readString(info));
                while (m.find()) {
                    modules++;
                    java.util.Set<String> declared = java.util.Set.of(m.group(2).replaceAll("\\s", "").split(","));
                    java.nio.file.Path services = dir.resolve("src/main/resources/META-INF/services/" + m.group(1));
                    assertTrue(java.nio.file.Files.exists(services), services + " is missing");
                    java.util.Set<String> listed = java.nio.file.Files.readAllLines(services).stream().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(java.util.stream.Collectors.toSet());
                    org.junit.jupiter.api.Assertions.assertEquals(declared, listed, services.toString());
                }
            }
        }
        assertTrue(modules >= 4, "found only " + modules + " provides clauses");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.fractalsync.(**)").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }
}
