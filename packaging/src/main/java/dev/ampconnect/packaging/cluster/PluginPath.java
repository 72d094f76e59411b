package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A worker's {@code plugin.path} directory: one subdirectory per installed component, each with its jars in
 * {@code lib/} exactly as an unpacked Confluent Hub zip lays them out. The worker gives every component its own
 * class loader, so a class found here is NOT on the worker's (or the test's) class path.
 */
public final class PluginPath {

    private final Path dir;

    private PluginPath(Path dir) {
        this.dir = dir;
    }

    /** The plugin path at {@code dir}, created if missing. */
    public static PluginPath at(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create plugin.path " + dir, e);
        }
        return new PluginPath(dir.toAbsolutePath());
    }

    /** The directory to set as {@code plugin.path}. */
    public Path dir() {
        return dir;
    }

    /**
     * Unpacks a Confluent Hub zip ({@code <owner>-<name>-<version>/manifest.json, lib/, ...}) here, as
     * {@code confluent-hub install} or a user's {@code unzip} would.
     *
     * @return the component's directory (the zip's single top-level directory)
     * @throws IllegalArgumentException when the zip is not one component directory with a manifest and lib/,
     *                                  or an entry would land outside the plugin path
     */
    public Path installHubZip(Path zip) {
        Set<String> roots = new LinkedHashSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir) || target.equals(dir)) {
                    throw new IllegalArgumentException("zip " + zip + " entry " + entry.getName()
                            + " would land outside plugin.path " + dir);
                }
                roots.add(dir.relativize(target).getName(0).toString());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + dir, e);
        }
        if (roots.size() != 1) {
            throw new IllegalArgumentException("Hub zip " + zip + " must hold exactly one top-level component "
                    + "directory, found " + roots);
        }
        Path component = dir.resolve(roots.iterator().next());
        if (!Files.isRegularFile(component.resolve("manifest.json")) || !Files.isDirectory(component.resolve("lib"))) {
            throw new IllegalArgumentException("Hub zip " + zip + " has no manifest.json and lib/ in " + component);
        }
        return component;
    }

    /**
     * Installs plain jars as component {@code name}, in the Hub layout ({@code <name>/lib/*.jar}); for plugins
     * published as jars rather than Hub zips, e.g. Kafka's own FileStream connector.
     *
     * @return the component's directory
     */
    public Path installJars(String name, Collection<Path> jars) {
        Path lib = dir.resolve(name).resolve("lib");
        try {
            Files.createDirectories(lib);
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("plugin jar " + jar + " for component " + name + " does not exist");
                }
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + jars + " as " + lib, e);
        }
        return lib.getParent();
    }

    @Override
    public String toString() {
        return "plugin.path " + dir;
    }
}
