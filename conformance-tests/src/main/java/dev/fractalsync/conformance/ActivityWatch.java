package dev.fractalsync.conformance;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a provider does besides computing, watched while the suite runs it. There is no sandbox (plugins are trusted
 * code), so the suite reports what it saw instead: files read or written outside the provider's own JAR, the JDK, the
 * class path and the temporary directory; network traffic; processes started, and processes still alive after the
 * last {@code close()} (those fail the run and are stopped).
 * <p>
 * Files and sockets come from the JDK Flight Recorder's I/O events (every read and write, however short), counted
 * when the thread that did it is the suite's or one started after the watch began, so other work in a shared JVM is
 * not charged to the provider. Processes are those that appeared after the watch began below this JVM, and orphans
 * of this JVM's session that appeared since (a grandchild that a shell left running, reparented to init or to a
 * subreaper among this JVM's ancestors).
 */
final class ActivityWatch implements AutoCloseable {
    static final String FILES = "files-outside-temp";
    static final String NETWORK = "network";
    static final String PROCESSES = "child-processes";
    /** How long processes the provider started get to end after the last close(). */
    static final long PROCESS_GRACE_MS = 2000;
    private static final int SHOWN = 5;

    /** Committed last, so that every earlier event has been delivered once it arrives. */
    @Name("dev.fractalsync.conformance.WatchEnd")
    @Label("Conformance watch end")
    static final class WatchEnd extends Event {
    }

    private final Instant started = Instant.now();
    private final Set<Long> baselineProcesses = new HashSet<>();
    private final Set<Long> baselineThreads = new HashSet<>();
    private final long suiteThread = Thread.currentThread().getId();
    private final List<Path> allowedRoots = new ArrayList<>();
    private final Set<String> files = new LinkedHashSet<>();
    private final Set<String> endpoints = new LinkedHashSet<>();
    private final Set<String> commands = new LinkedHashSet<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final RecordingStream stream;
    /**
     * This JVM's session id, or -1 where it cannot be read. 0 is a real value: inside a PID namespace whose session
     * leader lives outside it (a container or VM agent that never called setsid) every process reports session 0.
     */
    private final long session;

