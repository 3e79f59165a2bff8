extension Recipe {
    /// Every key the decoder accepts, per object of a recipe, by JSON path pattern: "" is the top
    /// level, `disks[]` any disk (a swap disk takes only `swapDiskKeys` of these), `network[]` any
    /// interface. recipes/recipe.schema.json lists the same keys at the same places; a test
    /// compares the two both ways, so a key added here must be added there (and the reverse).
    static let schemaKeys: [String: [String]] = [
        "": topLevelKeys,
        "source": sourceKeys,
        "disks[]": filesystemDiskKeys,
        "output": outputKeys,
        "kernel": kernelKeys,
        "tls": tlsKeys,
        "network[]": interfaceKeys,
        "files[]": fileKeys,
        "services": serviceKeys,
        "guests[]": guestKeys,
        "smoke": smokeKeys,
        "limits": limitsKeys,
    ]
}
