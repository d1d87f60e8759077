package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes sent per process over the established TCP connections to a local port, from {@code ss -tnpi}: a
 * ground truth for "this node sent nothing" that needs no help from the node. Connections that closed no
 * longer count, so compare two readings only while connections stay open (keep-alive).
 */
final class SocketBytes {
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern SENT = Pattern.compile("bytes_sent:(\\d+)");

    private SocketBytes() {
    }

    static Map<Long, Long> sentTo(int port) {
        Map<Long, Long> out = new HashMap<>();
        String text = ss("-tnpiH", "state", "established", "( dport = :" + port + " )");
        Long pid = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith("\t") && !line.startsWith(" ")) {
                Matcher m = PID.matcher(line);
                pid = m.find() ? Long.valueOf(m.group(1)) : null;
                if (pid != null) {
                    out.merge(pid, 0L, Long::sum);
                }
            } else if (pid != null) {
                Matcher m = SENT.matcher(line);
                if (m.find()) {
                    out.merge(pid, Long.parseLong(m.group(1)), Long::sum);
                }
            }
        }
        return out;
    }

    private static String ss(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ss";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
