package dev.fractalsync.conformance;

import java.util.HashMap;
import java.util.Map;

/** Counts violations per check and keeps the first message of each. */
final class Violations {
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, String> first = new HashMap<>();

    void add(String check, String message) {
        counts.merge(check, 1, Integer::sum);
        first.putIfAbsent(check, message);
    }

    int count(String check) {
        return counts.getOrDefault(check, 0);
    }

    /** {@code first message (and N more)}; null when the check had no violation. */
    String describe(String check) {
        String msg = first.get(check);
        if (msg == null) {
            return null;
        }
        int n = count(check);
        return n == 1 ? msg : msg + " (and " + (n - 1) + " more)";
    }
}
