package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.ProviderKind;

import java.util.List;
import java.util.Optional;

/**
 * The results of running the suite against one provider.
 *
 * @param kind    the SPI the provider was checked as (null when it implements none)
 * @param id      the provider's id (or its class name when even {@code id()} failed)
 * @param name    the provider's human-readable name
 * @param origin  where it came from ({@code class-path}, {@code module-path}, a JAR path, or {@code factory})
 * @param results one row per check, in the order they ran
 * @param seconds wall-clock time the suite took for this provider
 */
public record ConformanceReport(ProviderKind kind, String id, String name, String origin, List<CheckResult> results,
                                double seconds) {
    public ConformanceReport {
        results = List.copyOf(results);
    }

    /** No check failed (warnings allowed). */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
    }

    public long count(Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    public List<CheckResult> failures() {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
    }

    /** The result of the named check, if it ran. */
    public Optional<CheckResult> result(String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst();
    }

    /** {@code beat provider 'oscillator'} — how the report names its subject. */
    public String subject() {
        return (kind == null ? "" : kind.flag() + " ") + "provider '" + id + "'";
    }
}
