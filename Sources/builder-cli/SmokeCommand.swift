import ArgumentParser
import Builder
import Foundation

struct SmokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Boot baked guests under Xen 4.17 inside QEMU and check that each reaches a login prompt.",
        discussion: """
            Each recipe named is baked first (as 'builder bake' does; its "smoke" settings give the \
            pattern and the time limit). For each guest folder: QEMU starts Xen 4.17 with a Debian bookworm dom0 (made once and \
            cached by package versions under --cache-dir, its root image written by builder's ext \
            writer); a second disk holds the guest's folder and is mounted in dom0 where the xl \
            config says the images are; dom0 runs 'xl create' on the config as baked and reads the \
            guest's console until it matches --expect (or --fail, which ends the boot as failed at \
            once). Uses KVM when /dev/kvm can run Xen, else TCG \
            emulation. Needs root (debootstrap, chroot), qemu-system-x86 and busybox-static. Exit \
            codes: 0 every guest passed, 1 one failed (the console's end and dom0's logs are \
            printed), 2 a usage error.
            """
    )

    @Argument(
        help: "Baked guests' output folders (each holds <name>.xl.cfg and the images), or recipe files: each recipe's guests are baked first, as 'builder bake' does, then booted."
    )
    var guests: [String]

    @Option(
        help: "What the guest's console must show, an extended regular expression (grep -E). Default: the recipe's smoke.expect, else 'login:'."
    )
    var expect: String?

    @Option(
        help: "What ends the boot at once as failed when the console shows it (grep -E; '' for nothing). Default: the recipe's smoke.fail, else kernel panics and emergency shells."
    )
    var fail: String?

    @Option(help: "Seconds from 'xl create' until the console must show it. Default: the recipe's smoke.timeout, else 300.")
    var timeout: Int?

    @Option(help: "Bake recipes into this folder instead of their output.dir.")
    var out: String?

    @Option(name: .customLong("cache-dir"), help: "Where the dom0 is made and kept.")
    var cacheDir = ".cache/smoke"

    @Option(
        name: .customLong("max-load"),
        help: "Wait (up to 10 minutes) until the 1-minute load is at most this before each boot.")
    var maxLoad: Double = 2

    @Flag(help: "Keep each run's folder (serial log, guest disk) even when the guest passes.")
    var keep = false

    func validate() throws {
        if let expect, let problem = Recipe.Smoke.patternProblem(expect, mayBeEmpty: false) {
            throw ValidationError(SmokeError.badPattern(option: "--expect", expect, problem).description)
        }
        if let fail, let problem = Recipe.Smoke.patternProblem(fail, mayBeEmpty: true) {
            throw ValidationError(SmokeError.badPattern(option: "--fail", fail, problem).description)
        }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        for argument in guests where !FileManager.default.fileExists(atPath: argument) {
            throw ValidationError("'\(argument)' does not exist; give a guest folder 'builder bake' wrote or a recipe file")
        }
    }

    /// One guest to boot: its folder and what its console must show.
    struct Target {
        var folder: String
        var smoke: Recipe.Smoke
    }

    func run() throws {
        let clock = Date()
        var failed: [String] = []
        var count = 0
        do {
            // Before any bake: a host without QEMU or busybox learns it at once, not after the bakes.
            try SmokeHost.checkRequirements()
            let (folders, recipes) = sortArguments()
            var targets = folders.map { Target(folder: $0, smoke: settings(Recipe.Smoke())) }
            if !recipes.isEmpty {
                let (baked, notBaked) = try bake(recipes)
                targets += baked
                failed += notBaked
            }
            count = targets.count + failed.count
            if !targets.isEmpty { failed += try boot(targets) }
        } catch let e as ExitCode {
            throw e
        } catch {
            Terminal.error("smoke: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        let total = Int(Date().timeIntervalSince(clock))
        if !failed.isEmpty {
            Terminal.output("smoke: \(failed.count) of \(count) failed: \(failed.joined(separator: ", ")) (\(total) s)")
            throw ExitCode(ExitStatus.failed)
        }
        Terminal.output("smoke: \(count) of \(count) passed (\(total) s)")
    }

    /// The command line's settings over `base` (a recipe's, or the defaults).
    private func settings(_ base: Recipe.Smoke) -> Recipe.Smoke {
        var s = base
        if let expect { s.expect = expect }
        if let fail { s.fail = fail }
        if let timeout { s.timeout = timeout }
        return s
    }

    /// Folders (guests already baked) and files (recipes), each in the order given.
    private func sortArguments() -> (folders: [String], recipes: [String]) {
        var folders: [String] = []
        var recipes: [String] = []
        for argument in guests {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder)
            if isFolder.boolValue { folders.append(argument) } else { recipes.append(argument) }
        }
        return (folders, recipes)
    }

    /// Bakes the recipes' guests (plain progress lines); the folders of those baked, with each
    /// recipe's smoke settings, and the names of those that failed. A recipe error stops all (2).
    private func bake(_ recipes: [String]) throws -> (targets: [Target], failed: [String]) {
        let environment = ProcessInfo.processInfo.environment
        let renderer = OutputMode.plain.renderer(environment: environment)
        guard let loaded = RecipeFiles.load(recipes, out: out, reportingTo: renderer) else {
            renderer.finish([], exitCode: ExitStatus.usage)
            throw ExitCode(ExitStatus.usage)
        }
        let options = Batch.Options(jobs: 1, outOverride: out, environment: environment, verifyReproducible: false)
        let outcomes = Batch.run(loaded, options: options) { renderer.render($0) }
        let exitCode = BatchSummary.exitCode(of: outcomes)
        renderer.finish(outcomes, exitCode: exitCode)
        if exitCode == ExitStatus.usage { throw ExitCode(ExitStatus.usage) }
        var targets: [Target] = []
        var failed: [String] = []
        for (recipe, outcome) in zip(loaded, outcomes) {
            switch outcome.result {
            case .success(let result): targets.append(Target(folder: result.folder, smoke: settings(recipe.smoke)))
            case .failure: failed.append(recipe.name + " (not baked)")
            }
        }
        return (targets, failed)
    }

    /// Boots every target, one QEMU at a time; the folders that failed.
    private func boot(_ targets: [Target]) throws -> [String] {
        let cache = URL(fileURLWithPath: cacheDir).standardizedFileURL.path
        let plan = Dom0Plan(versions: try SmokeHost.versions(), cacheRoot: cache)
        let (accelerator, why) = SmokeHost.accelerator()
        Terminal.progress(
            "smoke: Xen \(plan.versions.xen), dom0 kernel \(plan.versions.kernelRelease); QEMU uses \(accelerator.name) (\(why))"
        )
        let clock = Date()
        let dom0 = try SmokeHost.prepareDom0(plan) { Terminal.progress("smoke: " + $0) }
        Terminal.progress("smoke: dom0 ready after \(Int(Date().timeIntervalSince(clock))) s")
        var failed: [String] = []
        for target in targets where try !smoke(target, plan: plan, dom0: dom0, accelerator: accelerator) {
            failed.append(target.folder)
        }
        return failed
    }

    /// One guest's boot; true when it passed.
    private func smoke(
        _ target: Target, plan: Dom0Plan, dom0: (image: String, initramfs: String), accelerator: SmokeAccelerator
    ) throws -> Bool {
        let folder = target.folder
        let (expect, timeout) = (target.smoke.expect, target.smoke.timeout)
        let guestFolder = URL(fileURLWithPath: folder).standardizedFileURL.path
        let configs = ((try? FileManager.default.contentsOfDirectory(atPath: guestFolder)) ?? []).filter {
            $0.hasSuffix(".xl.cfg")
        }
        guard configs.count == 1, let configFile = configs.first else {
            throw SmokeError.notAGuestFolder(
                folder, reason: configs.isEmpty ? "it holds no *.xl.cfg" : "it holds several *.xl.cfg")
        }
        let configText = try String(contentsOfFile: guestFolder + "/" + configFile, encoding: .utf8)
        let guest = try SmokeGuest.parse(xlConfig: configText, file: configFile)
        let runFolder = plan.cacheRoot + "/runs/\(guest.name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: runFolder)
        try FileManager.default.createDirectory(atPath: runFolder, withIntermediateDirectories: true)
        let guestDisk = runFolder + "/guest.img"
        let environment = SmokeScripts.environment(
            guest: guest.name, config: guest.configInDom0, imageDir: guest.imageDir, timeoutSeconds: timeout,
            consoleLines: 300)
        _ = try SmokeImages.writeGuestDisk(
            guestFolder: guestFolder, name: guest.name, environment: environment, expect: expect,
            fail: target.smoke.fail, to: guestDisk)
        SmokeHost.waitForQuietCPU(threshold: maxLoad, limit: 600) { Terminal.progress("smoke: \(guest.name): " + $0) }
        let arguments = try plan.qemuArguments(
            accelerator: accelerator, dom0Image: dom0.image, dom0Initramfs: dom0.initramfs, guestDisk: guestDisk,
            serialLog: runFolder + "/serial.log")
        Terminal.progress(
            "smoke: \(guest.name): booting Xen and dom0 in QEMU (\(accelerator.name)); serial log \(runFolder)/serial.log"
        )
        let start = Date()
        // dom0's own boot takes 1-3 minutes under emulation, on top of the guest's time limit.
        let text = try SmokeHost.boot(
            qemuArguments: arguments, serialLog: runFolder + "/serial.log", qemuLog: runFolder + "/qemu.log",
            limit: timeout + 900
        ) { line in Terminal.progress("smoke: \(guest.name): +\(Int(Date().timeIntervalSince(start))) s \(line)") }
        let log = SmokeLog(scanning: text)
        let seconds = Int(Date().timeIntervalSince(start))
        if let result = log.result, result.status == .pass {
            Terminal.output(
                "smoke: \(guest.name): PASS, the console matched '\(expect)' \(result.seconds) s after xl create (\(seconds) s in QEMU)"
            )
            if !keep { try? FileManager.default.removeItem(atPath: runFolder) }
            return true
        }
        let why = log.result.map { result in
            result.status == .failPattern
                ? "the console showed the fail pattern '\(target.smoke.fail)' \(result.seconds) s after xl create"
                : "\(result.statusText) after \(result.seconds) s"
        } ?? "no result from dom0"
        Terminal.output("smoke: \(guest.name): FAIL (\(why); \(seconds) s in QEMU); files in \(runFolder)")
        let console = SmokeLog.readable(log.console).suffix(40)
        Terminal.output("--- the guest's console (last \(console.count) lines) ---")
        for line in console { Terminal.output(line) }
        if !log.dom0Logs.isEmpty {
            Terminal.output("--- dom0's logs ---")
            for line in log.dom0Logs { Terminal.output(line) }
        }
        Terminal.output("--- Xen and dom0 (last 30 lines of the serial log) ---")
        for line in log.xenAndDom0Tail(30) { Terminal.output(line) }
        return false
    }
}
