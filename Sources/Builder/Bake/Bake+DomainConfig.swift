extension Bake {
    /// `<name>.cfg` (xm) and `<name>.xl.cfg` in the guest's folder, for a guest aligned to Xen.
    /// Returns the file names written.
    static func writeDomainConfigs(_ aligned: Alignment.Result, _ recipe: Recipe, into folder: OutputFolder) throws -> [String] {
        guard aligned.profile == .centos4 || aligned.profile == .modern else { return [] }
        let files: [(String, String)]
        do {
            let config = try DomainConfig.make(recipe, kernel: aligned.kernel)
            files = [(recipe.name + ".cfg", try config.xm()), (recipe.name + ".xl.cfg", try config.xl())]
        } catch {
            throw BakeError.alignment(error)
        }
        for (name, text) in files {
            try HostPaths.writeNew(folder.path(name), Array(text.utf8))
        }
        return files.map(\.0)
    }
}
