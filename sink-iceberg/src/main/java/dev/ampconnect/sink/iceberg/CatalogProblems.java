package dev.ampconnect.sink.iceberg;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/** Which {@code iceberg.catalog.*} key a failure to load or reach the catalog is about, for validate() and errors. */
final class CatalogProblems {

    private CatalogProblems() {
    }

    /**
     * The key to fix.
     *
     * @param properties the catalog properties (without the {@code iceberg.catalog.} prefix)
     */
    static String keyOf(Throwable failure, Map<String, String> properties) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("28P01")) {
                    return IcebergSinkConfig.CATALOG_JDBC_PASSWORD;
                }
                if (state.startsWith("28")) {
                    return IcebergSinkConfig.CATALOG_JDBC_USER;
                }
                return IcebergSinkConfig.CATALOG_URI;
            }
            if (cause instanceof NotAuthorizedException || cause instanceof ForbiddenException) {
                if (properties.containsKey("credential")) {
                    return IcebergSinkConfig.CATALOG_CREDENTIAL;
                }
                return properties.containsKey("token") ? IcebergSinkConfig.CATALOG_TOKEN : IcebergSinkConfig.CATALOG_URI;
            }
            if (cause instanceof NoSuchWarehouseException) {
                return IcebergSinkConfig.CATALOG_WAREHOUSE;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof java.net.http.HttpConnectTimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return IcebergSinkConfig.CATALOG_URI;
            }
            if (cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError) {
                return properties.containsKey("catalog-impl") ? IcebergSinkConfig.CATALOG_IMPL : IcebergSinkConfig.CATALOG_TYPE;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Unknown catalog type") || message.contains("Cannot initialize Catalog")) {
                return properties.containsKey("catalog-impl") ? IcebergSinkConfig.CATALOG_IMPL : IcebergSinkConfig.CATALOG_TYPE;
            }
            if (message.contains("Connection refused") || message.contains("No suitable driver")) {
                return IcebergSinkConfig.CATALOG_URI;
            }
        }
        return properties.containsKey("uri") ? IcebergSinkConfig.CATALOG_URI
                : properties.containsKey("catalog-impl") ? IcebergSinkConfig.CATALOG_IMPL : IcebergSinkConfig.CATALOG_TYPE;
    }
}