    private ActivityWatch(List<Path> allowed) {
        ProcessHandle.allProcesses().forEach(p -> baselineProcesses.add(p.pid()));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            baselineThreads.add(t.getId());
        }
        allowedRoots.addAll(allowed);
        session = sessionOf(ProcessHandle.current().pid()).orElse(-1L);
        RecordingStream s = null;
        try {
            s = new RecordingStream();
            for (String event : List.of("jdk.FileRead", "jdk.FileWrite", "jdk.SocketRead", "jdk.SocketWrite")) {
                s.enable(event).withThreshold(Duration.ZERO).withoutStackTrace();
            }
            s.enable("jdk.ProcessStart").withoutStackTrace();
            s.enable(WatchEnd.class);
            s.onEvent(this::record);
            s.startAsync();
        } catch (RuntimeException | Error e) {
            // a JVM without the flight recorder: processes are still watched, files and sockets are not
            if (s != null) {
                s.close();
            }
            s = null;
        }
        stream = s;
    }

    /** Starts watching; {@code allowed} are further paths the provider may use (its JAR, a contract file). */
    static ActivityWatch start(List<Path> allowed) {
        List<Path> roots = new ArrayList<>(allowed);
        roots.add(Path.of(System.getProperty("java.io.tmpdir")));
        roots.add(Path.of(System.getProperty("java.home")));
        for (String key : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(key);
            if (value != null && !value.isBlank()) {
                for (String entry : value.split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        roots.add(Path.of(entry));
                    }
                }
            }
        }
        // the JVM's and the OS's own bookkeeping
        roots.addAll(List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Path.of("/etc/localtime"),
                Path.of("/usr/share/zoneinfo")));
        List<Path> normalized = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        return new ActivityWatch(normalized);
    }

    private void record(RecordedEvent e) {
        String type = e.getEventType().getName();
        if (type.equals("dev.fractalsync.conformance.WatchEnd")) {
            ended.countDown();
            return;
        }
        if (!byProvider(e.getThread())) {
            return;
        }
        switch (type) {
            case "jdk.FileRead", "jdk.FileWrite" -> {
                String path = e.getString("path");
                if (path != null && !allowed(path)) {
                    synchronized (files) {
                        files.add((type.equals("jdk.FileRead") ? "read " : "wrote ") + path);
                    }
                }
            }
            case "jdk.SocketRead", "jdk.SocketWrite" -> {
                String host = e.getString("host");
                String address = e.getString("address");
                String where = (host == null || host.isEmpty() ? address : host) + ":" + e.getInt("port");
                synchronized (endpoints) {
                    endpoints.add(where);
                }
            }
            case "jdk.ProcessStart" -> {
                synchronized (commands) {
                    commands.add(e.getString("command"));
                }
            }
            default -> {
            }
        }
    }

    private boolean byProvider(RecordedThread thread) {
        if (thread == null) {
            return false;
        }
        long id = thread.getJavaThreadId();
        return id == suiteThread || !baselineThreads.contains(id);
    }

    private boolean allowed(String path) {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return false;
        }
        for (Path root : allowedRoots) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the watch (after the provider's last close()) and returns its three checks. Processes still alive after
     * {@value #PROCESS_GRACE_MS} ms are stopped.
     */
    List<CheckResult> finish() {
        List<ProcessHandle> left = leftoverProcesses();
        if (stream != null) {
            new WatchEnd().commit();
            try {
                ended.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stream.close();
        }
        List<CheckResult> out = new ArrayList<>();
        String unwatched = "not watched: this JVM has no flight recorder";
        synchronized (files) {
            out.add(stream == null ? CheckResult.warn(FILES, "files only in the provider's JAR, the JDK and the temp dir",
                    unwatched, "") : files.isEmpty()
                    ? CheckResult.pass(FILES, "files only in the provider's JAR, the JDK and the temp dir", "none elsewhere")
                    : CheckResult.warn(FILES, "files only in the provider's JAR, the JDK and the temp dir",
                    files.size() + " elsewhere: " + shown(files), "a provider should read its models from its JAR or its "
                            + "options, and write only below java.io.tmpdir; users will ask why it reads these"));
        }
        synchronized (endpoints) {
            out.add(stream == null ? CheckResult.warn(NETWORK, "no network traffic", unwatched, "") : endpoints.isEmpty()
                    ? CheckResult.pass(NETWORK, "no network traffic", "none")
                    : CheckResult.warn(NETWORK, "no network traffic", "talked to " + shown(endpoints),
                    "the host runs offline and on stage: a provider must not need or use the network"));
        }
        String expectation = "no process the provider started is alive after close()";
        if (!left.isEmpty()) {
            List<String> described = left.stream().map(ActivityWatch::describe).toList();
            left.forEach(p -> p.destroyForcibly());
            out.add(CheckResult.fail(PROCESSES, expectation, left.size() + " still running " + PROCESS_GRACE_MS
                    + " ms after close() (now stopped): " + shown(described), "wait for (or destroy) every process "
                    + "you start before close() returns, including what a shell started in the background"));
        } else {
            synchronized (commands) {
                out.add(commands.isEmpty() ? CheckResult.pass(PROCESSES, expectation, "none started")
                        : CheckResult.pass(PROCESSES, expectation, commands.size() + " started, none left: " + shown(commands)));
            }
        }
        return out;
    }

    /** Processes that appeared since the start in this JVM's process tree or session, still alive after the grace. */
    private List<ProcessHandle> leftoverProcesses() {
        long deadline = System.nanoTime() + PROCESS_GRACE_MS * 1_000_000L;
        List<ProcessHandle> left = newProcesses();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = newProcesses();
        }
        return left;
    }

    private List<ProcessHandle> newProcesses() {
        long self = ProcessHandle.current().pid();
        Set<Long> tree = new HashSet<>();
        ProcessHandle.current().descendants().forEach(p -> tree.add(p.pid()));
        Set<Long> remote = remoteAncestors();
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            if (p.pid() == self || baselineProcesses.contains(p.pid()) || !p.isAlive()) {
                return;
            }
            boolean ours = tree.contains(p.pid()) || (orphan(p, remote) && session >= 0 && sessionOf(p.pid()).orElse(-2L) == session
                    && p.info().startInstant().map(t -> !t.isBefore(started.minusSeconds(1))).orElse(false));
            if (ours) {
                out.add(p);
            }
        });
        return out;
    }

    /**
     * Left by a parent that exited: a shell's background job outliving the shell. The kernel hands such a process to
     * the nearest ancestor that is a child subreaper (a CI runner, a container's init, a desktop session manager) or to
     * init, so its new parent is one of this JVM's own ancestors. A process whose parent is this JVM's direct parent
     * (a sibling that Maven forked) or some unrelated live process (a user's own command in the same terminal) is not
     * charged to the provider.
     */
    private static boolean orphan(ProcessHandle p, Set<Long> remoteAncestors) {
        return p.parent().map(parent -> parent.pid() == 1 || !parent.isAlive() || remoteAncestors.contains(parent.pid()))
                .orElse(true);
    }

    /** This JVM's ancestors except its direct parent: the grandparent, its parent, and so on up to init. */
    private static Set<Long> remoteAncestors() {
        Set<Long> out = new HashSet<>();
        Optional<ProcessHandle> p = ProcessHandle.current().parent().flatMap(ProcessHandle::parent);
        for (int depth = 0; p.isPresent() && depth < 64; depth++) {
            out.add(p.get().pid());
            p = p.get().parent();
        }
        return out;
    }

    /** The session id of a process on Linux (field 6 of /proc/PID/stat), if readable. */
    static Optional<Long> sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(rest[3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String describe(ProcessHandle p) {
        return "pid " + p.pid() + " " + p.info().commandLine().orElse(p.info().command().orElse("?"));
    }

    private static String shown(Iterable<String> items) {
        List<String> all = new ArrayList<>();
        items.forEach(all::add);
        String head = String.join(", ", all.subList(0, Math.min(SHOWN, all.size())));
        return all.size() > SHOWN ? String.format(Locale.ROOT, "%s and %d more", head, all.size() - SHOWN) : head;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
