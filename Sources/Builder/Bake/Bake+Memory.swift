extension Bake {
    /// Checks the recipe's `memory` against what Xen's PV loader places before the kernel runs
    /// (`BootMemory`): the aligned tree's kernel and the initrd it boots with. Throws before any
    /// image is written; returns the report's note (nil for profile none, which has no kernel).
    static func checkMemory(_ aligned: Alignment.Result, _ recipe: Recipe) throws -> TreeChange? {
        guard let kernel = aligned.kernel, let image = aligned.kernelImage else { return nil }
        var initrd: BootMemory.Initrd?
        if let path = kernel.initrdPath {
            guard let id = aligned.tree.resolve(path), case .regular(let content) = aligned.tree[id].kind else {
                throw BakeError.alignment(TreeError.notFound(path.description))
            }
            // The sizes need the first bytes (the compression) and the gzip trailer, not the file.
            let size = content.size
            initrd = BootMemory.Initrd(
                size: size, head: ArraySlice(try content.read(0..<8)),
                tail: ArraySlice(try content.read((size >= 4 ? size - 4 : 0)..<size)))
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
