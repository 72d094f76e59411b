package dev.ampconnect.source.flightsql;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, from the build (reported by {@code version()} of the connector and its task). */
final class PluginVersion {

    private static final String VERSION = load();

    private PluginVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
