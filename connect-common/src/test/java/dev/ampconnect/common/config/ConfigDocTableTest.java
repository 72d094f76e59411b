package dev.ampconnect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocTableTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("pg.url", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH, "JDBC URL | of the db")
            .define("pg.password", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH, "Password")
            .define("pg.mode", ConfigDef.Type.STRING, "append", ConfigDef.ValidString.in("append", "upsert"),
                    ConfigDef.Importance.MEDIUM, "Write mode");

    @Test
    void everyKeyBecomesARowWithTypeDefaultValidatorImportanceAndEscapedDoc() {
        assertEquals("""
                | key | type | default | valid values | importance | description |
                |---|---|---|---|---|---|
                | `pg.url` | string | (required) |  | high | JDBC URL \\| of the db |
                | `pg.password` | password | null |  | high | Password |
                | `pg.mode` | string | `append` | [append, upsert] | medium | Write mode |
                """, ConfigDocTable.markdown(DEF));
    }

    @Test
    void aSectionBetweenMarkersIsReplacedAndReadBack() {
        String readme = "# x\n<!-- generated:config -->\nold\n<!-- /generated:config -->\ntail\n";
        String updated = ConfigDocTable.replaceSection(readme, "config", "new table\n");
        assertEquals("# x\n<!-- generated:config -->\nnew table\n<!-- /generated:config -->\ntail\n", updated);
        assertEquals("new table\n", ConfigDocTable.section(updated, "config"));
    }

    @Test
    void aMissingSectionIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ConfigDocTable.replaceSection("no markers", "config", "x"));
    }

    @Test
    void mergingRefusesAKeyDeclaredTwice() {
        assertThrows(IllegalStateException.class, () -> ConfigDefs.merge(DEF, DEF));
        assertEquals(3, ConfigDefs.merge(DEF, new ConfigDef()).configKeys().size());
    }
}
