package dev.fractalsync.clock.discovery;

import dev.fractalsync.clock.NeutralStructureProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Answers read from class files without running the class's code: constants only, nearest declaration first. */
class ConstantAnswersTest {
    private static final String ID = "id()Ljava/lang/String;";
    private static final String MAJOR = "contractMajor()I";

    static class Base {
        public String id() {
            return "base-id";
        }

        public int contractMajor() {
            return 300; // sipush
        }
    }

    static class Inherits extends Base {
        public String name() {
            return "inherits";
        }
    }

    static class Overrides extends Base {
        @Override
        public String id() {
            return "own-id";
        }

        @Override
        public int contractMajor() {
            return -1; // iconst_m1
        }
    }

    static final class InitProbe {
        static boolean ran;
    }

    static class Computed {
        static {
            InitProbe.ran = true; // must never run: reading answers does not initialize the class
        }

        public String id() {
            return new StringBuilder("computed").reverse().toString();
        }

        public int contractMajor() {
            return 100; // bipush
        }
    }

    @Test
    void readsConstantsOfTheClassAndItsSuperclasses() {
        Map<String, Object> a = ConstantAnswers.of(Inherits.class);
        assertEquals("base-id", a.get(ID));
        assertEquals("inherits", a.get("name()Ljava/lang/String;"));
        assertEquals(300, a.get(MAJOR));
    }

    @Test
    void theNearestDeclarationWins() {
        Map<String, Object> a = ConstantAnswers.of(Overrides.class);
        assertEquals("own-id", a.get(ID));
        assertEquals(-1, a.get(MAJOR));
    }

    @Test
    void computedAnswersAreUnknownAndNoCodeRuns() throws Exception {
        Class<?> c = Class.forName(Computed.class.getName(), false, getClass().getClassLoader());
        Map<String, Object> a = ConstantAnswers.of(c);
        assertNull(a.get(ID));
        assertEquals(100, a.get(MAJOR));
        assertFalse(InitProbe.ran, "reading the class file ran its static initializer");
    }

    @Test
    void shippedProvidersAnswerStatically() {
        Map<String, Object> a = ConstantAnswers.of(NeutralStructureProvider.class);
        assertEquals(NeutralStructureProvider.ID, a.get(ID));
        assertEquals(1, a.get(MAJOR));
    }
}
