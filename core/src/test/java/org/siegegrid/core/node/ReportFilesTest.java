package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSessionsFourFilesGoAndOnlyTheirs() throws Exception {
        for (String suffix : ReportFiles.SUFFIXES) {
            Files.writeString(dir.resolve("s1" + suffix), "x");
            Files.writeString(dir.resolve("s2" + suffix), "x");
        }
        ReportFiles files = new ReportFiles(dir);
        files.deleted("s1");
        for (String suffix : ReportFiles.SUFFIXES) {
            assertThat(dir.resolve("s1" + suffix)).doesNotExist();
            assertThat(dir.resolve("s2" + suffix)).exists();
        }
        Files.writeString(dir.resolve("s1.json"), "rewritten");
        files.deleted("s1");
        assertThat(dir.resolve("s1.json")).as("a tombstone is cleaned once, not on every pass").exists();
        files.delete("s1");
        assertThat(dir.resolve("s1.json")).doesNotExist();
        new ReportFiles(null).delete("s2");   // no directory: nothing to do
        new ReportFiles(dir.resolve("missing")).delete("s2");
    }
}
