module fractalsync.providers.controller {
    requires fractalsync.api;
}
