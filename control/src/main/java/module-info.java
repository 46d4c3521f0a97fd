/**
 * The live show's control page: an HTTP server (Vert.x Web) serving a page whose assets live in this jar, with the
 * event bus bridged to the browser over SockJS. Only two addresses cross the bridge: the show's status out
 * ({@link dev.fractalsync.control.ControlServer#STATUS}) and the page's commands in
 * ({@link dev.fractalsync.control.ControlServer#COMMANDS}). The host (the {@code run} command) implements
 * {@link dev.fractalsync.control.ShowSurface}; this module knows nothing of Swing, the engine or the providers.
 */
module fractalsync.control {
    requires transitive io.vertx.core;
    requires io.vertx.web;
    requires io.vertx.eventbusbridge;

    exports dev.fractalsync.control;
}
