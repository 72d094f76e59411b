package dev.ampconnect.sink.redis;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin version, from the build. */
final class RedisSinkVersion {

    private static final String VERSION = load();

    private RedisSinkVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = RedisSinkVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
