#if canImport(Glibc)
import Glibc
#endif

/// Operations on host paths (not on open files: see `HostFile`): what a path is, folders made,
/// renamed and removed. The output folder's atomic replacement is built from these.
public enum HostPaths {
    public enum Kind: Sendable, Equatable {
        case directory
        case regular
        case symlink
        case other
    }

    /// What `path` is, or nil when nothing is there. With `followLinks`, a symlink is looked
    /// through (stat), else reported as itself (lstat).
    public static func kind(of path: String, followLinks: Bool = true) throws -> Kind? {
        var st = stat()
        let r = followLinks ? stat(path, &st) : lstat(path, &st)
        if r != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemError(followLinks ? "stat" : "lstat", path: path)
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// What tells one version of a file from another without reading it: device, inode, size and
    /// change time (stat, through symlinks).
    public static func identity(of path: String) throws -> [Int64] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw SystemError("stat", path: path) }
        return [Int64(st.st_dev), Int64(st.st_ino), Int64(st.st_size), Int64(st.st_mtim.tv_sec),
                Int64(st.st_mtim.tv_nsec), Int64(st.st_ctim.tv_sec), Int64(st.st_ctim.tv_nsec)]
    }

    /// The bytes an unprivileged writer can still put into the filesystem holding `folder`
    /// (statvfs: f_bavail blocks of f_frsize bytes).
    public static func freeBytes(in folder: String) throws -> UInt64 {
        var st = statvfs()
        guard retrying({ statvfs(folder, &st) }) == 0 else { throw SystemError("statvfs", path: folder) }
        let (bytes, overflow) = UInt64(st.f_bavail).multipliedReportingOverflow(by: UInt64(st.f_frsize))
        return overflow ? .max : bytes
    }

    /// The whole content of a (small) file, such as a recipe.
    public static func readAll(_ path: String) throws -> [UInt8] {
        let f = try HostFile.openForReading(path)
        let size = try f.size()
        let bytes = try f.read(count: Int(size), at: 0)
        try f.close()
        return bytes
    }

    /// Writes a new file (which must not exist) with `bytes`, mode `permissions`.
    public static func writeNew(_ path: String, _ bytes: [UInt8], permissions: mode_t = 0o600) throws {
        let f = try HostFile.create(path, permissions: permissions)
        try f.write(bytes, at: 0)
        try f.close()
    }

    /// Makes one folder; its parent must exist.
    public static func makeDirectory(_ path: String, permissions: mode_t = 0o755) throws {
        guard mkdir(path, permissions) == 0 else { throw SystemError("mkdir", path: path) }
    }

    /// Makes `path` and its missing parents (as `mkdir -p`); an existing folder is fine.
    public static func makeDirectories(_ path: String, permissions: mode_t = 0o755) throws {
        if try kind(of: path) == .directory { return }
        let parent = HostPathResolution.directory(of: path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent, permissions: permissions) }
        if mkdir(path, permissions) != 0 {
            // Another process may have made it in between; only a folder there is success.
            if errno == EEXIST, try kind(of: path) == .directory { return }
            throw SystemError("mkdir", path: path)
        }
    }

    /// rename(2): atomic within one filesystem.
    public static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw SystemError("rename to '\(to)' from", path: from) }
    }

    /// Removes `path` and, for a folder, everything below it. Symlinks are removed, never
    /// followed. Nothing there is not an error.
    public static func removeTree(_ path: String) throws {
        guard let k = try kind(of: path, followLinks: false) else { return }
        if k == .directory {
            for name in try directoryNames(path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw SystemError("rmdir", path: path) }
        } else {
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemError("unlink", path: path) }
        }
    }

    /// The names in a folder, without "." and "..", in byte order.
    public static func directoryNames(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw SystemError("opendir", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemError("readdir", path: path) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The mode bits (permissions) of `path`, not following a symlink.
    public static func permissions(of path: String) throws -> UInt16 {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw SystemError("lstat", path: path) }
        return UInt16(st.st_mode & 0o7777)
    }

    /// This process's id (names builder's work folders, so two runs never share one).
    public static var processID: Int32 { getpid() }
}

extension HostPaths {
    /// `path` with its symlinks resolved (realpath(3)): files named on the command line or in a
    /// recipe may be links (/vmlinuz → boot/vmlinuz-...), and `HostFile` never follows them.
    public static func resolvingLinks(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw SystemError("realpath", path: path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
