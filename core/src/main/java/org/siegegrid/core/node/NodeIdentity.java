package org.siegegrid.core.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * This node's stable, unique id. Given ({@code node.id}), it is used as it is. Otherwise it is
 * kept in {@code <reports.dir>/node.id}: read when the file holds one, else generated and written
 * there, so a restarted process keeps its id. The file stays locked ({@link FileChannel#tryLock})
 * while this object is open; a second process (or in-JVM node) on the same directory finds it
 * locked and takes {@code node-2.id}, then {@code node-3.id}, ..., so two live nodes sharing a
 * directory never share an id. Close it when the node ends (the lock also dies with the process).
 */
public final class NodeIdentity implements AutoCloseable {
    public static final String FILE = "node.id";
    /** How many id files one directory may hold: node.id, node-2.id ... node-100.id. */
    static final int MAX_FILES = 100;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final Path file;
    private final FileChannel channel;

    private NodeIdentity(String id, Path file, FileChannel channel) {
        this.id = id;
        this.file = file;
        this.channel = channel;
    }

    /** An id given in the settings: no file, no lock. */
    public static NodeIdentity given(String id) {
        String problem = problem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new NodeIdentity(id, null, null);
    }

    /** The id kept in {@code dir} (created if missing), generated the first time. */
    public static NodeIdentity acquire(Path dir) throws IOException {
        return acquire(dir, NodeIdentity::generate);
    }

    /** As {@link #acquire(Path)}, with the generator of new ids (tests). */
    static NodeIdentity acquire(Path dir, Supplier<String> generator) throws IOException {
        Files.createDirectories(dir);
        for (int n = 1; n <= MAX_FILES; n++) {
            Path file = dir.resolve(fileName(n));
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                continue;
            }
            try {
                return new NodeIdentity(readOrWrite(ch, generator), file, ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
        throw new IOException("every id file in " + dir + " (" + FILE + " to " + fileName(MAX_FILES)
                + ") is locked by a live node");
    }

    /** node.id for the first, node-N.id for the N-th. */
    static String fileName(int n) {
        return n == 1 ? FILE : "node-" + n + ".id";
    }

    private static String readOrWrite(FileChannel ch, Supplier<String> generator) throws IOException {
        long size = ch.size();
        if (size > 0 && size <= 1024) {
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
                // read the whole file
            }
            String kept = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            if (problem(kept) == null) {
                return kept;
            }
        }
        // missing, empty (a crash while writing) or not an id: a new one
        String id = generator.get();
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return id;
    }

    /** {@code n-} and 10 random base-32 characters (50 bits). */
    public static String generate() {
        StringBuilder b = new StringBuilder("n-");
        for (int i = 0; i < 10; i++) {
            b.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return b.toString();
    }

    /** Why {@code id} cannot be a node id, or null when it can. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (!VALID.matcher(id).matches()) {
            return "must be 1 to 64 letters, digits or . _ : @ - (starting with a letter or digit), got '" + id + "'";
        }
        return null;
    }

    public String id() {
        return id;
    }

    /** The file the id is kept (and locked) in; empty for a given id. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Releases the lock (the file and its id stay for the next start). */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel or the process anyway
            }
        }
    }

    @Override
    public String toString() {
        return file == null ? id + " (given)" : id + " (" + file + ")";
    }
}
