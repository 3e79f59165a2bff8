import Foundation

/// Xen's PyGrub (Debian's xen-utils-4.17, installed by build.sh) as the oracle for boot menus:
/// run against an image file, as xl/xm run it before they build a PV domain. It needs no
/// hypervisor, only read access to the image and a writable output folder (facts §4.4).
enum PyGrub {
    /// What PyGrub would hand to the domain builder.
    struct Boot {
        /// The kernel's bytes, copied out of the image.
        var kernel: [UInt8]
        /// The initrd's bytes; nil when the entry has none.
        var ramdisk: [UInt8]?
        var args: String?
        /// PyGrub's own output (for diagnostics).
        var output: String
    }

    /// One entry as `pygrub -l` prints it.
    struct Entry: Equatable {
        var title: String
        var kernel: String
        var args: String
        var initrd: String
    }

    /// /usr/lib/xen-4.17/bin/pygrub, or `pygrub` on PATH (xen-utils-common's link).
    static func executable() throws -> String {
        let debian = "/usr/lib/xen-4.17/bin/pygrub"
        if FileManager.default.isExecutableFile(atPath: debian) { return debian }
        do { return try HostTools.path(of: "pygrub") } catch { throw Missing() }
    }

    /// `pygrub -q --output-format=simple --output-directory=DIR --output=FILE IMAGE`: boots the
    /// default entry and reads back what it extracted.
    static func boot(_ image: String, entry: String? = nil) throws -> Boot {
        let dir = try HostTools.temporaryDirectory("pygrub")
        defer { HostTools.cleanUp(dir) }
        // --output must exist (pygrub opens it O_WRONLY); it keeps the result apart from the
        // warnings PyGrub logs on stderr.
        let result = dir + "/result"
        guard FileManager.default.createFile(atPath: result, contents: nil) else {
            throw Failed(command: "pygrub -q", output: "cannot create \(result)")
        }
        var argv = [try executable(), "-q", "--output-format=simple", "--output-directory=\(dir)", "--output=\(result)"]
        if let entry { argv.append("--entry=\(entry)") }
        let r = try HostTools.run(argv + [image])
        guard r.ok else { throw Failed(command: "pygrub -q", output: r.output) }
        let text = String(decoding: FileManager.default.contents(atPath: result) ?? Data(), as: UTF8.self)
        var kernelPath: String?, ramdiskPath: String?, args: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("kernel ") { kernelPath = String(line.dropFirst(7)) }
            if line.hasPrefix("ramdisk ") { ramdiskPath = String(line.dropFirst(8)) }
            if line.hasPrefix("args ") { args = String(line.dropFirst(5)) }
        }
        guard let kernelPath, let kernel = FileManager.default.contents(atPath: kernelPath) else {
            throw Failed(command: "pygrub -q", output: "no kernel in its result:\n\(text)\n\(r.output)")
        }
        let ramdisk = try ramdiskPath.map { path -> [UInt8] in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failed(command: "pygrub -q", output: "ramdisk \(path) named but missing:\n\(text)")
            }
            return Array(data)
        }
        return Boot(kernel: Array(kernel), ramdisk: ramdisk, args: args, output: text + r.output)
    }

    /// `pygrub -l IMAGE`: the entries of the menu PyGrub finds, and its whole output.
    static func list(_ image: String) throws -> (entries: [Entry], output: String) {
        let dir = try HostTools.temporaryDirectory("pygrub-l")
        defer { HostTools.cleanUp(dir) }
        let r = try HostTools.run([try executable(), "-l", "--output-directory=\(dir)", image])
        guard r.ok else { throw Failed(command: "pygrub -l", output: r.output) }
        var entries: [Entry] = []
        for line in r.output.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            func value(_ key: String) -> String? {
                trimmed.hasPrefix(key + ": ") ? String(trimmed.dropFirst(key.count + 2)) : nil
            }
            if let title = value("title") {
                entries.append(Entry(title: title, kernel: "", args: "", initrd: ""))
            } else if !entries.isEmpty {
                if let v = value("kernel") { entries[entries.count - 1].kernel = v }
                if let v = value("args") { entries[entries.count - 1].args = v }
                if let v = value("initrd") { entries[entries.count - 1].initrd = v }
            }
        }
        return (entries, r.output)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "the test oracle pygrub is not installed; run ./build.sh as root (it installs Debian's xen-utils-4.17)"
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command) failed:\n\(output)" }
    }
}
