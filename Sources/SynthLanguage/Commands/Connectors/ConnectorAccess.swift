import Foundation
import SynthConnectors
import SynthJobs

/// Opens the connectors stored in the job store for commands, with their errors as
/// located language errors (never showing a secret: connector errors never hold one).
enum ConnectorAccess {
    /// The stored connector `name`, opened.
    static func open(_ name: String, _ context: CommandContext, at argument: String) throws -> any Connector {
        let (store, _) = try context.jobs.storeAndRunner()
        do {
            let record = try store.connector(named: name)
            return try ConnectorKinds.open(try ConnectorConfiguration.stored(name: record.name, kind: record.kind, optionsJSON: record.optionsJSON))
        } catch let error as JobStoreError {
            throw context.error(error.description, at: argument)
        } catch let error as ConnectorError {
            throw context.error(error.description, at: argument)
        }
    }

    /// Runs `body`, turning a connector error into a language error at `argument`.
    static func run<T>(_ context: CommandContext, at argument: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConnectorError {
            throw context.error(error.description, at: argument)
        } catch let error as JobStoreError {
            throw context.error(error.description, at: argument)
        }
    }

    /// `pg` → ("pg", nil); `pg.flights` → ("pg", "flights").
    static func split(_ reference: String) -> (connector: String, place: String?) {
        guard let dot = reference.firstIndex(of: ".") else { return (reference, nil) }
        return (String(reference[..<dot]), String(reference[reference.index(after: dot)...]))
    }
}
