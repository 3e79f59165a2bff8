extension Bake {
    /// The alignment part of `builder check`'s plan: reads the source (an archive's data goes to a
    /// spool in a temporary folder under `temporaryParent`, removed afterwards; no image and no
    /// output folder is written), runs every step, and lists what each would add, change or
    /// remove, with short diffs of the text files.
    public static func planAlignment(
        _ recipe: Recipe, environment: [String: String], temporaryParent: String = "/tmp"
    ) throws -> [String] {
        let createdAt = Timestamp.sourceDateEpoch(environment: environment)
        let scratch = try OutputFolder.begin(parent: environment["TMPDIR"] ?? temporaryParent, name: "builder-check")
        defer { try? scratch.discard() }
        let source = try readSource(recipe, into: scratch, createdAt: createdAt) { _ in }
        let aligned = try align(source.tree, recipe, createdAt: createdAt)
        var lines = ["plan (profile \(aligned.profile.rawValue)):"]
        for change in aligned.changes {
            lines.append(change.reportLine)
            if change.action == .added || change.action == .changed || change.action == .removed,
                change.before != nil || change.after != nil
            {
                lines += LineDiff.render(before: change.before, after: change.after)
            }
        }
        // The memory check of a bake: a `memory` too small for the kernel and initrd fails here too.
        if let memory = try checkMemory(aligned, recipe) { lines.append(memory.reportLine) }
        lines += try planFit(aligned.tree, recipe, createdAt: createdAt)
        return lines
    }

    /// Whether the aligned tree fits each filesystem disk, as bake would find when it writes the
    /// image: the size each needs (the smallest image that holds its files), and for an explicit
    /// size too small the same error as bake's (exit 1, with the size to give). Only the files'
    /// sizes and data ranges are used, never their data.
    static func planFit(_ tree: Tree, _ recipe: Recipe, createdAt: Timestamp) throws -> [String] {
        let trees = try split(tree, for: recipe, createdAt: createdAt)
        var lines = ["fit:"]
        for disk in recipe.disks {
            guard let fs = disk.filesystem, let part = trees[fs.mount] else { continue }
            let options = extOptions(fs, device: disk.device, guest: recipe.name, createdAt: createdAt)
            do {
                try Ext.validate(options)
                let layout = try Ext.layout(part, options: options)
                let smallest = try Ext.fittingBlocks(layout, options: options, rule: .minimal)
                let needed = UInt64(smallest.blocksCount) * UInt64(options.blockSize)
                switch fs.size {
                case .fixed(let bytes):
                    // Bake's own check: throws doesNotFit with the size to give.
                    _ = try Ext.plan(layout, size: bytes, options: options)
                    lines.append("  \(disk.device): the files need at least \(ByteSize.format(needed)); the disk has \(ByteSize.format(bytes)): fits")
                case .auto(let free):
                    let size = try Ext.autoSize(for: layout, free: free, options: options)
                    lines.append("  \(disk.device): the files need at least \(ByteSize.format(needed)); size auto gives \(ByteSize.format(size))")
                }
            } catch {
                throw BakeError.disk(device: disk.device, underlying: error)
            }
        }
        return lines
    }
}
