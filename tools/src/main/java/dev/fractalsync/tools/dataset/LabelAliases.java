package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.SectionLabel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps teacher label names (SongFormer, all-in-one, hand-made) to the contract's eight labels, case-insensitively.
 * The contract names always map to themselves; aliases add other spellings.
 */
public final class LabelAliases {
    private final Map<String, SectionLabel> aliases;

    private LabelAliases(Map<String, SectionLabel> aliases) {
        this.aliases = Collections.unmodifiableMap(aliases);
    }

    /** The contract names only. */
    public static LabelAliases none() {
        return new LabelAliases(new LinkedHashMap<>());
    }

    /**
     * Contract names plus: pre_chorus, prechorus, pre chorus → pre-chorus; solo, instrumental → inst;
     * start, end → silence (all-in-one marks leading and trailing non-music that way).
     */
    public static LabelAliases defaults() {
        return none()
                .with("pre_chorus", SectionLabel.PRE_CHORUS)
                .with("prechorus", SectionLabel.PRE_CHORUS)
                .with("pre chorus", SectionLabel.PRE_CHORUS)
                .with("solo", SectionLabel.INST)
                .with("instrumental", SectionLabel.INST)
                .with("start", SectionLabel.SILENCE)
                .with("end", SectionLabel.SILENCE);
    }

    /** A copy with one more alias (replacing an earlier mapping of the same name). */
    public LabelAliases with(String name, SectionLabel label) {
        String key = key(name);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("alias name is empty");
        }
        Map<String, SectionLabel> copy = new LinkedHashMap<>(aliases);
        copy.put(key, label);
        return new LabelAliases(copy);
    }

    /**
     * A copy with an alias given as {@code name=label}, e.g. {@code break=inst}; the target must be a contract name.
     */
    public LabelAliases with(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0 || eq == assignment.length() - 1) {
            throw new IllegalArgumentException("alias '" + assignment + "' is not of the form name=label");
        }
        String target = key(assignment.substring(eq + 1));
        for (SectionLabel l : SectionLabel.values()) {
            if (l.contractName().equals(target)) {
                return with(assignment.substring(0, eq), l);
            }
        }
        throw new IllegalArgumentException("alias '" + assignment + "' maps to '" + target
                + "', which is not a contract label (" + contractNames() + ")");
    }

    public Optional<SectionLabel> resolve(String name) {
        String key = key(name);
        for (SectionLabel l : SectionLabel.values()) {
            if (l.contractName().equals(key)) {
                return Optional.of(l);
            }
        }
        return Optional.ofNullable(aliases.get(key));
    }

    /** The accepted names for error messages: contract labels, then aliases. */
    public String allowedNames() {
        StringBuilder sb = new StringBuilder(contractNames());
        if (!aliases.isEmpty()) {
            sb.append("; aliases: ");
            boolean first = true;
            for (Map.Entry<String, SectionLabel> e : aliases.entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey()).append("->").append(e.getValue().contractName());
                first = false;
            }
        }
        return sb.toString();
    }

    private static String contractNames() {
        StringBuilder sb = new StringBuilder();
        for (SectionLabel l : SectionLabel.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.contractName());
        }
        return sb.toString();
    }

    private static String key(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
