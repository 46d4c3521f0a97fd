package dev.fractalsync.clock.discovery;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds providers with {@link ServiceLoader}: first on the application's own module path (or class path), then in
 * every JAR of a plugins directory. Each plugin JAR gets its own {@link ModuleLayer} (or, when the host itself runs
 * on the class path, its own class loader), so one broken JAR is reported and skipped while the rest still load.
 * Providers whose contract major version differs from the host's are refused with a reason.
 * <p>
 * No plugin code runs during discovery: a plugin provider's id, name and contract version are read from its class
 * file ({@code return "id";} and the like), and it is constructed only when selected. A plugin whose answers are not
 * constants is listed as {@link UnidentifiedProvider} and constructed only when a requested id is otherwise unknown.
 * Providers on the application's own path are trusted and constructed when their answers cannot be read.
 */
public final class ProviderRegistry {
    private final int contractMajor;
    private final Map<String, DiscoveredProvider> providers = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<UnidentifiedProvider> unidentified = new ArrayList<>();

    private ProviderRegistry(int contractMajor) {
        this.contractMajor = contractMajor;
    }

    /** Discovers providers on the application path and in {@code pluginsDir} (ignored when it does not exist). */
    public static ProviderRegistry discover(Path pluginsDir, int contractMajor) {
        return discoverAll(pluginsDir == null ? List.of() : List.of(pluginsDir), contractMajor);
    }

    /**
     * Discovers providers on the application path and in each of {@code pluginDirs} in order (a directory that does
     * not exist is skipped; a provider id found again later is a duplicate, as within one directory).
     */
    public static ProviderRegistry discoverAll(List<Path> pluginDirs, int contractMajor) {
        ProviderRegistry r = new ProviderRegistry(contractMajor);
        String hostOrigin = ProviderRegistry.class.getModule().isNamed() ? "module-path" : "class-path";
        for (ProviderKind kind : ProviderKind.values()) {
            r.collect(kind, ServiceLoader.load(kind.spi(), ProviderRegistry.class.getClassLoader()).stream(), hostOrigin, null,
                    false);
        }
        for (Path dir : pluginDirs) {
            r.loadDirectory(dir);
        }
        return r;
    }

    private void loadDirectory(Path pluginsDir) {
        ProviderRegistry r = this;
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            List<Path> jars;
            try (Stream<Path> s = Files.list(pluginsDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                r.problems.add(pluginsDir + ": cannot list plugins directory (" + e.getMessage() + ")");
                jars = List.of();
            }
            for (Path jar : jars) {
                r.loadPlugin(jar);
            }
        }
    }

    /**
     * Loads the providers of one plugin JAR only (nothing from the application path), exactly as {@link #discover}
     * loads each JAR of a plugins directory: for tools that inspect a single JAR ({@code fractalsync conformance}).
     */
    public static ProviderRegistry ofPlugin(Path jar, int contractMajor) {
        ProviderRegistry r = new ProviderRegistry(contractMajor);
        r.loadPlugin(jar);
        return r;
    }

    /**
     * Loads one plugin JAR. A JAR beyond {@link PluginJarBounds} is skipped before the JDK reads it, and whatever
     * discovering it throws, errors included (out of memory, stack overflow, linkage), skips that JAR alone: what it
     * had registered is withdrawn, one line says why, and the other JARs still load.
     */
    private void loadPlugin(Path jar) {
        String origin = jar.toString();
        List<String> keysBefore = new ArrayList<>(providers.keySet());
        int unidentifiedBefore = unidentified.size();
        int problemsBefore = problems.size();
        String skipped;
        try {
            skipped = loadBounded(jar, origin);
        } catch (OutOfMemoryError | StackOverflowError e) {
            skipped = "ran out of " + (e instanceof StackOverflowError ? "stack" : "memory") + " while reading it ("
                    + describe(e) + "), skipped";
        } catch (Throwable e) {
            skipped = "failed while reading it (" + describe(rootCause(e)) + "), skipped";
        }
        if (skipped != null) {
            providers.keySet().retainAll(keysBefore);
            unidentified.subList(unidentifiedBefore, unidentified.size()).clear();
            problems.subList(problemsBefore, problems.size()).clear();
            problems.add(origin + ": " + skipped);
        }
    }

