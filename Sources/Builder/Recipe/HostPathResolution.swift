import Foundation

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
    /// `base`; either way normalised.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return normalised(path) }
        var rel = Substring(path)
        while rel.hasPrefix("./") { rel = rel.dropFirst(2) }
        if rel.isEmpty || rel == "." { return normalised(base) }
        if base == "." { return normalised(String(rel)) }
        return normalised(base.hasSuffix("/") ? base + rel : base + "/" + rel)
    }

    /// The same file as `path`, written as a user expects to read it: `out/c4-guest`, not
    /// `recipes/../out/c4-guest`. Drops `.` components and repeated slashes, and a `folder/..`
    /// pair where `folder` is a real folder. Over a symlink `..` leads to the link target's
    /// parent, and over a missing name the kernel would fail, so those pairs stay as written.
    static func normalised(_ path: String, isRealFolder: (String) -> Bool = isRealFolder) -> String {
        let absolute = path.hasPrefix("/")
        var kept: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if kept.isEmpty && absolute { continue }  // "/.." is "/"
                if let last = kept.last, last != "..",
                    isRealFolder((absolute ? "/" : "") + kept.joined(separator: "/"))
                {
                    kept.removeLast()
                    continue
                }
            }
            kept.append(part)
        }
        let joined = kept.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// A folder that is not a symlink (lstat's view, not stat's).
    static func isRealFolder(_ path: String) -> Bool {
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { return false }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
