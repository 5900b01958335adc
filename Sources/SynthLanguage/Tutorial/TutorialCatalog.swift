import Foundation
import SynthData

/// The built-in tutorials, on the bundled penguins table (344 rows × 8 columns).
public enum TutorialCatalog {
    /// All tutorials, in the order to take them.
    public static let all: [Tutorial] = [firstSteps, training, qa, generating]

    /// The tutorial called `name`.
    public static func tutorial(named name: String) -> Tutorial? { all.first { $0.name == name } }

    /// Rows and columns of the bundled penguins table.
    static let penguinsRows = 344
    static let penguinsColumns = 8

    // MARK: Steps several tutorials share

    static let loadStep = TutorialStep(
        title: "Load the table",
        text: """
        synth works on tables. `load` reads a CSV (or Parquet) file, infers each column's type \
        and binds the table to a name with `as`. The tutorial uses a copy of the Palmer penguins \
        table that comes with synth.
        """,
        code: "load {data} as penguins",
        expectation: "a line saying `penguins` has 344 rows and 8 columns.",
        check: { context in
            guard let table = context.table("penguins") else { return "no table called `penguins` was bound" }
            guard table.rowCount == penguinsRows, table.columnCount == penguinsColumns else {
                return "`penguins` has \(table.rowCount) rows × \(table.columnCount) columns, not 344 × 8"
            }
            return nil
        })

    /// Training settings every tutorial uses, so the later tutorials reuse the training
    /// tutorial's finished job instead of training again.
    static let trainCode = "train penguins epochs=5 seed=1 as model"

    static let trainStep = TutorialStep(
        title: "Train a generator",
        text: """
        `train` starts a job in the background: it analyses the table, encodes each column, \
        trains a generative model, generates synthetic rows and scores them in a QA report. \
        `epochs=5` keeps it short; `seed=1` makes it repeatable, and a finished job with the same \
        data and settings is reused instead of trained again.
        """,
        code: trainCode,
        expectation: "`started job N (model)`, or `reusing job N` when an earlier run trained it.",
        check: { context in
            guard case .string(let id)? = context.session.value(named: "model") else { return "`model` holds no job" }
            guard let status = context.jobStatus(id) else { return "job \(id) is not in the job store" }
            return status == "failed" || status == "canceled" ? "job \(id) is \(status)" : nil
        })

    static let watchStep = TutorialStep(
        title: "Watch the job",
        text: """
        `watch` follows a job live: each task as it starts and ends, a progress bar for training \
        with the validation loss of every epoch, and at the end the QA summary. Ctrl-C leaves the \
        view; the job keeps running.
        """,
        code: "watch model",
        expectation: "the tasks finishing one by one, then the accuracy and the privacy verdicts.",
        check: { context in
            guard case .string(let id)? = context.session.value(named: "model") else { return "`model` holds no job" }
            let status = context.jobStatus(id) ?? "unknown"
            return status == "finished" ? nil : "job \(id) is \(status), not finished"
        })

    // MARK: Tutorials

    static let firstSteps = Tutorial(
        name: "basics", title: "First steps",
        summary: "Load a table, look at it, summarise and count; see how synth will encode each column.",
        steps: [
            loadStep,
            TutorialStep(
                title: "Look at the first rows",
                text: "`show TABLE N` prints the first N rows. Missing values print as `null`.",
                code: "show penguins 5",
                expectation: "a table of 5 rows with the columns species, island, bill_length_mm … year.",
                check: { context in
                    guard let table = context.result?.table else { return "the step showed no table" }
                    return table.rowCount == 5 ? nil : "the table has \(table.rowCount) rows, not 5"
                }),
            TutorialStep(
                title: "Summarise every column",
                text: """
                `describe` gives one row per column: its type, how many values are missing or unique, \
                the range of numbers and the most frequent categories.
                """,
                code: "describe penguins",
                expectation: "8 rows, one per column; bill_length_mm has 2 nulls and sex 11.",
                check: { context in
                    guard let table = context.result?.table else { return "the step showed no table" }
                    return table.rowCount == penguinsColumns ? nil : "the summary has \(table.rowCount) rows, not 8"
                }),
            TutorialStep(
                title: "Count with a condition",
                text: """
                A condition selects rows: `==` compares, `and`/`or` combine, `is null` finds gaps. \
                `count` counts the rows where it holds; `filter` would return them.
                """,
                code: "count penguins species == \"Gentoo\"",
                expectation: "124 Gentoo penguins.",
                check: { context in
                    guard case .integer(let count)? = context.result else { return "the step gave no count" }
                    return count == 124 ? nil : "counted \(count), not 124"
                }),
            TutorialStep(
                title: "Columns and encodings",
                text: """
                Before training, synth encodes every column: categories as codes, numbers as binned \
                or digit-wise codes, datetimes as parts. `columns` shows the encoding each column gets \
                and which values value protection hides (rare categories, extremes). `encode` would \
                change one.
                """,
                code: "columns penguins",
                expectation: "8 columns; species, island and sex categorical, the measurements numeric.",
                check: { context in
                    guard let table = context.result?.table else { return "the step showed no table" }
                    guard table.rowCount == penguinsColumns else { return "\(table.rowCount) columns listed, not 8" }
                    guard let column = table.columnIndex(named: "encoding"), table.columns[column].values.count == penguinsColumns else {
                        return "the listing has no encoding column"
                    }
                    return nil
                }),
        ])

