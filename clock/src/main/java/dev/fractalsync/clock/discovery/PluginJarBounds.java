package dev.fractalsync.clock.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Bounds what discovery may read from a plugin JAR, checked with {@link ZipFile} before {@link
 * java.lang.module.ModuleFinder} or {@link java.util.ServiceLoader} touch it. Both read some entries whole, trusting
 * nothing but the compressed data: a 2 MB JAR whose service file inflates to 2 GiB ended every command that
 * discovers plugins with an {@link OutOfMemoryError}, selected or not.
 * <ul>
 *   <li>at most {@value #MAX_ENTRIES} entries;</li>
 *   <li>the entries the JDK reads whole (service files, {@code module-info.class} in the root or under
 *       {@code META-INF/versions/N/}, the manifest, signature files) and the provider classes they name are inflated
 *       here through a bounded stream, never trusting the sizes the entry headers declare: a service file at most
 *       {@value #MAX_SERVICE_FILE} bytes, any other of them at most {@value #MAX_METADATA_FILE} bytes, all together
 *       at most {@value #MAX_METADATA_TOTAL} bytes;</li>
 *   <li>every other class file declares at most {@value #MAX_CLASS_FILE} bytes, and all of them together at most
 *       {@value #MAX_CLASSES_TOTAL} bytes (only loaded classes are read, by the JDK, on demand).</li>
 * </ul>
 * Other resources (models, data) are not read by discovery and are not bounded here.
 */
final class PluginJarBounds {
    /** Entries in one JAR. */
    public static final int MAX_ENTRIES = 100_000;
    /** Inflated bytes of one {@code META-INF/services/} file. */
    public static final int MAX_SERVICE_FILE = 64 * 1024;
    /** Inflated bytes of the manifest, a module descriptor, a signature file or a provider class. */
    public static final int MAX_METADATA_FILE = 8 * 1024 * 1024;
    /** Inflated bytes of everything this check reads, together. */
    public static final long MAX_METADATA_TOTAL = 32L * 1024 * 1024;
    /** Declared bytes of one class file. */
    public static final long MAX_CLASS_FILE = 8L * 1024 * 1024;
    /** Declared bytes of all class files, together. */
    public static final long MAX_CLASSES_TOTAL = 256L * 1024 * 1024;

    private static final String SERVICES = "META-INF/services/";
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/[0-9]+/(.*)");
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|DSA|RSA|EC)|META-INF/SIG-[^/]+",
            Pattern.CASE_INSENSITIVE);

    private final ZipFile zip;
    private long read;

    private PluginJarBounds(ZipFile zip) {
        this.zip = zip;
    }

    /** Thrown when a JAR exceeds a bound; the message names the entry and the bound. */
    static final class BoundsException extends Exception {
        private static final long serialVersionUID = 1L;

        BoundsException(String message) {
            super(message);
        }
    }

    /**
     * Checks {@code jar}.
     *
     * @throws BoundsException when it exceeds a bound
     * @throws IOException     when it is not a readable zip at all
     */
    static void check(Path jar) throws IOException, BoundsException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            new PluginJarBounds(zip).check();
        }
    }

    private void check() throws IOException, BoundsException {
        if (zip.size() > MAX_ENTRIES) {
            throw new BoundsException("has " + zip.size() + " entries, more than the " + MAX_ENTRIES + " a plugin may have");
        }
        List<ZipEntry> services = new ArrayList<>();
        List<ZipEntry> descriptors = new ArrayList<>();
        List<ZipEntry> metadata = new ArrayList<>();
        long classes = 0;
        int count = 0;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (++count > MAX_ENTRIES) { // the central directory may disagree with its own count
                throw new BoundsException("has more than the " + MAX_ENTRIES + " entries a plugin may have");
            }
            if (entry.isDirectory()) {
                continue;
            }
            String name = entry.getName();
            Matcher v = VERSIONED.matcher(name);
            String unversioned = v.matches() ? v.group(1) : name;
            if (unversioned.startsWith(SERVICES)) {
                services.add(entry);
            } else if (unversioned.equals("module-info.class")) {
                descriptors.add(entry);
            } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF") || SIGNATURE.matcher(name).matches()) {
                metadata.add(entry);
            } else if (name.endsWith(".class")) {
                long size = entry.getSize();
                if (size < 0 || size > MAX_CLASS_FILE) {
                    throw new BoundsException(name + (size < 0 ? " declares no size" : " declares " + size
                            + " bytes, more than the " + MAX_CLASS_FILE + " a class file may have"));
                }
                classes += size;
                if (classes > MAX_CLASSES_TOTAL) {
                    throw new BoundsException("its class files declare more than " + mib(MAX_CLASSES_TOTAL) + " together");
                }
            }
        }
        for (ZipEntry m : metadata) {
            read(m, MAX_METADATA_FILE);
        }
        Set<String> providers = new LinkedHashSet<>();
        for (ZipEntry s : services) {
            String text = new String(read(s, MAX_SERVICE_FILE), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                int hash = line.indexOf('#');
                String cn = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!cn.isEmpty()) {
                    providers.add(cn);
                }
            }
        }
        for (ZipEntry d : descriptors) {
            byte[] bytes = read(d, MAX_METADATA_FILE);
            try {
                ModuleDescriptor md = ModuleDescriptor.read(ByteBuffer.wrap(bytes));
                md.provides().forEach(p -> providers.addAll(p.providers()));
            } catch (RuntimeException ex) {
                // not a valid descriptor: the module finder reports it in its own words
            }
        }
        for (String cn : providers) {
            ZipEntry c = zip.getEntry(cn.replace('.', '/') + ".class");
            if (c != null) {
                read(c, MAX_METADATA_FILE); // discovery reads a provider's class file even when it is not selected
            }
        }
    }

    /** The entry's bytes, inflated through a stream that stops one byte past {@code limit}. */
    private byte[] read(ZipEntry entry, int limit) throws IOException, BoundsException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new BoundsException(entry.getName() + " inflates to more than " + size(limit)
                    + (entry.getName().contains(SERVICES) ? " (the limit for a service file)" : " (the limit for it)"));
        }
        read += bytes.length;
        if (read > MAX_METADATA_TOTAL) {
            throw new BoundsException("its descriptors, service files and provider classes inflate to more than "
                    + mib(MAX_METADATA_TOTAL) + " together");
        }
        return bytes;
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024 ? mib(bytes) : bytes / 1024 + " KiB";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }
}
