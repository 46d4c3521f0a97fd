package dev.fractalsync.control;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private FakeShow show;

    /** A show that records the commands it is given and knows two presets. */
    static class FakeShow implements ShowSurface {
        final List<ControlCommand> applied = new CopyOnWriteArrayList<>();
        volatile String preset = "neon";

        @Override
        public ShowStatus status() {
            return new ShowStatus(
                    new ShowStatus.Music(12.5, 120, 0.25, 24, 1, 0.9, "verse", Map.of("verse", 0.8, "chorus", 0.2),
                            Map.of(1, 0.01, 4, 0.2)),
                    new ShowStatus.Picture(59.8, 6.1, 960, 540, 0),
                    new ShowStatus.Controls(preset, List.of("neon", "ember"), 1, 3, false, false, false,
                            "as-tracked", null, 0, null, List.of("screen 0"), null),
                    "beat ok, structure ok");
        }

        @Override
        public void apply(ControlCommand command) {
            if (command instanceof ControlCommand.SelectPreset p) {
                if (!p.name().equals("neon") && !p.name().equals("ember")) {
                    throw new IllegalArgumentException("unknown preset '" + p.name() + "'; valid presets: neon, ember");
                }
                preset = p.name();
            }
            applied.add(command);
        }

        @Override
        public byte[] preview() {
            return new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff};
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        show = new FakeShow();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a Host header of our choosing, which java.net.http does not allow. */
    private static String rawGet(int port, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesThePageAndItsAssetsFromTheJarOnLoopback() throws Exception {
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("127.0.0.1:0"), show)) {
            assertEquals("http://127.0.0.1:" + server.port() + "/", server.url(), "no token on loopback");
            HttpResponse<String> page = get(server.url());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("FractalSync control"));
            for (String asset : List.of("control.js", "control.css", "vendor/sockjs.min.js", "vendor/vertx-eventbus.js")) {
                HttpResponse<String> r = get(server.url() + asset);
                assertEquals(200, r.statusCode(), asset);
                assertTrue(r.body().length() > 500, asset);
            }
            HttpResponse<byte[]> preview = http.send(HttpRequest.newBuilder(URI.create(server.url() + "preview.jpg")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("image/jpeg", preview.headers().firstValue("Content-Type").orElse(""));
            assertEquals(3, preview.body().length);
        }
    }

    @Test
    void loopbackRefusesOtherHostNamesAndOtherSites() throws Exception {
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("0"), show)) {
            int port = server.port();
            assertTrue(rawGet(port, "localhost:" + port).startsWith("HTTP/1.1 200"));
            String rebound = rawGet(port, "attacker.example:" + port);
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
            assertTrue(rebound.contains("open it as 127.0.0.1 or localhost"), rebound);
            HttpResponse<String> crossSite = get(server.url(), "Origin", "http://attacker.example");
            assertEquals(403, crossSite.statusCode());
            assertTrue(crossSite.body().contains("another site"));
            assertEquals(200, get(server.url(), "Origin", "http://127.0.0.1:" + port).statusCode());
        }
    }

    @Test
    void aTokenIsNeededOffLoopbackAndTheFirstLoadSetsACookie() throws Exception {
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("127.0.0.1:0"), show, "s3cret")) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            assertEquals(base + "?token=s3cret", server.url());
            HttpResponse<String> none = get(base);
            assertEquals(403, none.statusCode());
            assertTrue(none.body().contains("missing or wrong token"));
            assertEquals(403, get(base + "?token=guess").statusCode());
            assertEquals(403, get(base + "control.js").statusCode());
            HttpResponse<String> first = get(server.url());
            assertEquals(200, first.statusCode());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains(ControlServer.TOKEN_COOKIE + "=s3cret") && cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly")
                    && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(200, get(base + "control.js", "Cookie", ControlServer.TOKEN_COOKIE + "=s3cret").statusCode());
            assertEquals(403, get(base + "eventbus/info").statusCode(), "the bridge is behind the token too");
        }
        try (ControlServer open = ControlServer.start(vertx, ControlAddress.parse("0.0.0.0:0"), show)) {
            assertTrue(open.url().matches("http://0\\.0\\.0\\.0:\\d+/\\?token=[0-9a-f]{32}"), open.url());
        }
    }

    @Test
    void listeningOnABusyPortIsOneLine() {
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("0"), show)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ControlServer.start(vertx, ControlAddress.parse(String.valueOf(server.port())), show));
            assertTrue(e.getMessage().startsWith("--control 127.0.0.1:" + server.port() + ": cannot listen"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }

    /** The browser's side of the bridge: SockJS frames over its WebSocket transport, as sockjs-client sends them. */
    private static final class BridgeClient implements WebSocket.Listener {
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("a")) { // SockJS: an array of messages, each a JSON string
                    for (Object m : new io.vertx.core.json.JsonArray(frame.substring(1))) {
                        frames.add(new JsonObject((String) m));
                    }
                }
            }
            ws.request(1);
            return null;
        }

        JsonObject next(String type, String address) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonObject f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && type.equals(f.getString("type")) && (address == null || address.equals(f.getString("address")))) {
                    return f;
                }
            }
            return null;
        }
    }

    /** One SockJS frame: a JSON array of message strings. */
    private static void send(WebSocket ws, String message) {
        ws.sendText(new io.vertx.core.json.JsonArray().add(message).encode(), true).join();
    }

    @Test
    void theBridgeCarriesStatusOutAndCommandsInAndNothingElse() throws Exception {
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("0"), show)) {
            BridgeClient client = new BridgeClient();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/000/fractal1/websocket"), client)
                    .get(10, TimeUnit.SECONDS);
            send(ws, new JsonObject().put("type", "register").put("address", ControlServer.STATUS).encode());
            JsonObject status = client.next("rec", ControlServer.STATUS);
            assertNotNull(status, "status published to the page");
            assertEquals("verse", status.getJsonObject("body").getJsonObject("music").getString("section"));

            send(ws, new JsonObject().put("type", "send").put("address", ControlServer.COMMANDS)
                    .put("replyAddress", "r1").put("body", new JsonObject().put("action", "preset").put("name", "ember"))
                    .encode());
            JsonObject ok = client.next("rec", "r1");
            assertNotNull(ok, "a command is answered");
            assertTrue(ok.getJsonObject("body").getBoolean("ok"));
            assertEquals("ember", show.preset);

            send(ws, new JsonObject().put("type", "send").put("address", ControlServer.COMMANDS)
                    .put("replyAddress", "r2").put("body", new JsonObject().put("action", "preset").put("name", "nope"))
                    .encode());
            JsonObject refused = client.next("err", "r2");
            assertNotNull(refused, "a refused command is answered with its reason");
            assertTrue(refused.getString("message").contains("unknown preset 'nope'"), refused.encode());

            send(ws, new JsonObject().put("type", "send").put("address", "fractalsync.slow-state")
                    .put("body", new JsonObject()).encode());
            JsonObject denied = client.next("err", null);
            assertNotNull(denied);
            assertEquals("access_denied", denied.getString("body"), denied.encode());
            send(ws, new JsonObject().put("type", "register").put("address", "fractalsync.beat").encode());
            assertEquals("access_denied", client.next("err", null).getString("body"));
            assertEquals(1, show.applied.size(), "only the good command reached the show");
            ws.abort();
        }
    }

    @Test
    void aFailingShowAnswersTheCommandAndKeepsServing() throws Exception {
        ShowSurface broken = new FakeShow() {
            @Override
            public void apply(ControlCommand command) {
                throw new IllegalStateException("renderer gone");
            }
        };
        try (ControlServer server = ControlServer.start(vertx, ControlAddress.parse("0"), broken)) {
            Throwable e = assertThrows(Exception.class, () -> vertx.eventBus()
                    .request(ControlServer.COMMANDS, new JsonObject().put("action", "freeze").put("on", true))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("command failed: renderer gone"), e.getCause().getMessage());
            assertEquals(200, get(server.url()).statusCode());
        }
    }
}
