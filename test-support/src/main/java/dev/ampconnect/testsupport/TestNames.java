package dev.ampconnect.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the databases, namespaces and schemas the test services create per test class: readable (the class's
 * label in snake case, bounded) and unique (a random suffix), valid as an unquoted identifier in every store.
 */
public final class TestNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LABEL_LENGTH = 40;

    private TestNames() {
    }

    /** {@code label} in snake case, letters, digits and underscores only, at most 40 characters ("test" if empty). */
    public static String label(String label) {
        String lower = label.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        String bounded = lower.length() > MAX_LABEL_LENGTH ? lower.substring(0, MAX_LABEL_LENGTH) : lower;
        return bounded.isEmpty() ? "test" : bounded;
    }

    /** Eight random hex digits. */
    public static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code amp_<label>_<random suffix>}. */
    public static String unique(String label) {
        return "amp_" + label(label) + "_" + randomSuffix();
    }
}
