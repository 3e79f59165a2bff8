import ArgumentParser
import Builder
import Foundation

struct SmokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Boot baked guests under Xen 4.17 inside QEMU and check that each reaches a login prompt.",
        discussion: """
            For each guest folder: QEMU starts Xen 4.17 with a Debian bookworm dom0 (made once and \
            cached by package versions under --cache-dir, its root image written by builder's ext \
            writer); a second disk holds the guest's folder and is mounted in dom0 where the xl \
            config says the images are; dom0 runs 'xl create' on the config as baked and reads the \
            guest's console until it matches --expect. Uses KVM when /dev/kvm can run Xen, else TCG \
            emulation. Needs root (debootstrap, chroot), qemu-system-x86 and busybox-static. Exit \
            codes: 0 every guest passed, 1 one failed (the console's end and dom0's logs are \
            printed), 2 a usage error.
            """
    )

    @Argument(help: "Baked guests' output folders (each holds <name>.xl.cfg and the images).")
    var guests: [String]

    @Option(help: "What the guest's console must show, an extended regular expression (grep -E).")
    var expect = "login:"

    @Option(help: "Seconds from 'xl create' until the console must show it.")
    var timeout = 300

    @Option(name: .customLong("cache-dir"), help: "Where the dom0 is made and kept.")
    var cacheDir = ".cache/smoke"

    @Option(
        name: .customLong("max-load"),
        help: "Wait (up to 10 minutes) until the 1-minute load is at most this before each boot.")
    var maxLoad: Double = 2

    @Flag(help: "Keep each run's folder (serial log, guest disk) even when the guest passes.")
    var keep = false

    func validate() throws {
        if expect.isEmpty || expect.contains("\n") { throw ValidationError(SmokeError.badPattern(expect).description) }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() throws {
        let clock = Date()
        do {
            let cache = URL(fileURLWithPath: cacheDir).standardizedFileURL.path
            let plan = Dom0Plan(versions: try SmokeHost.versions(), cacheRoot: cache)
            let (accelerator, why) = SmokeHost.accelerator()
            Terminal.progress(
                "smoke: Xen \(plan.versions.xen), dom0 kernel \(plan.versions.kernelRelease); QEMU uses \(accelerator.name) (\(why))"
            )
            let dom0 = try SmokeHost.prepareDom0(plan) { Terminal.progress("smoke: " + $0) }
            Terminal.progress("smoke: dom0 ready after \(Int(Date().timeIntervalSince(clock))) s")
            var failed: [String] = []
            for folder in guests {
                if try !smoke(folder, plan: plan, dom0: dom0, accelerator: accelerator) { failed.append(folder) }
            }
            let total = Int(Date().timeIntervalSince(clock))
            if !failed.isEmpty {
                Terminal.output(
                    "smoke: \(failed.count) of \(guests.count) failed: \(failed.joined(separator: ", ")) (\(total) s)")
                throw ExitCode(ExitStatus.failed)
            }
            Terminal.output("smoke: \(guests.count) of \(guests.count) passed (\(total) s)")
        } catch let e as ExitCode {
            throw e
        } catch {
            Terminal.error("smoke: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }

    /// One guest's boot; true when it passed.
    private func smoke(
        _ folder: String, plan: Dom0Plan, dom0: (image: String, initramfs: String), accelerator: SmokeAccelerator
    ) throws -> Bool {
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
            consoleLines: 40)
        _ = try SmokeImages.writeGuestDisk(
            guestFolder: guestFolder, name: guest.name, environment: environment, expect: expect, to: guestDisk)
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
        let why = log.result.map { "\($0.statusText) after \($0.seconds) s" } ?? "no result from dom0"
        Terminal.output("smoke: \(guest.name): FAIL (\(why); \(seconds) s in QEMU); files in \(runFolder)")
        Terminal.output("--- the guest's console (last \(log.console.count) lines) ---")
        for line in log.console { Terminal.output(line) }
        if !log.dom0Logs.isEmpty {
            Terminal.output("--- dom0's logs ---")
            for line in log.dom0Logs { Terminal.output(line) }
        }
        Terminal.output("--- Xen and dom0 (last 30 lines of the serial log) ---")
        for line in log.xenAndDom0Tail(30) { Terminal.output(line) }
        return false
    }
}
