extension Bake {
    /// Packs every file of the folder (the manifest included) into `<name>.tar.<ext>` under
    /// `<name>/`, in byte order of the names, then writes the bundle's hash beside it in
    /// `sha256sum` format. The bundle is inside the folder, so it appears with the rest at commit.
    static func writeBundle(_ format: GuestBundle.Format, _ recipe: Recipe, createdAt: Timestamp, into folder: OutputFolder) throws {
        let bundle = GuestBundle.fileName(guest: recipe.name, format: format)
        do {
            let names = try HostPaths.directoryNames(folder.work)
            let members = [ArchiveWriter.Member(name: recipe.name, source: nil)]
                + names.map { ArchiveWriter.Member(name: recipe.name + "/" + $0, source: folder.path($0)) }
            try ArchiveWriter.write(members, format: format, mtime: createdAt.seconds, to: folder.path(bundle))
            let digest = try FileDigest.of(folder.path(bundle))
            let line = "\(digest.sha256)  \(bundle)\n"
            try HostPaths.writeNew(folder.path(GuestBundle.checksumFileName(guest: recipe.name, format: format)), Array(line.utf8))
        } catch {
            throw BakeError.output(folder: recipe.output.dir, underlying: error)
        }
    }
}
