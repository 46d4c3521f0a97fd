module fractalsync.renderer.swing {
    requires fractalsync.api;
}