    /** Loads {@code jar}; returns null, or why the whole JAR is skipped (its problems so far are then dropped). */
    private String loadBounded(Path jar, String origin) {
        try {
            PluginJarBounds.check(jar);
        } catch (IOException | SecurityException e) {
            return "not a readable JAR (" + firstLine(e.getMessage()) + "), skipped";
        } catch (PluginJarBounds.BoundsException e) {
            return e.getMessage() + ", skipped";
        }
        int before = providers.size() + unidentified.size();
        int problemsBefore = problems.size();
        try {
            if (ProviderRegistry.class.getModule().isNamed()) {
                ModuleLayer layer = pluginLayer(jar);
                for (ProviderKind kind : ProviderKind.values()) {
                    collect(kind, ServiceLoader.load(layer, kind.spi()).stream(), origin, layer, true);
                }
            } else {
                ClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, ProviderRegistry.class.getClassLoader());
                for (ProviderKind kind : ProviderKind.values()) {
                    collect(kind, ServiceLoader.load(kind.spi(), loader).stream()
                            .filter(p -> p.type().getClassLoader() == loader), origin, null, true);
                }
            }
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            return "cannot be loaded as a module (" + firstLine(e.getMessage()) + "), skipped";
        } catch (MalformedURLException e) {
            return "bad path (" + e.getMessage() + "), skipped";
        } catch (ServiceConfigurationError | LinkageError e) {
            return "broken service declaration (" + firstLine(e.getMessage()) + "), skipped";
        }
        if (providers.size() + unidentified.size() == before && problems.size() == problemsBefore) {
            problems.add(origin + ": declares no FractalSync provider (no `provides` clause or META-INF/services "
                    + "entry for BeatClockProvider, StructureProvider or ControllerProvider)");
        }
        return null;
    }

    private static ModuleLayer pluginLayer(Path jar) {
        ModuleFinder finder = ModuleFinder.of(jar);
        Set<String> roots = finder.findAll().stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer parent = ProviderRegistry.class.getModule().getLayer();
        if (parent == null) {
            parent = ModuleLayer.boot();
        }
        Configuration cfg = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        return parent.defineModulesWithOneLoader(cfg, ProviderRegistry.class.getClassLoader());
    }

    private void collect(ProviderKind kind, Stream<? extends ServiceLoader.Provider<? extends Provider>> found, String origin,
                         ModuleLayer onlyLayer, boolean plugin) {
        List<ServiceLoader.Provider<? extends Provider>> list = new ArrayList<>();
        try {
            found.forEach(list::add);
        } catch (ServiceConfigurationError e) {
            problems.add(origin + ": broken " + kind.flag() + " provider declaration (" + firstLine(e.getMessage()) + ")");
        }
        for (ServiceLoader.Provider<? extends Provider> p : list) {
            Class<? extends Provider> type;
            try {
                type = p.type();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(origin + ": broken " + kind.flag() + " provider declaration (" + firstLine(e.getMessage()) + ")");
                continue;
            }
            if (onlyLayer != null && type.getModule().getLayer() != onlyLayer) {
                continue; // provided by a parent layer, already listed
            }
            Map<String, Object> answers = ConstantAnswers.of(type);
            Object id = answers.get("id()Ljava/lang/String;");
            Object name = answers.get("name()Ljava/lang/String;");
            Object major = answers.get("contractMajor()I");
            if (id instanceof String i && name instanceof String n && major instanceof Integer m) {
                register(kind, type.getName(), i, n, m, origin, p::get);
            } else if (plugin) {
                unidentified.add(new UnidentifiedProvider(kind, type.getName(), origin, p::get));
            } else {
                construct(kind, type.getName(), origin, p::get); // the application's own path is trusted
            }
        }
    }

    /** Learns a provider's identity by constructing it: for the application path and for plugins asked for by id. */
    private void construct(ProviderKind kind, String className, String origin, Supplier<? extends Provider> factory) {
        Provider probe;
        try {
            probe = factory.get();
        } catch (Throwable e) {
            problems.add(origin + ": " + kind.flag() + " provider " + className + " failed to construct ("
                    + describe(rootCause(e)) + "), skipped");
            return;
        }
        String id;
        String name;
        int major;
        try {
            id = probe.id();
            name = probe.name();
            major = probe.contractMajor();
        } catch (Throwable e) {
            problems.add(origin + ": " + kind.flag() + " provider " + className + " failed to describe itself ("
                    + describe(e) + "), skipped");
            return;
        }
        register(kind, className, id, name, major, origin, factory);
    }

    private void register(ProviderKind kind, String className, String id, String name, int major, String origin,
                          Supplier<? extends Provider> factory) {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(origin + ": " + kind.flag() + " provider " + className + " has invalid id '" + id
                    + "' (use lowercase letters, digits and '-'), skipped");
            return;
        }
        if (name == null || name.isBlank()) {
            problems.add(origin + ": " + kind.flag() + " provider '" + id + "' has an empty name, skipped");
            return;
        }
        if (major != contractMajor) {
            problems.add(origin + ": " + kind.flag() + " provider '" + id + "' implements contract major version "
                    + major + " but this host uses " + contractMajor + ", refused");
            return;
        }
        String key = kind.flag() + ":" + id;
        DiscoveredProvider existing = providers.get(key);
        if (existing != null) {
            problems.add(origin + ": " + kind.flag() + " provider id '" + id + "' is already provided by "
                    + existing.origin() + ", this one is ignored");
            return;
        }
        providers.put(key, new DiscoveredProvider(kind, id, name, major, origin, factory));
    }

    /**
     * Constructs the plugin providers of {@code kind} whose id could not be read without running their code, to
     * learn their ids: only done when a requested id is not otherwise known.
     */
    private void identify(ProviderKind kind) {
        List<UnidentifiedProvider> todo = unidentified.stream().filter(u -> u.kind() == kind).collect(Collectors.toList());
        unidentified.removeAll(todo);
        for (UnidentifiedProvider u : todo) {
            construct(kind, u.className(), u.origin(), u.factory());
        }
    }

    /** The cause a static initializer or ServiceLoader wrapped, which is what the user needs to read. */
    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while ((c instanceof ServiceConfigurationError || c instanceof ExceptionInInitializerError
                || c instanceof java.lang.reflect.InvocationTargetException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Every usable provider, grouped by kind, in discovery order. */
    public List<DiscoveredProvider> all() {
        List<DiscoveredProvider> out = new ArrayList<>(providers.values());
        out.sort(Comparator.comparing(DiscoveredProvider::kind));
        return Collections.unmodifiableList(out);
    }

    public List<DiscoveredProvider> of(ProviderKind kind) {
        return providers.values().stream().filter(p -> p.kind() == kind).collect(Collectors.toUnmodifiableList());
    }

    /** The provider with this id among those whose id is known (no plugin code runs). */
    public Optional<DiscoveredProvider> find(ProviderKind kind, String id) {
        return Optional.ofNullable(providers.get(kind.flag() + ":" + id));
    }

    /**
     * The provider with this id, or an error listing the valid ids. When the id is not known, the plugin providers
     * of this kind whose id could not be read statically are constructed to learn theirs (and only then).
     */
    public DiscoveredProvider require(ProviderKind kind, String id) throws SelectionException {
        Optional<DiscoveredProvider> found = find(kind, id);
        if (found.isEmpty() && unidentified.stream().anyMatch(u -> u.kind() == kind)) {
            identify(kind);
            found = find(kind, id);
        }
        return found.orElseThrow(() -> new SelectionException("unknown " + kind.flag() + " provider '" + id
                + "'; available: " + of(kind).stream().map(DiscoveredProvider::id).collect(Collectors.joining(", "))));
    }

    /**
     * Plugin providers whose id, name or contract version is not a constant in their class file: they are listed by
     * class name and only constructed when a requested id is not otherwise known.
     */
    public List<UnidentifiedProvider> unidentified() {
        return List.copyOf(unidentified);
    }

    /** The first of {@code preferred} that was discovered. */
    public Optional<DiscoveredProvider> firstAvailable(ProviderKind kind, String... preferred) {
        for (String id : preferred) {
            Optional<DiscoveredProvider> p = find(kind, id);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** Per-JAR (or per-provider) problems found during discovery, one line each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
