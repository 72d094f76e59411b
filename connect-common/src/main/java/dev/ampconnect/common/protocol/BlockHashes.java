package dev.ampconnect.common.protocol;

import java.util.regex.Pattern;

/**
 * The spelling of block hashes on the wire: {@code 0x} followed by 64 hex digits (32 bytes), as the
 * server writes them and as it parses the {@code amp-resume} header. Anything else in a resume
 * cursor makes the server silently ignore the cursor, so every hash the client stores is checked.
 */
final class BlockHashes {

    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    private BlockHashes() {
    }

    static boolean isValid(String hash) {
        return hash != null && HASH.matcher(hash).matches();
    }

    static String describeExpected() {
        return "'0x' followed by 64 hex digits";
    }
}
