extension Bake {
    /// Checks the recipe's `memory` against what Xen's PV loader places before the kernel runs
    /// (`BootMemory`): the aligned tree's kernel and the initrd it boots with. Throws before any
    /// image is written; returns the report's note (nil for profile none, which has no kernel).
    static func checkMemory(_ aligned: Alignment.Result, _ recipe: Recipe) throws -> TreeChange? {
        guard let kernel = aligned.kernel, let image = aligned.kernelImage else { return nil }
        var initrd: BootMemory.Initrd?
        if let path = kernel.initrdPath {
            guard let id = aligned.tree.resolve(path) else {
                throw BakeError.alignment(TreeError.notFound(path.description))
            }
            let bytes = try aligned.tree.bytes(of: id)
            initrd = BootMemory.Initrd(size: UInt64(bytes.count), head: bytes.prefix(8), tail: bytes.suffix(4))
        }
        do {
            let note = try BootMemory.check(
                kernel: image.load, is64: image.machine == ELFFile.machineX86_64, initrd: initrd,
                memoryMiB: recipe.align.memory, kernelName: kernel.imagePath.description,
                initrdName: kernel.initrdPath?.description)
            return TreeChange(step: "memory", action: .note, path: nil, detail: note)
        } catch {
            throw BakeError.memory(error)
        }
    }
}
