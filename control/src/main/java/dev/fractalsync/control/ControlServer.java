package dev.fractalsync.control;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The control page's server. Serves the page (its assets are resources of this module, so it works offline), the
 * latest frame as {@code /preview.jpg}, and the event bus bridged over SockJS at {@code /eventbus}: the status goes
 * out on {@link #STATUS} ten times a second, commands come in on {@link #COMMANDS} and are answered with
 * {@code {"ok":true}} or a failure whose message is one line.
 * <p>
 * Who may use it: on a loopback address anyone on this machine, but only through a loopback host name (a web page
 * elsewhere cannot reach it by rebinding its own name to 127.0.0.1); on any other address only a request that carries
 * the token printed with the URL, as {@code ?token=} (the page's first load, which then sets a same-site cookie) or
 * that cookie. A request whose {@code Origin} is another site is refused either way, so a page the operator happens
 * to visit cannot drive the show.
 */
public final class ControlServer implements AutoCloseable {
    /** Status out: {@link ShowStatus#toJson()}. */
    public static final String STATUS = "fractalsync.control.status";
    /** Commands in: {@link ControlCommand#parse} JSON. */
    public static final String COMMANDS = "fractalsync.control.command";
    static final String TOKEN_COOKIE = "fractalsync-token";
    static final long STATUS_PERIOD_MS = 100;

    private static final String ASSET_ROOT = "/fractalsync-control/";
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "control.js", "text/javascript; charset=utf-8",
            "control.css", "text/css; charset=utf-8",
            "vendor/sockjs.min.js", "text/javascript; charset=utf-8",
            "vendor/vertx-eventbus.js", "text/javascript; charset=utf-8");

    private final Vertx vertx;
    private final HttpServer server;
    private final MessageConsumer<Object> commands;
    private final long timer;
    private final String url;

    private ControlServer(Vertx vertx, HttpServer server, MessageConsumer<Object> commands, long timer, String url) {
        this.vertx = vertx;
        this.server = server;
        this.commands = commands;
        this.timer = timer;
        this.url = url;
    }

    /**
     * Starts the page on {@code address}. A non-loopback address gets a fresh random token, which is part of
     * {@link #url()}.
     *
     * @throws IllegalStateException with a one-line reason when the address cannot be listened on
     */
    public static ControlServer start(Vertx vertx, ControlAddress address, ShowSurface surface) {
        String token = address.loopback() ? null : newToken();
        return start(vertx, address, surface, token);
    }

    static ControlServer start(Vertx vertx, ControlAddress address, ShowSurface surface, String token) {
        Map<String, byte[]> assets = new LinkedHashMap<>();
        ASSETS.keySet().forEach(name -> assets.put(name, resource(name)));
        Router router = Router.router(vertx);
        router.route().handler(ctx -> guard(ctx, token));
        router.get("/").handler(ctx -> asset(ctx, "index.html", assets));
        ASSETS.keySet().forEach(name -> router.get("/" + name).handler(ctx -> asset(ctx, name, assets)));
        router.get("/preview.jpg").handler(ctx -> {
            byte[] jpeg = surface.preview();
            if (jpeg == null) {
                ctx.response().setStatusCode(204).end();
                return;
            }
            ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(jpeg));
        });
        SockJSBridgeOptions bridge = new SockJSBridgeOptions()
                .addInboundPermitted(new PermittedOptions().setAddress(COMMANDS))
                .addOutboundPermitted(new PermittedOptions().setAddress(STATUS));
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridge));

        MessageConsumer<Object> commands = vertx.eventBus().consumer(COMMANDS, message -> {
            try {
                Object body = message.body();
                ControlCommand command = ControlCommand.parse(body instanceof JsonObject j ? j : null);
                surface.apply(command);
                message.reply(new JsonObject().put("ok", true));
            } catch (IllegalArgumentException e) {
                message.fail(400, e.getMessage());
            } catch (RuntimeException e) { // the show goes on: the page hears what failed
                message.fail(500, "command failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        });
        HttpServer server;
        try {
            server = vertx.createHttpServer().requestHandler(router).listen(address.port(), address.host())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            commands.unregister();
            Throwable cause = e.getCause();
            throw new IllegalStateException("--control " + address.host() + ":" + address.port() + ": cannot listen ("
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()) + ")");
        } catch (Exception e) {
            commands.unregister();
            throw new IllegalStateException("--control " + address.host() + ":" + address.port() + ": cannot listen (" + e + ")");
        }
        long timer = vertx.setPeriodic(STATUS_PERIOD_MS, id -> {
            try {
                vertx.eventBus().publish(STATUS, surface.status().toJson());
            } catch (RuntimeException e) {
                // a status that cannot be read this tick is skipped; the next one is 100 ms away
            }
        });
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        String url = "http://" + host + ":" + server.actualPort() + "/" + (token == null ? "" : "?token=" + token);
        return new ControlServer(vertx, server, commands, timer, url);
    }

    /** The page's address, with the token when one is needed: print it once. */
    public String url() {
        return url;
    }

    /** The port listened on (the one picked when the address gave 0). */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        commands.unregister();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at exit: nothing is left to tell
        }
    }

    private static void guard(RoutingContext ctx, String token) {
        HostAndPort authority = ctx.request().authority(); // Host in HTTP/1.1, :authority in HTTP/2
        if (authority == null) {
            refuse(ctx, "no Host header");
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !sameSite(origin, authority)) {
            refuse(ctx, "request from another site (" + origin + ")");
            return;
        }
        if (token == null) {
            if (!loopbackName(authority.host())) {
                refuse(ctx, "the page listens on loopback: open it as 127.0.0.1 or localhost");
                return;
            }
            ctx.next();
            return;
        }
        String given = ctx.request().getParam("token");
        boolean fromQuery = given != null;
        if (given == null) {
            Cookie c = ctx.request().getCookie(TOKEN_COOKIE);
            given = c == null ? null : c.getValue();
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx, "missing or wrong token: open the URL printed when the run started");
            return;
        }
        if (fromQuery) {
            ctx.response().addCookie(Cookie.cookie(TOKEN_COOKIE, token).setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT));
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("refused: " + why + "\n");
    }

    private static boolean sameSite(String origin, HostAndPort authority) {
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null) {
                return false;
            }
            int originPort = u.getPort() < 0 ? 80 : u.getPort();
            int hostPort = authority.port() < 0 ? 80 : authority.port();
            return bare(u.getHost()).equalsIgnoreCase(bare(authority.host())) && originPort == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean loopbackName(String host) {
        String name = bare(host.toLowerCase(Locale.ROOT));
        return name.equals("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static void asset(RoutingContext ctx, String name, Map<String, byte[]> assets) {
        ctx.response().putHeader("Content-Type", ASSETS.get(name)).putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(io.vertx.core.buffer.Buffer.buffer(assets.get(name)));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ControlServer.class.getResourceAsStream(ASSET_ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("control page asset " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
