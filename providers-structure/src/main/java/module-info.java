module fractalsync.providers.structure {
    requires fractalsync.api;
}
