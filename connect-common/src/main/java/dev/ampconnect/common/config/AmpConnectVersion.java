package dev.ampconnect.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The amp-connect version, from the build: every plugin bundles connect-common, so this is what each
 * connector and task reports from {@code version()}.
 */
public final class AmpConnectVersion {

    private static final String VERSION = load();

    private AmpConnectVersion() {
    }

    /** The project version the plugin was built as, or {@code unknown} outside a build. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AmpConnectVersion.class.getResourceAsStream("/dev/ampconnect/common/version.properties")) {
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
