package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Names a test adds to /etc/hosts (root only). The file's original bytes are kept; every change rewrites
 * the file in place (same inode: it may be a bind mount) as original + this test's lines; {@link #close}
 * (and a shutdown hook, should the JVM end first) writes the original bytes back. Should someone else
 * have changed the file meanwhile, only this test's lines are taken out, and that is said.
 */
final class HostsFile implements AutoCloseable {
    static final Path HOSTS = Path.of(System.getProperty("siegegrid.it.hosts", "/etc/hosts"));

    private final byte[] original;
    private final String marker;
    private volatile String ours = "";
    private final Thread hook = new Thread(this::restore, "hosts-restore");

    HostsFile(String marker) throws IOException {
        this.original = Files.readAllBytes(HOSTS);
        this.marker = "# " + marker;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static boolean writable() {
        return Files.isWritable(HOSTS);
    }

    /** The test's entries now: each {@code ip name} line (all for the same name make it resolve to all). */
    synchronized void set(List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append(' ').append(marker).append('\n');
        }
        String base = new String(original, java.nio.charset.StandardCharsets.ISO_8859_1);
        String sep = base.isEmpty() || base.endsWith("\n") ? "" : "\n";
        ours = sep + b;
        Files.write(HOSTS, (base + ours).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private synchronized void restore() {
        try {
            String now = Files.readString(HOSTS, java.nio.charset.StandardCharsets.ISO_8859_1);
            String expected = new String(original, java.nio.charset.StandardCharsets.ISO_8859_1) + ours;
            if (now.equals(expected)) {
                Files.write(HOSTS, original);
            } else {
                System.out.println(HOSTS + " changed by someone else meanwhile: removing only the lines marked " + marker);
                StringBuilder kept = new StringBuilder();
                for (String l : now.split("\n", -1)) {
                    if (!l.endsWith(marker)) {
                        kept.append(l).append('\n');
                    }
                }
                Files.writeString(HOSTS, kept.substring(0, kept.length() - 1), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            ours = "";
        } catch (IOException e) {
            System.out.println("could not restore " + HOSTS + ": " + e);
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs restore() again, harmlessly
        }
    }
}
