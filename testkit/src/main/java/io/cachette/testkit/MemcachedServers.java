package io.cachette.testkit;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one shared JUnit 5 fixture that runs real {@code memcached} processes on free loopback ports, so every
 * module's integration tests talk to the real server instead of a fake.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemcachedServers servers = MemcachedServers.start(3);              // per class
 * @RegisterExtension
 * final MemcachedServers one = MemcachedServers.start(1).withArgs("-I", "2m");    // per test
 * }</pre>
 *
 * Registered on a static field the servers live for the whole class (a killed or paused server is
 * restarted/resumed before the next test); on an instance field they live for one test. The processes are
 * {@link LocalMemcachedServers} (how each is started, the binary looked up in {@code $MEMCACHED_BINARY}, then on
 * the {@code PATH}); this class adds the JUnit lifecycle, TLS and authentication. When the binary is missing the
 * tests FAIL with a message that says to {@code apt-get install memcached}: a missing server must never turn into
 * silently skipped tests. Every module's tests use it from the {@code cachette-testkit} artifact.
 * <p>
 * {@link #withTls()} makes the servers speak TLS only ({@code -Z}) with a throwaway self-signed certificate
 * for {@code 127.0.0.1} made by {@code openssl} when the servers start ({@link #tlsCertificate()} is the PEM
 * file a client trusts); {@link #withAuthentication} turns on memcached's ASCII authentication ({@code -Y}).
 * {@link #command} and {@link #flushAll} speak TLS and authenticate as needed.
 */
public final class MemcachedServers extends ScopedServerExtension<LocalMemcachedServers> {

    private final int count;
    private final List<String> extraArgs;
    private final boolean tls;
    private final String authUser;
    private final String authPassword;
    private Path tlsDir;

    private MemcachedServers(int count, List<String> extraArgs, boolean tls, String authUser, String authPassword) {
        super("memcached servers are");
        this.count = count;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
        this.authUser = authUser;
        this.authPassword = authPassword;
    }

    /** An extension that runs {@code count} memcached servers (started when the test class or test begins). */
    public static MemcachedServers start(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("server count must be at least 1, was " + count);
        }
        return new MemcachedServers(count, List.of(), false, null, null);
    }

    /** The same extension with extra memcached command-line options for every server, e.g. {@code "-I", "2m"}. */
    public MemcachedServers withArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(Arrays.asList(args));
        return new MemcachedServers(count, all, tls, authUser, authPassword);
    }

    /**
     * The same extension with TLS only ({@code -Z}): each start makes a fresh self-signed certificate for
     * {@code 127.0.0.1} with {@code openssl} (which must be installed); see {@link #tlsCertificate()}.
     */
    public MemcachedServers withTls() {
        return new MemcachedServers(count, extraArgs, true, authUser, authPassword);
    }

    /** The same extension with ASCII authentication ({@code -Y}) accepting exactly {@code user}/{@code password}. */
    public MemcachedServers withAuthentication(String user, String password) {
        return new MemcachedServers(count, extraArgs, tls, Objects.requireNonNull(user, "user"),
                Objects.requireNonNull(password, "password"));
    }

    /** The PEM certificate the TLS servers present (self-signed, subject alternative name IP 127.0.0.1). */
    public Path tlsCertificate() {
        if (!tls || tlsDir == null) {
            throw new IllegalStateException("the servers run without TLS or have not started: use withTls()");
        }
        return tlsDir.resolve("cert.pem");
    }

    // ---------------------------------------------------------------- JUnit lifecycle (ScopedServerExtension)

    /** A killed or paused server is restarted or resumed before the next test of the class. */
    @Override
    void beforeEachTestOfClass() throws IOException {
        running().heal();
    }

    // ---------------------------------------------------------------- addresses

    /** How many servers this extension runs. */
    public int count() {
        return count;
    }

    /** The host the servers listen on: {@code 127.0.0.1}. */
    public String host() {
        return LocalMemcachedServers.HOST;
    }

    /** The port of server {@code index} (0-based). */
    public int port(int index) {
        return running().port(index);
    }

    /** {@code 127.0.0.1:<port>} of server {@code index}. */
    public String hostPort(int index) {
        return running().hostPort(index);
    }

    /** {@code 127.0.0.1:<port>} of every server, in index order. */
    public List<String> hostPorts() {
        return running().hostPorts();
    }

    /** The socket address of server {@code index}. */
    public InetSocketAddress socketAddress(int index) {
        return new InetSocketAddress(host(), port(index));
    }

    /** A memcached CacheManager URI over all servers: {@code memcached://127.0.0.1:p1,127.0.0.1:p2}. */
    public String uri() {
        return running().uri();
    }

    // ---------------------------------------------------------------- fault injection

    /** SIGKILLs server {@code index} and waits until the process is gone. */
    public void kill(int index) {
        running().kill(index);
    }

    /** SIGSTOPs server {@code index}: connections stay open but nothing is answered until {@link #resume}. */
    public void pause(int index) {
        running().pause(index);
    }

    /** SIGCONTs a server paused with {@link #pause}. */
    public void resume(int index) {
        running().resume(index);
    }

    /** Kills server {@code index} (if it runs) and starts a fresh, empty one on the same port. */
    public void restart(int index) throws IOException {
        running().restart(index);
    }

    /** Whether server {@code index} has a live process (a paused server is alive). */
    public boolean isAlive(int index) {
        return running().isAlive(index);
    }

    /** Sends {@code flush_all} to every live, unpaused server. */
    public void flushAll() throws IOException {
        for (int i = 0; i < count; i++) {
            if (running().isAlive(i) && !running().isPaused(i)) {
                String reply = command(i, "flush_all");
                if (!reply.startsWith("OK")) {
                    throw new IOException("flush_all on " + hostPort(i) + " answered " + reply);
                }
            }
        }
    }

    /**
     * Sends one text-protocol command line to server {@code index} and returns its first reply line (without
     * {@code \r\n}); handy to check server state independently of the client under test.
     */
    public String command(int index, String line) throws IOException {
        try (Socket socket = open(index)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (authUser != null) {
                byte[] credentials = (authUser + " " + authPassword).getBytes(StandardCharsets.UTF_8);
                out.write(("set auth 0 0 " + credentials.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(credentials);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String auth = MemcachedText.readLine(in);
                if (!auth.equals("STORED")) {
                    throw new IOException("authentication with " + hostPort(index) + " answered " + auth);
                }
            }
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return MemcachedText.readLine(in);
        }
    }

    private Socket open(int index) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(socketAddress(index), 2_000);
            plain.setSoTimeout(5_000);
            if (!tls) {
                return plain;
            }
            javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustingCertificate().getSocketFactory()
                    .createSocket(plain, host(), port(index), true);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private javax.net.ssl.SSLContext trustingCertificate() throws IOException {
        try (InputStream pem = Files.newInputStream(tlsCertificate())) {
            java.security.KeyStore trust =
                    java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("memcached", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(pem));
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot trust " + tlsCertificate(), e);
        }
    }

    /** Makes the certificate and the auth file the servers' options point at. */
    private void prepareSecurity() throws IOException {
        if (!tls && authUser == null) {
            return;
        }
        tlsDir = Files.createTempDirectory("memcached-security-");
        tlsDir.toFile().deleteOnExit();
        if (authUser != null) {
            Path authFile = tlsDir.resolve("auth");
            Files.writeString(authFile, authUser + ":" + authPassword + "\n", StandardCharsets.UTF_8);
            authFile.toFile().deleteOnExit();
        }
        if (tls) {
            List<String> openssl = List.of("openssl", "req", "-x509", "-nodes",
                    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout",
                    tlsDir.resolve("key.pem").toString(), "-out", tlsDir.resolve("cert.pem").toString(),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
            Process process;
            try {
                process = new ProcessBuilder(openssl).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("memcached TLS tests need openssl to make a throwaway certificate "
                        + "(Debian/Ubuntu: apt-get install openssl)", e);
            }
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IOException("openssl could not make a certificate: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making a certificate", e);
            }
            tlsDir.resolve("key.pem").toFile().deleteOnExit();
            tlsDir.resolve("cert.pem").toFile().deleteOnExit();
        }
    }

    /** The memcached options for TLS and authentication. */
    private List<String> securityArgs() {
        List<String> args = new ArrayList<>();
        if (tls) {
            args.addAll(List.of("-Z", "-o", "ssl_chain_cert=" + tlsDir.resolve("cert.pem") + ",ssl_key="
                    + tlsDir.resolve("key.pem")));
        }
        if (authUser != null) {
            args.addAll(List.of("-Y", tlsDir.resolve("auth").toString()));
        }
        return args;
    }

    // ---------------------------------------------------------------- internals

    @Override
    LocalMemcachedServers launch() throws IOException {
        String binary = LocalMemcachedServers.findBinary();
        prepareSecurity();
        List<String> args = new ArrayList<>(securityArgs());
        args.addAll(extraArgs);
        return LocalMemcachedServers.start(binary, count, args);
    }
}
