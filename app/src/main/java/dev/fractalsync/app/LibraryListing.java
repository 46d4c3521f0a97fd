package dev.fractalsync.app;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracks of a music library: every audio file under the directories, recursively, by extension. Hidden files and
 * directories (a leading dot: macOS's {@code ._song.mp3} companions, {@code .Trash}) and the output directory are left
 * out; symbolic links are followed, a loop is skipped with a warning.
 */
final class LibraryListing {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryListing.class);
    /** Read directly (WAV, AIFF, AU) or through ffmpeg (the others). */
    static final Set<String> EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "mp3", "flac", "ogg", "m4a");

    private LibraryListing() {
    }

    /** The failure of a library with no tracks: the extensions looked for and where. */
    static IllegalArgumentException noAudioFiles(List<Path> dirs) {
        return new IllegalArgumentException("no audio files (" + String.join(", ", EXTENSIONS.stream().sorted().toList())
                + ") under " + String.join(", ", dirs.stream().map(Path::toString).toList()));
    }

    /**
     * The tracks under {@code dirs}, longest file first (so the long ones start early and no worker is left with one
     * at the end). With one directory a track's path is relative to it; with several, it starts with its directory's
     * name, which must then differ between them. Two tracks with the same name but for the extension would write the
     * same outputs: every one but the first (in name order) is marked as clashing.
     *
     * @throws UsageException for a directory that does not exist or is not one, or two directories of the same name
     */
    static List<LibraryWorker.Track> list(List<Path> dirs, Path outDir) throws IOException {
        Map<String, Path> names = new HashMap<>();
        for (Path dir : dirs) {
            if (!Files.exists(dir)) {
                throw new UsageException(dir + ": no such directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new UsageException(dir + ": not a directory; analyze-library takes directories (analyze takes a file)");
            }
            String name = dirName(dir);
            Path other = names.put(name, dir);
            if (dirs.size() > 1 && other != null) {
                throw new UsageException(other + " and " + dir + " have the same name: their outputs would mix under "
                        + "OUTDIR/" + name + "; give directories of different names");
            }
        }
        Path out = outDir.toAbsolutePath().normalize();
        List<Found> found = new ArrayList<>();
        for (Path dir : dirs) {
            Path root = dir.toAbsolutePath().normalize();
            String prefix = dirs.size() > 1 ? dirName(dir) + "/" : "";
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(root) && (hidden(d) || d.equals(out))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(f) && EXTENSIONS.contains(extension(f))) {
                        String relative = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                        found.add(new Found(f, prefix + relative, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    LOG.warn("{}: skipped ({})", f, e instanceof FileSystemLoopException ? "a symbolic link loop"
                            : OutputFile.reason(e));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        found.sort(Comparator.comparing(Found::path));
        Map<String, String> owners = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<LibraryWorker.Track> tracks = new ArrayList<>();
        for (Found f : found) {
            if (!seen.add(f.file().toString())) {
                continue; // reached twice through links
            }
            String output = withoutExtension(f.path());
            String owner = owners.putIfAbsent(output, f.path());
            tracks.add(new LibraryWorker.Track(f.file().toString(), f.path(), output, owner));
        }
        Map<String, Long> sizes = new HashMap<>();
        for (Found f : found) {
            sizes.put(f.path(), f.size());
        }
        tracks.sort(Comparator.comparing((LibraryWorker.Track t) -> -sizes.get(t.path())).thenComparing(LibraryWorker.Track::path));
        return tracks;
    }

    private record Found(Path file, String path, long size) {
    }

    private static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    private static String dirName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "root" : name.toString();
    }

    static String extension(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String withoutExtension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }
}
