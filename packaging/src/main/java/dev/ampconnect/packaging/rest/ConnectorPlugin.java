package dev.ampconnect.packaging.rest;

/**
 * One plugin a worker has loaded, as {@code GET /connector-plugins} lists it.
 *
 * @param className the connector (or converter, transform...) class
 * @param type      {@code source}, {@code sink}, {@code converter}, {@code transformation}, ...
 * @param version   what the plugin's {@code version()} reports
 */
public record ConnectorPlugin(String className, String type, String version) {
}
