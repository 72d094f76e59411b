package dev.ampconnect.source.flightsql.config;

/**
 * Which certificates a {@code grpc+tls://} connection trusts besides (when both are empty: instead of
 * nothing, i.e. only) the JVM's default trust.
 *
 * @param caFile             PEM file of CA certificates, or empty
 * @param trustStorePath     trust store file, or empty
 * @param trustStorePassword trust store password, or {@code null}
 * @param trustStoreType     {@code PKCS12} or {@code JKS}
 */
public record TlsTrust(String caFile, String trustStorePath, String trustStorePassword, String trustStoreType) {

    /** Whether custom trust material is configured. */
    public boolean isCustom() {
        return !caFile.isBlank() || !trustStorePath.isBlank();
    }

    @Override
    public String toString() {
        return "TlsTrust[caFile=" + caFile + ", trustStorePath=" + trustStorePath + ", type=" + trustStoreType + "]";
    }
}
