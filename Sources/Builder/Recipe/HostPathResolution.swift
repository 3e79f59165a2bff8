/// Host paths written in a recipe are relative to the recipe file's folder, not to the folder
/// builder was started in, so a recipe means the same thing wherever it is run from.
enum HostPathResolution {
    /// The folder holding `file` ("." for a bare file name).
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        if slash == file.startIndex { return "/" }
        return String(file[..<slash])
    }

    /// `path` as seen from the current folder: absolute paths stay, relative ones are joined to
    /// `base`.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        var rel = Substring(path)
        while rel.hasPrefix("./") { rel = rel.dropFirst(2) }
        if rel.isEmpty || rel == "." { return base }
        if base == "." { return String(rel) }
        return base.hasSuffix("/") ? base + rel : base + "/" + rel
    }
}
