package dev.fractalsync.app;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code -V/--version}: the project version the build wrote into {@code build.properties}, and the Java runtime. */
public final class BuildVersion implements IVersionProvider {
    /** The project version this build was made from, or "unknown" when build.properties is missing. */
    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties build = new Properties();
            build.load(in);
            return build.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IOException("build.properties missing from the fractalsync.app module: rebuild with mvn package");
            }
            build.load(in);
        }
        return new String[]{"fractalsync " + build.getProperty("version"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
