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
        return lines
    }
}
