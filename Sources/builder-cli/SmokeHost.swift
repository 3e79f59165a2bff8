import Builder
import Foundation

/// The host side of `builder smoke`: the commands it runs (apt, debootstrap, chroot, dpkg-deb,
/// depmod, QEMU) and the files it polls. The decisions are in the library (Sources/Builder/Smoke).
enum SmokeHost {
    /// Runs `argv` to the end, its stdout and stderr together in the result.
    @discardableResult
    static func run(_ argv: [String], check: Bool = true) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try which(argv[0]))
        process.arguments = Array(argv.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["DEBIAN_FRONTEND"] = "noninteractive"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if check && process.terminationStatus != 0 {
            throw SmokeError.commandFailed(
                command: argv.joined(separator: " "), status: process.terminationStatus, output: output)
        }
        return (process.terminationStatus, output)
    }

    /// The full path of a program on PATH or in the sbin folders; which Debian package has it.
    static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        let dirs =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) { return dir + "/" + tool }
        let packages = [
            "qemu-system-x86_64": "qemu-system-x86", "debootstrap": "debootstrap", "dpkg-deb": "dpkg", "depmod": "kmod",
        ]
        throw SmokeError.missingTool(tool, package: packages[tool] ?? tool)
    }

    /// Every program the smoke boot runs is there, or one error naming all the packages missing.
    static func checkRequirements() throws {
        let missing = SmokeRequirements.missingPackages { (try? which($0)).map(exists) ?? false }
        if !missing.isEmpty { throw SmokeError.missingPackages(missing) }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func touch(_ path: String, _ text: String = "") throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: - Versions and the dom0 cache

    /// The versions the host's apt offers now: Xen 4.17 and the kernel linux-image-amd64 names.
    static func versions() throws -> Dom0Versions {
        let xenPolicy = try run(["apt-cache", "policy", "xen-utils-4.17"]).output
        guard let xen = AptCacheOutput.candidate(policy: xenPolicy) else {
            throw SmokeError.noAnswer("a candidate of xen-utils-4.17")
        }
        let depends = try run(["apt-cache", "depends", "linux-image-amd64"]).output
        guard let kernel = AptCacheOutput.kernelPackage(depends: depends) else {
            throw SmokeError.noAnswer("the kernel linux-image-amd64 depends on")
        }
        let kernelPolicy = try run(["apt-cache", "policy", kernel]).output
        guard let version = AptCacheOutput.candidate(policy: kernelPolicy) else {
            throw SmokeError.noAnswer("a candidate of \(kernel)")
        }
        return Dom0Versions(xen: xen, kernelPackage: kernel, kernelVersion: version)
    }

    static func aptArchives() throws -> AptArchives {
        var texts: [String] = []
        let dir = "/etc/apt/sources.list.d"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        where name.hasSuffix(".sources") || name.hasSuffix(".list") {
            texts.append((try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? "")
        }
        texts.append((try? String(contentsOfFile: "/etc/apt/sources.list", encoding: .utf8)) ?? "")
        guard let archives = AptArchives.parse(texts) else {
            throw SmokeError.noAnswer("a Debian archive in /etc/apt/sources*")
        }
        return archives
    }

    /// Makes what is missing of the dom0 in `plan.folder`; returns the dom0 image and initramfs.
    /// Each step leaves a marker, so an interrupted run resumes where it stopped.
    static func prepareDom0(_ plan: Dom0Plan, say: (String) -> Void) throws -> (image: String, initramfs: String) {
        let digest = SmokeImages.scriptsDigest
        let image = plan.dom0Image(scriptsDigest: digest)
        let initramfs = plan.dom0Initramfs(scriptsDigest: digest)
        if exists(image) && exists(initramfs) && exists(plan.xenELF) { return (image, initramfs) }
        try FileManager.default.createDirectory(atPath: plan.folder, withIntermediateDirectories: true)
        // Two runs at once (parallel tests, two CI jobs on one cache) make the dom0 once: the
        // second waits here and then finds it made.
        let lock = open(plan.folder + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw SmokeError.noAnswer("a lock file in \(plan.folder) (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(lock, LOCK_UN) }
        if exists(image) && exists(initramfs) && exists(plan.xenELF) { return (image, initramfs) }
        let archives = try aptArchives()
        if !exists(plan.treeComplete) {
            if !exists(plan.treeBootstrapped) {
                say("dom0: debootstrap bookworm (minbase) into \(plan.tree) (once; about a minute)")
                try? FileManager.default.removeItem(atPath: plan.tree)
                try run(plan.debootstrap(mirror: archives.mirror))
                try touch(plan.treeBootstrapped)
            }
            say("dom0: installing xen-utils-4.17=\(plan.versions.xen) in the dom0 tree (once)")
            try touch(plan.tree + "/etc/apt/sources.list", archives.sourcesList)
            // No service may start inside the chroot (policy-rc.d(8), exit 101: not allowed).
            try touch(plan.tree + "/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n")
            try run(["chmod", "0755", plan.tree + "/usr/sbin/policy-rc.d"])
            try run(["mount", "--bind", "/proc", plan.tree + "/proc"])
            var failure: Error?
            do { for step in plan.installXenTools { try run(step) } } catch { failure = error }
            try run(["umount", plan.tree + "/proc"])
            if let failure { throw failure }
            try fetchKernelAndXen(plan, say: say)
            say("dom0: copying the kernel's modules dom0 needs")
            let modules = plan.tree + "/lib/modules/" + plan.versions.kernelRelease
            try? FileManager.default.removeItem(atPath: modules)
            try FileManager.default.createDirectory(
                atPath: modules + "/kernel/drivers/net", withIntermediateDirectories: true)
            for name in ["modules.builtin", "modules.builtin.modinfo", "modules.order"]
            where exists(plan.kernelModules + "/" + name) {
                try run(["cp", "-a", plan.kernelModules + "/" + name, modules + "/"])
            }
            for folder in Dom0Plan.moduleFolders where exists(plan.kernelModules + "/" + folder) {
                let parent = (modules + "/" + folder as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try run(["cp", "-a", plan.kernelModules + "/" + folder, parent + "/"])
            }
            try run(["depmod", "-b", plan.tree, plan.versions.kernelRelease])
            // xenconsoled logs each guest's console to /var/log/xen/console/guest-NAME.log.
            let defaults = plan.tree + "/etc/default/xen"
            let text = (try? String(contentsOfFile: defaults, encoding: .utf8)) ?? ""
            if !text.contains("XENCONSOLED_ARGS=\"--log=guest") {
                try touch(defaults, text + "XENCONSOLED_ARGS=\"--log=guest --log-dir=/var/log/xen/console\"\n")
            }
            try touch(plan.treeComplete, plan.versions.cacheKey + "\n")
        }
        if !exists(plan.xenELF) || !exists(plan.kernelModules + "/modules.dep") {
            try fetchKernelAndXen(plan, say: say)
        }
        say("dom0: writing the dom0 root image with builder's ext writer")
        let initPath = plan.tree + SmokeScripts.dom0InitPath
        try touch(initPath, SmokeScripts.dom0Init)
        try run(["chmod", "0755", initPath])
        let partial = image + ".partial"
        let summary = try SmokeImages.writeDom0Image(tree: plan.tree, to: partial)
        try? FileManager.default.removeItem(atPath: image)
        try FileManager.default.moveItem(atPath: partial, toPath: image)
        say("dom0: \(image): \(summary.sizeBytes >> 20) MiB, \(summary.inodesUsed) inodes")
        let busybox = "/bin/busybox"
        guard exists(busybox) else { throw SmokeError.missingTool(busybox, package: "busybox-static") }
        let bytes = try SmokeImages.dom0Initramfs(
            kernelModules: plan.kernelModules, release: plan.versions.kernelRelease, busybox: busybox)
        try Data(bytes).write(to: URL(fileURLWithPath: initramfs))
        return (image, initramfs)
    }

    /// The kernel package and the hypervisor, downloaded with apt and unpacked (not installed).
    static func fetchKernelAndXen(_ plan: Dom0Plan, say: (String) -> Void) throws {
        let download = plan.folder + "/download"
        try? FileManager.default.removeItem(atPath: download)
        try FileManager.default.createDirectory(atPath: download, withIntermediateDirectories: true)
        say(
            "dom0: downloading \(plan.versions.kernelPackage)=\(plan.versions.kernelVersion) and xen-hypervisor-4.17-amd64=\(plan.versions.xen)"
        )
        let script =
            "cd '\(download)' && apt-get download -q '\(plan.versions.kernelPackage)=\(plan.versions.kernelVersion)' 'xen-hypervisor-4.17-amd64=\(plan.versions.xen)'"
        try run(["sh", "-c", script])
        let debs = try FileManager.default.contentsOfDirectory(atPath: download)
        for (prefix, folder) in [("linux-image-", plan.kernelFolder), ("xen-hypervisor-", plan.xenFolder)] {
            guard let deb = debs.first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".deb") }) else {
                throw SmokeError.noAnswer("the downloaded \(prefix)*.deb in \(download)")
            }
            try? FileManager.default.removeItem(atPath: folder)
            try run(["dpkg-deb", "-x", download + "/" + deb, folder])
        }
        // The package ships no modules.dep (its postinst runs depmod); the initramfs needs one.
        try run(["depmod", "-b", plan.kernelFolder, plan.versions.kernelRelease])
        // QEMU's multiboot loader reads the plain ELF, not the packaged gzip.
        try run([
            "sh", "-c",
            "gzip -dc '\(plan.xenGzip)' > '\(plan.xenELF).partial' && mv '\(plan.xenELF).partial' '\(plan.xenELF)'",
        ])
        try? FileManager.default.removeItem(atPath: download)
    }

    // MARK: - The machine

    /// KVM or TCG, and why.
    static func accelerator() -> (SmokeAccelerator, String) {
        let usable = access("/dev/kvm", R_OK | W_OK) == 0
        let modules = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/module")) ?? []
        return SmokeAccelerator.choose(kvmDeviceUsable: usable, loadedModules: modules)
    }

    /// The 1-minute load average.
    static func load() -> Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return Double(text.split(separator: " ").first ?? "") ?? 0
    }

    /// Waits (up to `limit` seconds) until the 1-minute load is at most `threshold`: QEMU's
    /// emulation is CPU-bound and slows 1.5-3x beside other work.
    static func waitForQuietCPU(threshold: Double, limit: Int, say: (String) -> Void) {
        var waited = 0
        var told = false
        while load() > threshold && waited < limit {
            if !told {
                say("waiting for the machine to calm down (load \(load()) > \(threshold); up to \(limit) s)")
                told = true
            }
            sleep(10)
            waited += 10
        }
        if told { say("load \(load()) after \(waited) s; booting") }
    }

    /// Runs QEMU until dom0 says it is done (and powers off), QEMU exits, or `limit` seconds pass.
    /// Returns the serial log's text; `onProgress` sees each new progress line.
    static func boot(
        qemuArguments: [String], serialLog: String, qemuLog: String, limit: Int, onProgress: (String) -> Void
    ) throws -> String {
        try touch(serialLog)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try which("qemu-system-x86_64"))
        process.arguments = qemuArguments
        _ = FileManager.default.createFile(atPath: qemuLog, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: qemuLog))
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let start = Date()
        var doneAt: Date?
        var shown = 0
        var text = ""
        while process.isRunning {
            Thread.sleep(forTimeInterval: 1)
            text =
                (try? String(contentsOfFile: serialLog, encoding: .utf8))
                ?? String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: serialLog))) ?? Data(), as: UTF8.self)
            let scan = SmokeLog(scanning: text)
            for line in scan.progress.dropFirst(shown) { onProgress(line) }
            shown = scan.progress.count
            if scan.doneStatus != nil && doneAt == nil { doneAt = Date() }
            // dom0 powers off within a second or two of its last line; do not wait on a hang.
            if let doneAt, Date().timeIntervalSince(doneAt) > 20 { process.terminate() }
            if Date().timeIntervalSince(start) > Double(limit) {
                onProgress("no result after \(limit) s: stopping QEMU")
                process.terminate()
            }
        }
        process.waitUntilExit()
        try? out.close()
        let data = (try? Data(contentsOf: URL(fileURLWithPath: serialLog))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
