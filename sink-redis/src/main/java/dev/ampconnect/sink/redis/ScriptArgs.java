package dev.ampconnect.sink.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The ARGV of one script call, built op by op (the layout is documented on {@link RedisUnitEncoder}). */
final class ScriptArgs {

    private final List<byte[]> args;

    ScriptArgs(int expected) {
        this.args = new ArrayList<>(expected);
    }

    ScriptArgs add(byte[] value) {
        args.add(value);
        return this;
    }

    ScriptArgs add(String value) {
        args.add(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    ScriptArgs add(long value) {
        args.add(Long.toString(value).getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Reserves a slot for a count known only later; returns its index. */
    int placeholder() {
        args.add(null);
        return args.size() - 1;
    }

    void set(int index, long value) {
        args.set(index, Long.toString(value).getBytes(StandardCharsets.ISO_8859_1));
    }

    int size() {
        return args.size();
    }

    List<byte[]> list() {
        return args;
    }
}
