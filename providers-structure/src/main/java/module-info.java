/** Structure providers: the ONNX anticipator network and a model-free novelty baseline. */
module fractalsync.providers.structure {
    requires fractalsync.api;
    requires fractalsync.onnx;

    exports dev.fractalsync.structure.anticipator;
    exports dev.fractalsync.structure.context;
    exports dev.fractalsync.structure.novelty;

    provides dev.fractalsync.api.spi.StructureProvider with
            dev.fractalsync.structure.anticipator.AnticipatorStructureProvider,
            dev.fractalsync.structure.novelty.NoveltyStructureProvider;
}