    static let training = Tutorial(
        name: "training", title: "Training and watching a job",
        summary: "Train a generator on the penguins and follow the job live.",
        steps: [
            loadStep, trainStep, watchStep,
            TutorialStep(
                title: "Look at the job",
                text: """
                `job` shows what a job did: its tasks, the training it resolved (epochs, batch size, \
                model size) and its settings. `jobs` lists all jobs; `logs` shows a job's log.
                """,
                code: "job model",
                expectation: "the job's tasks all finished, and its training settings.",
                check: { context in
                    guard case .string(let id)? = context.session.value(named: "model") else { return "`model` holds no job" }
                    return context.jobStatus(id) == "finished" ? nil : "job \(id) has not finished"
                }),
        ])

    static let qa = Tutorial(
        name: "qa", title: "Reading the QA report",
        summary: "How close the synthetic penguins are to the real ones, and whether they leak any.",
        steps: [
            loadStep, trainStep,
            TutorialStep(
                title: "The QA report",
                text: """
                Every job scores its synthetic rows against the training rows and a holdout the model \
                never saw. Accuracy compares the distributions of each column (univariate) and of each \
                pair (bivariate), up to the maximum the sampling noise allows. Privacy checks that \
                synthetic rows are no closer to training rows than to holdout rows (DCR), with a \
                PASS, FAIL or INCONCLUSIVE verdict. `qa` waits for the job if it is still running.
                """,
                code: "qa model worst=3",
                expectation: "the overall accuracy (a share, higher is better), the three least accurate columns and the privacy verdicts.",
                check: { context in
                    guard case .number(let accuracy)? = context.result else { return "the step gave no accuracy" }
                    guard accuracy > 0, accuracy <= 1 else { return "accuracy \(accuracy) is outside 0…1" }
                    return accuracy >= 0.5 ? nil : "accuracy \(accuracy) is low: train with more epochs (`epochs=`)"
                }),
            TutorialStep(
                title: "One column",
                text: """
                `column=` shows one column's histogram: the real (training) distribution beside the \
                synthetic one. Categories too rare to name safely are grouped, so the report never \
                shows a value of a single person.
                """,
                code: "qa model column=species",
                expectation: "three species, with similar shares in both distributions.",
                check: { context in
                    guard case .number(let accuracy)? = context.result else { return "the step gave no accuracy" }
                    return accuracy > 0 ? nil : "the report is empty"
                }),
            TutorialStep(
                title: "The full report as HTML",
                text: """
                `report` writes the whole report as one HTML file with charts, to open in a browser. \
                (The tutorial keeps its files in its own folder.)
                """,
                code: "report model to=\"{folder}/penguins-qa.html\" replace=true",
                expectation: "a line saying where the HTML report was written.",
                check: { context in
                    let path = context.files.folder + "/penguins-qa.html"
                    guard let data = FileManager.default.contents(atPath: path) else { return "no report at \(path)" }
                    return String(decoding: data.prefix(512), as: UTF8.self).lowercased().contains("<html")
                        ? nil : "\(path) is not an HTML file"
                }),
        ])

    static let generating = Tutorial(
        name: "generating", title: "Generating more, with a seed, and filling gaps",
        summary: "Generate as many rows as you need, repeatably, and impute missing values.",
        steps: [
            loadStep, trainStep,
            TutorialStep(
                title: "Generate more rows",
                text: """
                A trained model generates any number of new rows. `generate` starts a small job from \
                the training job; the same `seed=` gives the same rows again.
                """,
                code: "generate model rows=200 seed=7 as more",
                expectation: "`started job N (generate …)`, or `reusing job N` when an earlier run generated it.",
                check: { context in
                    guard case .string(let id)? = context.session.value(named: "more") else { return "`more` holds no job" }
                    let status = context.jobStatus(id) ?? "unknown"
                    return status == "failed" || status == "canceled" ? "job \(id) is \(status)" : nil
                }),
            TutorialStep(
                title: "Download and load them",
                text: """
                `download` saves a job's synthetic rows as CSV or Parquet (it waits for the job). Loading \
                the file back shows they are an ordinary table.
                """,
                code: "download more to=\"{folder}/more.csv\" replace=true\nload \"{folder}/more.csv\" as synthetic",
                expectation: "`synthetic` has 200 rows and the same 8 columns as `penguins`.",
                check: { context in
                    guard let table = context.table("synthetic") else { return "no table `synthetic`" }
                    guard table.rowCount == 200 else { return "`synthetic` has \(table.rowCount) rows, not 200" }
                    let names = context.table("penguins")?.columns.map(\.name)
                    return table.columns.map(\.name) == names ? nil : "the columns differ from the penguins' columns"
                }),
            TutorialStep(
                title: "Fill missing values",
                text: """
                `impute` keeps every value of a table and fills only its nulls, each drawn by the model \
                given the rest of its row. Here: the 11 penguins whose sex is missing.
                """,
                code: """
                filter penguins sex is null as gaps
                impute model table=gaps seed=2 as filled
                download filled to="{folder}/filled.csv" replace=true
                load "{folder}/filled.csv" as filled_rows
                count filled_rows sex is null
                """,
                expectation: "0: no penguin of the 11 is left without a sex.",
                check: { context in
                    guard let gaps = context.table("gaps"), gaps.rowCount == 11 else { return "expected 11 penguins without sex" }
                    guard case .integer(let left)? = context.result else { return "the step gave no count" }
                    return left == 0 ? nil : "\(left) rows still have no sex"
                }),
        ])
}
