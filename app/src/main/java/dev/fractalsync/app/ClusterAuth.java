package dev.fractalsync.app;

import com.hazelcast.nio.MemberSocketInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mutual authentication of cluster members with a shared secret, on every Hazelcast member connection before
 * Hazelcast's own protocol starts (Hazelcast's open-source edition has no member authentication; its socket
 * interceptor hook runs here, see {@link ClusterOptions}). Challenge-response, so the secret never crosses the wire:
 * <ol>
 *   <li>the connecting member sends {@link #MAGIC} and a fresh 32-byte nonce {@code nc};</li>
 *   <li>the accepting member answers {@link #MAGIC}, its own nonce {@code na} and
 *       {@code HMAC-SHA256(K, "accept" | nc | na)};</li>
 *   <li>the connecting member checks that proof and sends {@code HMAC-SHA256(K, "connect" | na | nc)} (sent even when
 *       it refuses, so the other side can log why);</li>
 *   <li>the accepting member checks it and sends one byte: 1 accepted, 0 refused.</li>
 * </ol>
 * {@code K} is derived from the secret and the cluster name by PBKDF2-HMAC-SHA256 (a cluster name is a salt; the
 * iterations slow down guessing a weak secret from a recorded handshake). Fresh nonces on both sides defeat replay;
 * the two labels keep one side's proof from being reflected as the other's. A refusal is logged on the side that
 * refuses (the other side's log says it was refused); the first refusal per peer address is a warning, repeats (the
 * joiner retries every few seconds) are counted at debug level. What this does not do: encrypt the connection (see
 * docs/security.md).
 */
final class ClusterAuth implements MemberSocketInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAuth.class);
    static final byte[] MAGIC = "FSAUTH1\n".getBytes(StandardCharsets.US_ASCII);
    static final int NONCE = 32;
    static final int MAC = 32;
    static final int MIN_SECRET_LENGTH = 16;
    private static final int PBKDF2_ITERATIONS = 210_000;
    /** A peer that does not finish the handshake in this time is dropped (the accepting thread waits for it). */
    static final int TIMEOUT_MILLIS = 5_000;

    private final byte[] key;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AtomicInteger> refusedPeers = new ConcurrentHashMap<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger outboundRefusals = new AtomicInteger();
    private final AtomicReference<String> lastOutboundRefusal = new AtomicReference<>();

    ClusterAuth(char[] secret, String clusterName) {
        this.key = deriveKey(secret, clusterName);
    }

    static byte[] deriveKey(char[] secret, String clusterName) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret, ("fractalsync-cluster-v1:" + clusterName).getBytes(StandardCharsets.UTF_8),
                    PBKDF2_ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster key (" + e.getMessage() + ")", e);
        }
    }

    /** The derived key, for sealing the messages of the event bus with the same secret. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public void init(Properties properties) {
        // configured in code
    }

    /** This member accepted a connection: it must prove the secret to us, and we to it. */
    @Override
    public void onAccept(Socket socket) throws IOException {
        handshake(socket, this::accept);
    }

    private void accept(String peer, DataInputStream in, OutputStream out) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        byte[] nc = new byte[NONCE];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw refuse(peer, false, "it did not authenticate (a node without the cluster secret, an older "
                        + "FractalSync, or not FractalSync at all)");
            }
            in.readFully(nc);
        } catch (EOFException | SocketTimeoutException e) {
            throw refuse(peer, false, "it did not authenticate (" + (e instanceof EOFException ? "closed the connection"
                    : "silent for " + TIMEOUT_MILLIS / 1000 + " s") + ")");
    }
    byte[] na = nonce();
    out.write(concat(MAGIC, na, mac("accept", nc, na)));
    out.flush();
    byte[] proof = new byte[MAC];
    try {
        in.readFully(proof);
    } catch (EOFException | SocketTimeoutException e) {
        throw refuse(peer, false, "it left during authentication");
    }
    boolean ok = MessageDigest.isEqual(proof, mac("connect", na, nc));
    out.write(ok ? 1 : 0);
    out.flush();
    if (!ok) {
        throw refuse(peer, false, "wrong cluster secret");
    }
    accepted(peer);
    }

    /** This member connected to another: the other must prove the secret first. */
    @Override
    public void onConnect(Socket socket) throws IOException {
        handshake(socket, this::connect);
    }

    private void connect(String peer, DataInputStream in, OutputStream out) throws IOException {
        byte[] nc = nonce();
        out.write(concat(MAGIC, nc));
        out.flush();
        byte[] magic = new byte[MAGIC.length];
        byte[] na = new byte[NONCE];
        byte[] proof = new byte[MAC];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw refuse(peer, true, "it does not authenticate (not a FractalSync node with a cluster secret)");
            }
            in.readFully(na);
            in.readFully(proof);
        } catch (EOFException | SocketTimeoutException e) {
            throw refuse(peer, true, "it closed the connection before authenticating (not a FractalSync node "
                    + "with a cluster secret?)");
    }
    boolean theirsOk = MessageDigest.isEqual(proof, mac("accept", nc, na));
    out.write(mac("connect", na, nc)); // even when refusing: the other side then logs why
    out.flush();
    if (!theirsOk) {
        throw refuse(peer, true, "wrong cluster secret");
    }
    int verdict;
    try {
        verdict = in.read();
    } catch (SocketTimeoutException e) {
        verdict = -1;
    }
    if (verdict != 1) {
        throw refuse(peer, true, "it refused this node's proof (wrong cluster secret)");
    }
    accepted(peer);
    }

    /** One side of the handshake, on the connection's streams. */
    private interface Side {
        void run(String peer, DataInputStream in, OutputStream out) throws IOException;
    }

    /** Runs one side of the handshake with the handshake's read timeout, then restores the socket's own. */
    private void handshake(Socket socket, Side side) throws IOException {
        String peer = peer(socket);
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        try {
            side.run(peer, new DataInputStream(socket.getInputStream()), socket.getOutputStream());
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    private void accepted(String peer) {
        String host = peer.substring(0, peer.lastIndexOf(':'));
        if (refusedPeers.keySet().removeIf(k -> k.startsWith(peer + " ") || k.startsWith(host + " "))) {
            LOG.info("cluster member {} authenticated", peer);
        } else {
            LOG.debug("cluster member {} authenticated", peer);
        }
    }

    private IOException refuse(String peer, boolean outbound, String why) {
        refusals.incrementAndGet();
        String message = "refused cluster member " + peer + ": " + why
                + "; every node needs the same --secret-file or FRACTALSYNC_CLUSTER_SECRET";
        if (outbound) {
            outboundRefusals.incrementAndGet();
            lastOutboundRefusal.set(message);
        }
        // an accepted connection comes from a new ephemeral port on every retry: count those by host; a new reason
        // from the same peer is new information and is logged again
        String key = (outbound ? peer : peer.substring(0, peer.lastIndexOf(':'))) + " " + why;
        int count = refusedPeers.computeIfAbsent(key, p -> new AtomicInteger()).incrementAndGet();
        if (count == 1) {
            LOG.warn(message);
        } else {
            LOG.debug("{} (again: {} times)", message, count);
        }
        return new IOException(message);
    }

    /** Handshakes refused, either way. */
    int refusals() {
        return refusals.get();
    }

    /** Handshakes this node started and that failed: the members it tried to join do not share its secret. */
    int outboundRefusals() {
        return outboundRefusals.get();
    }

    String lastOutboundRefusal() {
        return lastOutboundRefusal.get();
    }

    private byte[] nonce() {
        byte[] n = new byte[NONCE];
        random.nextBytes(n);
        return n;
    }

    private byte[] mac(String label, byte[] first, byte[] second) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            mac.update(first);
            mac.update(second);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static String peer(Socket socket) {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }
}
