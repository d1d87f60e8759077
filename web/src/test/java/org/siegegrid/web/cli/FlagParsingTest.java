package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: exit 2 with ONE line naming the problem, never a stack trace, never a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlagParsingTest {
    private static final String URL = "http://127.0.0.1:9/";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "run --bogus " + URL + "                  | --bogus",
            "run -c                                   | -c",
            "run -c ten " + URL + "                   | -c",
            "run -c 0 " + URL + "                     | -c",
            "run -c -5 " + URL + "                    | -c",
            "run -r 0 -c 2 " + URL + "                | -r",
            "run -t abc " + URL + "                   | -t",
            "run -t 5X " + URL + "                    | -t",
            "run -t -5S " + URL + "                   | -t",
            "run -d soon " + URL + "                  | -d",
            "run --timeout 0s " + URL + "             | --timeout",
            "run -c 10 --rps 100 " + URL + "          | -c",
            "run --rps 100 --stages 10s:5 " + URL + " | --stages",
            "run --rps 100 -r 10 " + URL + "          | -r",
            "run --rps 100 -d 1 " + URL + "           | -d",
            "run --rps 100 -b " + URL + "             | -b",
            "run --rps 0 " + URL + "                  | --rps",
            "run --rps NaN " + URL + "                | --rps",
            "run --rps abc " + URL + "                | --rps",
            "run --stages 10s " + URL + "             | --stages",
            "run --stages 10s:x " + URL + "           | --stages",
            "run --concurrency 0 --rps 5 " + URL + "  | --concurrency",
            "run -H NoColon " + URL + "               | -H",
            "run -c 2 -r 2                            | URL",
            "run -c 2 -r 2 ftp://x/                   | URL",
            "run -c 2 -r 2 -f /nonexistent/urls.txt   | /nonexistent/urls.txt",
            "run --threshold p99<< " + URL + "         | --threshold",
            "run --stages 10s:100 -t 5S " + URL + "   | -t",
            "run -c 1000000 " + URL + "               | -c",
            "run -R /nonexistent/rc " + URL + "       | /nonexistent/rc: cannot read",
            "run -r twice " + URL + "                 | is not a number (or once)",
            "run --rps 5 -r once " + URL + "          | -r",
            "run --failures 0 " + URL + "             | --failures",
            "run --login nocolon " + URL + "          | --login",
            "target --latency fast                    | --latency",
            "target --stall 5s/1s                     | --stall",
            "target --error-rate 2                    | error rate",
            "target --reset-rate -0.1                 | reset rate",
            "target --hang-rate 0.6 --garbage-rate 0.6 | add up to 1.200",
            "target --port 70000                      | port",
            "target --body-size -1                    | body size",
            "nosuchcommand                            | nosuchcommand",
            "                                         | missing command",
    })
    void badUsageExitsTwoWithOneLine(String args, String mentions) {
        Cli.Result r = Cli.run(args == null || args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        System.out.println("[" + args + "] -> " + r.exit() + " " + r.err().strip());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("siegegrid: ").contains(mentions).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyProblemIsNamedOnTheSameLine() {
        Cli.Result r = Cli.run("run", "-c", "0", "-t", "abc", "--timeout", "x", URL);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("-c").contains("-t").contains("--timeout");
    }

    @Test
    void aBadLineInTheUrlFileIsNamedByFileAndLine(@TempDir Path dir) throws IOException {
        Path urls = dir.resolve("urls.txt");
        Files.writeString(urls, String.join("\n",
                "# comment", "http://127.0.0.1:9/a", "", "http://127.0.0.1:9/b POST x=1",
                "http://127.0.0.1:9/c", "http://127.0.0.1:9/d", "ftp://nope/", "http://127.0.0.1:9/e"));
        Cli.Result r = Cli.run("run", "-c", "2", "-r", "1", "-f", urls.toString());
        System.out.println("bad URL file -> " + r.exit() + " " + r.err().strip());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains(urls + ":7");
    }

    @Test
    void everyBadLineOfTheUrlFileIsListed(@TempDir Path dir) throws IOException {
        Path urls = dir.resolve("urls.txt");
        Files.writeString(urls, "http://127.0.0.1:9/ok\nhttp://127.0.0.1:9/ FETCH\n$UNDEFINED_VAR_X/\n");
        Cli.Result r = Cli.run("run", "-c", "2", "-r", "1", "-f", urls.toString());
        System.out.println("two bad lines -> " + r.err().strip());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains(urls + ":2").contains(urls + ":3");
    }

    /** run and sessions update speak siege's names, the other ones as aliases. */
    @Test
    void runAndUpdateShareOneVocabulary() {
        CommandLine cl = Main.commandLine(System.out, System.err);
        for (CommandLine c : java.util.List.of(cl.getSubcommands().get("run"),
                cl.getSubcommands().get("sessions").getSubcommands().get("update"))) {
            assertThat(c.getCommandSpec().findOption("--concurrent").names()).contains("-c", "--users");
            assertThat(c.getCommandSpec().findOption("--time").names()).contains("-t", "--duration");
        }
    }

    /** Every command's --help at picocli's 80 columns: no token broken across lines, no bare placeholder. */
    @ParameterizedTest(name = "{0} --help")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"run", "serve", "target", "sessions create",
            "sessions update", "sessions list", "sessions report", "nodes list", "cluster status"})
    void helpKeepsTokensWhole(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        Cli.Result help = Cli.run(args.toArray(String[]::new));
        assertThat(help.exit()).isZero();
        assertThat(help.out().lines()).isNotEmpty().allSatisfy(l -> {
            assertThat(l).doesNotEndWith("http:").doesNotEndWith("https:");
            assertThat(l.strip()).doesNotStartWith("//");
            assertThat(l).doesNotContainPattern("=<[a-z]+>");   // an option's value is named: PORT, FILE, N
        });
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Result help = Cli.run("run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--rps").contains("-c, --users, --concurrent").contains("--threshold");
        Cli.Result top = Cli.run("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("run").contains("target");
        assertThat(Cli.run("--version").out()).startsWith("siegegrid ");
    }
}
