package dev.fractalsync.bus;

import io.vertx.core.buffer.Buffer;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authenticated encryption of the clustered bus's messages with a key all nodes of the cluster derive from its shared
 * secret (AES-256-GCM). A sealed message is {@code version | sender (16 bytes) | counter (8) | sent-at µs (8) |
 * IV (12) | ciphertext and tag}; the address and the contract version are authenticated with it. A receiver opens it
 * only if the tag checks (so it came from a holder of the key, unchanged), its counter is above the last one seen from
 * that sender on that subscription (no replay within a run) and it was sent within {@link #MAX_AGE_MICROS} of the
 * receiver's clock (no replay of an old recording after a restart).
 */
public final class BusSeal {
    static final byte VERSION = 1;
    static final int SENDER = 16;
    static final int IV = 12;
    static final int TAG_BITS = 128;
    private static final int HEADER = 1 + SENDER + 8 + 8 + IV;
    /** Two minutes either way: the nodes' clocks must agree that well (NTP does far better). */
    public static final long MAX_AGE_MICROS = 120_000_000L;

    private final SecretKeySpec key;
    private final byte[] sender = new byte[SENDER];
    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    /** A seal from the cluster key (any length; an AES key is derived from it for this use only). */
    public BusSeal(byte[] clusterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clusterKey, "HmacSHA256"));
            key = new SecretKeySpec(mac.doFinal("fractalsync event bus v1".getBytes(StandardCharsets.US_ASCII)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        random.nextBytes(sender);
    }

    /** Why a message was not opened. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The last counter seen per sender, for one subscription. */
    public static final class Window {
        private final Map<String, Long> last = new ConcurrentHashMap<>();
    }

    public Window newWindow() {
        return new Window();
    }

    /** {@code plain} sealed for {@code address}. */
    public Buffer seal(String address, String contractVersion, byte[] plain) {
        long count = counter.incrementAndGet();
        long sentAt = epochMicros();
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(VERSION).put(sender).putLong(count).putLong(sentAt).put(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(header.array());
            c.updateAAD(aad(address, contractVersion));
            return Buffer.buffer(HEADER + plain.length + TAG_BITS / 8).appendBytes(header.array()).appendBytes(c.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain bytes of a message sealed for {@code address}, or {@link Refused} saying why not. */
    public byte[] open(String address, String contractVersion, Object body, Window window) throws Refused {
        if (!(body instanceof Buffer buffer) || buffer.length() < HEADER + TAG_BITS / 8) {
            throw new Refused("not sealed");
        }
        byte[] bytes = buffer.getBytes();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
            throw new Refused("unknown seal version");
        }
        byte[] from = new byte[SENDER];
        in.get(from);
        long count = in.getLong();
        long sentAt = in.getLong();
        byte[] iv = new byte[IV];
        in.get(iv);
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(bytes, 0, HEADER);
            c.updateAAD(aad(address, contractVersion));
            plain = c.doFinal(bytes, HEADER, bytes.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new Refused("not sealed with this cluster's secret");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (Math.abs(epochMicros() - sentAt) > MAX_AGE_MICROS) {
            throw new Refused("sent " + (epochMicros() - sentAt) / 1_000_000 + " s ago by the receiver's clock (replayed, "
                    + "or the nodes' clocks disagree)");
        }
        String id = HexFormat.of().formatHex(from);
        Long previous = window.last.get(id);
        if (previous != null && count <= previous) {
            throw new Refused("replayed (counter " + count + " after " + previous + ")");
        }
        window.last.put(id, count);
        return plain;
    }

    /** When a message was sealed, in epoch microseconds (unauthenticated before {@link #open}). */
    static long sentAtMicros(Buffer sealed) {
        return sealed.getLong(1 + SENDER + 8);
    }

    private static byte[] aad(String address, String contractVersion) {
        return (address + "\n" + contractVersion).getBytes(StandardCharsets.UTF_8);
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
