import ArgumentParser
import Builder

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a folder of an ext2/ext3 image like 'ls -l', or print a file's bytes.",
        discussion: "Symlinks are shown, not followed. Times are UTC."
    )

    @Argument(help: "The image file.")
    var image: String

    @Argument(help: "A path inside the image.")
    var path: String = "/"

    func run() throws {
        do {
            switch try Inspect.look(image: image, path: path) {
            case .listing(let lines):
                for line in lines { Terminal.output(line) }
            case .file(let img, let inode):
                try img.stream(inode) { try Terminal.output(bytes: $0) }
            }
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}
