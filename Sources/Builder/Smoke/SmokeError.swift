/// What can stop `builder smoke` before or around the boot (a guest that fails to boot is a
/// result, not an error).
public enum SmokeError: Error, Equatable, CustomStringConvertible {
    case commaInPath(String)
    case notAGuestFolder(String, reason: String)
    case badPattern(option: String, String, String)
    case missingTool(String, package: String)
    case missingPackages([String])
    case commandFailed(command: String, status: Int32, output: String)
    case noAnswer(String)

    public var description: String {
        switch self {
        case .commaInPath(let p):
            return
                "the path '\(p)' holds a comma, which QEMU's -drive and -initrd options cannot take; move it or run builder from another folder"
        case .notAGuestFolder(let p, let reason):
            return
                "'\(p)' is not a baked guest's folder: \(reason); give the folder 'builder bake' wrote (it holds <name>.xl.cfg and the images)"
        case .badPattern(let option, let p, let problem):
            return "the \(option) pattern '\(p)': \(problem) (grep -E)"
        case .missingTool(let tool, let package):
            return "'\(tool)' is not installed; install the Debian package \(package) (./build.sh installs it)"
        case .missingPackages(let packages):
            return
                "builder smoke needs these Debian packages, which are not installed: \(packages.joined(separator: " ")); install them with 'apt-get install \(packages.joined(separator: " "))' (as root), or run ./build.sh test, which installs them"
        case .commandFailed(let command, let status, let output):
            let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(
                separator: "\n")
            return "'\(command)' failed (exit status \(status)):\n\(tail)"
        case .noAnswer(let what):
            return "cannot find \(what); check the host's apt sources (apt-get update) and the network"
        }
    }
}
