package dev.ampconnect.sink.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.junit.jupiter.api.Test;

class CatalogProblemsTest {

    private static final Map<String, String> JDBC = Map.of("type", "jdbc", "uri", "jdbc:postgresql://db/iceberg");
    private static final Map<String, String> REST = Map.of("type", "rest", "uri", "http://catalog:8181", "credential", "x");

    @Test
    void eachFailureNamesTheKeyToFix() {
        assertEquals(IcebergSinkConfig.CATALOG_JDBC_PASSWORD, CatalogProblems.keyOf(
                new RuntimeException("init", new SQLException("auth", "28P01")), JDBC));
        assertEquals(IcebergSinkConfig.CATALOG_JDBC_USER, CatalogProblems.keyOf(new SQLException("role", "28000"), JDBC));
        assertEquals(IcebergSinkConfig.CATALOG_URI, CatalogProblems.keyOf(new SQLException("db", "3D000"), JDBC));
        assertEquals(IcebergSinkConfig.CATALOG_URI, CatalogProblems.keyOf(
                new RESTException(new ConnectException("Connection refused"), "GET failed"), REST));
        assertEquals(IcebergSinkConfig.CATALOG_CREDENTIAL, CatalogProblems.keyOf(new NotAuthorizedException("401"), REST));
        assertEquals(IcebergSinkConfig.CATALOG_TYPE, CatalogProblems.keyOf(
                new IllegalArgumentException("Unknown catalog type: nope"), Map.of("type", "nope")));
        assertEquals(IcebergSinkConfig.CATALOG_IMPL, CatalogProblems.keyOf(
                new IllegalArgumentException("Cannot initialize Catalog implementation x.Y", new ClassNotFoundException("x.Y")),
                Map.of("catalog-impl", "x.Y")));
    }
}
