import Builder
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP (Ctrl-C, a CI job cancelled, a closed terminal): builder removes
/// the work folders and spools it is filling, so nothing partial stays in the output, then exits
/// with 128 + the signal's number, as a shell reports a killed command.
enum Interrupts {
    /// The signal sources; kept for the process's life.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Taken, and never given back, by whoever ends the process first: the signal handler, or the
    /// main thread on its way out. Removing the unfinished output makes the bake fail; without this
    /// the main thread could report that failure and exit 1 before the handler exits 128 + signal.
    private static let ending = NSLock()

    /// Called just before the process exits normally.
    static func beforeExit() {
        ending.lock()
    }

    static func install() {
        let queue = DispatchQueue(label: "builder.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // The source replaces the default action, which would kill builder on the spot.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { stop(sig) }
            source.resume()
            sources.append(source)
        }
    }

    private static func stop(_ sig: Int32) -> Never {
        ending.lock()
        let left = WorkInProgress.removeAll()
        Terminal.line("builder: interrupted (signal \(sig)); unfinished output removed")
        for path in left { Terminal.line("builder: could not remove '\(path)'; remove it by hand") }
        _exit(128 + sig)
    }
}
