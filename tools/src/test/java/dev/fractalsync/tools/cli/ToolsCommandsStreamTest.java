package dev.fractalsync.tools.cli;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.fractalsync.dsp.Resampler;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioFiles;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The tools launcher's commands stream their audio as the runtime's do (issue 36): {@code eval-structure} scores songs
 * of any length in a small, fixed amount of memory. Exempt: {@code dataset}, which builds training corpora from short
 * clips it also augments in memory.
 */
class ToolsCommandsStreamTest {
    @Test
    void commandsOtherThanDatasetNeverHoldAWholeSong() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fractalsync.tools.cli");
        DescribedPredicate<JavaClass> notDataset = DescribedPredicate.describe("are not the dataset command or its worker",
                c -> !c.getName().startsWith(DatasetCommand.class.getName())
                        && !c.getName().startsWith(DatasetWorker.class.getName()));
        noClasses().that().resideInAPackage("dev.fractalsync.tools.cli..").and(notDataset)
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.fractalsync.audio.MonoAudio")
                .because("a 3-hour file decoded whole took 1.9 GB per 30 minutes and ran out of memory")
                .check(classes);
        noClasses().that().resideInAPackage("dev.fractalsync.tools.cli..").and(notDataset)
                .should().callMethod(Resampler.class, "convert", float[].class, int.class, int.class)
                .orShould().callMethod(AudioFiles.class, "readAll", AudioFileReader.class)
                .check(classes);
    }
}
