package io.cachette.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memcached's text protocol on a plain socket, as tests and benchmarks use it to look at a server apart from the
 * client under test: reading a reply line, and a server's {@code stats}.
 */
public final class MemcachedText {

    private MemcachedText() {
    }

    /** One reply line without its {@code \r\n}; empty at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /**
     * The {@code STAT <name> <value>} lines of the {@code stats} reply of the server at {@code hostPort}
     * ({@code host:port}), in the server's order; bounded by a 2 s connect and a 5 s read timeout and at most 200
     * lines.
     */
    public static Map<String, String> stats(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Map<String, String> stats = new LinkedHashMap<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int lines = 0; lines < 200; lines++) {
                String line = readLine(in);
                if (line.isEmpty() || line.equals("END")) {
                    break;
                }
                String[] fields = line.split(" ");
                if (fields.length == 3 && fields[0].equals("STAT")) {
                    stats.put(fields[1], fields[2]);
                }
            }
        }
        return stats;
    }
}
