import Synchronization

/// The sources several guests of a batch share, each read once: the first guest that needs one
/// reads it (the others wait for it), and every guest then builds on the same tree. An archive's
/// data is spooled in a hidden file of the first guest's output folder, removed when the batch ends.
final class SharedSources: Sendable {
    struct Key: Hashable, Sendable {
        var source: String
        var kind: String
        var owner: String

        init(_ source: Recipe.Source) {
            self.source = source.path
            switch source {
            case .tree: kind = "tree"
            case .tarball: kind = "tarball"
            }
            owner = source.owner?.description ?? ""
        }
    }

    /// One shared source: read at most once, under its own lock.
    final class Entry: Sendable {
        let spoolPath: String
        let outputDir: String
        let state = Mutex<Result<Tree, Batch.BatchFailure>?>(nil)

        init(spoolPath: String, outputDir: String) {
            self.spoolPath = spoolPath
            self.outputDir = outputDir
        }
    }

    private let entries: [Key: Entry]

    /// Shares every source that two or more of `guests` read.
    init(_ guests: [Recipe], outOverride: String?, processID: Int32) {
        var count: [Key: Int] = [:]
        for g in guests { count[Key(g.source), default: 0] += 1 }
        var entries: [Key: Entry] = [:]
        var n = 0
        for g in guests where count[Key(g.source), default: 0] > 1 && entries[Key(g.source)] == nil {
            let dir = outOverride ?? g.output.dir
            entries[Key(g.source)] = Entry(spoolPath: "\(dir)/.shared-source-\(processID)-\(n).spool", outputDir: dir)
            n += 1
        }
        self.entries = entries
    }

    /// The shared tree for `recipe`'s source, reading it if no guest has yet; nil when the source
    /// is the recipe's alone.
    func tree(for recipe: Recipe, createdAt: Timestamp) throws -> Tree? {
        guard let entry = entries[Key(recipe.source)] else { return nil }
        // The lock is held while reading: the other guests of this source wait for the one read.
        let result: Result<Tree, Batch.BatchFailure> = entry.state.withLock { state in
            if let state { return state }
            let read: Result<Tree, Batch.BatchFailure>
            do {
                try HostPaths.makeDirectories(entry.outputDir)
                WorkInProgress.begin(entry.spoolPath)
                let spool = Bake.LazySpool(path: entry.spoolPath, capacity: Bake.spoolCapacity(recipe))
                let tree = try Bake.readBase(recipe.source, spool: spool.get, createdAt: createdAt)
                try spool.finish()
                read = .success(tree)
            } catch {
                read = .failure(Batch.BatchFailure(message: "\(recipe.file): \(error)", isRecipeError: false))
            }
            state = read
            return read
        }
        return try result.get()
    }

    /// Removes the spools once no guest needs them.
    func removeSpools() {
        for entry in entries.values {
            try? HostFile.remove(entry.spoolPath)
            WorkInProgress.end(entry.spoolPath)
        }
    }
}
